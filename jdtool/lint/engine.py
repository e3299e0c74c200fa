"""Run the enabled rules over parsed documents and collect findings, honouring suppressions.

Documents are loaded once with ``jdtool.core.packs``; each gets its prose view (``text.build``),
then every enabled rule's check runs over it. ``<!-- jdtool-disable ID -->`` ...
``<!-- jdtool-enable ID -->`` and ``<!-- jdtool-disable-next-line ID -->`` silence findings;
a comment without ids silences every rule.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jdtool.core.model import Document, Pack
from jdtool.core.problems import Problem, Severity
from jdtool.lint.config import LintConfig, Settings
from jdtool.lint.prose import LintDocument, build
from jdtool.lint.rules import CHECKS, Finding, Hit, Rule, at_least, load_rules

_DIRECTIVE = re.compile(
    r"<!--\s*jdtool-(disable-next-line|disable-line|disable|enable)\b(.*?)-->", re.S)


@dataclass(slots=True)
class LintResult:
    findings: list[Finding]
    documents: int
    problems: list[Problem] = field(default_factory=list)
    """Files that could not be read or parsed: reported, and counted as errors."""
    sources: dict[Path, str] = field(default_factory=dict, repr=False)
    """The text each finding's offsets refer to, for ``--fix``."""

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings) + (
            len(self.problems) if severity is Severity.ERROR else 0)

    def fails(self, level: Severity) -> bool:
        return bool(self.problems) or any(at_least(f.severity, level) for f in self.findings)

    def summary(self) -> str:
        counts = ", ".join(f"{self.count(s)} {s}s" for s in Severity)
        return f"{self.documents} documents linted: {counts}"


def lint_paths(paths: Iterable[Path], config: LintConfig | None = None,
               lines: dict[Path, set[int]] | None = None, jobs: int | None = None,
               keep_sources: bool = True) -> LintResult:
    """Lint every document under ``paths`` (files or folders).

    A large tree is split between worker processes (``jobs``, default: one per core) by its
    top-level entries, each loaded and linted whole, so packs are never split.
    """
    config = config or LintConfig()
    units = _units(list(paths))
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
    if workers < 2 or len(units) < _PARALLEL_FROM:
        return _lint_unit(units, config, lines)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [units[index::workers] for index in range(workers)]
    context = multiprocessing.get_context("fork")
    # Frozen objects are left alone by the workers' garbage collector, so the pages they
    # share with this process are not copied one by one.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            parts = list(pool.map(_lint_unit, chunks, [config] * workers, [lines] * workers,
                                  [keep_sources] * workers))
    finally:
        gc.unfreeze()
    result = LintResult([], 0)
    for part in parts:
        result.findings.extend(part.findings)
        result.documents += part.documents
        result.problems.extend(part.problems)
        result.sources.update(part.sources)
    result.findings.sort(key=lambda f: (str(f.path), f.line, f.column, f.rule))
    return result


_PARALLEL_FROM = 64
"""Top-level entries from which splitting the work between processes pays for itself."""


def _units(paths: list[Path]) -> list[Path]:
    """The paths as independent pieces of work: a folder that is not itself a pack is
    replaced by its entries, which ``load_packs`` treats exactly as it would inside it."""
    from jdtool.core.files import link_leaves, path_kind
    from jdtool.core.packs import DOCUMENT_FILES

    units: list[Path] = []
    for path in paths:
        if path_kind(path) != "folder" or any((path / name).is_file() for name in DOCUMENT_FILES):
            units.append(path)
            continue
        for entry in sorted(path.iterdir()):
            if entry.name.startswith((".", "_")) or link_leaves(entry, path):
                continue  # load_packs would follow a link given to it by name
            if entry.is_dir() or (entry.suffix == ".md" and
                                  entry.name.lower() not in ("readme.md", "changelog.md")):
                units.append(entry)
    return units


def _lint_unit(paths: list[Path], config: LintConfig, lines: dict[Path, set[int]] | None,
               keep_sources: bool = True) -> LintResult:
    from jdtool.core.packs import load_packs

    packs, problems = load_packs(paths)
    result = lint_documents(packs, config, lines)
    result.problems = problems + result.problems
    if not keep_sources:
        result.sources = {}  # only --fix needs them; a worker would send them all back
    return result


def lint_for_publishing(paths: Iterable[Path], config: LintConfig, *,
                        drafts: bool = False) -> LintResult:
    """Lint what a build publishes: approved and published documents (with ``drafts``, all)."""
    from jdtool.core.packs import load_packs
    from jdtool.core.schema import Status

    packs, _ = load_packs(paths)
    if not drafts:
        shown = {Status.APPROVED, Status.PUBLISHED}
        packs = [Pack(pack.slug, pack.path,
                      [d for d in pack.documents if d.meta and d.meta.status in shown],
                      pack.pack if pack.pack and pack.pack.meta and
                      pack.pack.meta.status in shown else None)
                 for pack in packs]
    return lint_documents(packs, config)


def lint_documents(packs: Iterable[Pack], config: LintConfig,
                   lines: dict[Path, set[int]] | None = None) -> LintResult:
    """Lint loaded packs; with ``lines``, keep only findings on those lines of those files."""
    rules = load_rules()
    findings: list[Finding] = []
    problems: list[Problem] = []
    documents = 0
    sources: dict[Path, str] = {}
    for pack in packs:
        problems.extend(p for p in pack.problems if p.severity is Severity.ERROR)
        for document in pack.all_documents():
            documents += 1
            if document.own is None:
                problems.extend(p for p in document.problems if p.severity is Severity.ERROR)
                continue
            sources[document.path] = document.source
            wanted = None if lines is None else lines.get(document.path, set())
            findings.extend(lint_document(document, pack, config.for_path(document.path),
                                          rules, wanted))
    findings.sort(key=lambda f: (str(f.path), f.line, f.column, f.rule))
    return LintResult(findings, documents, problems, sources)


def lint_document(document: Document, pack: Pack | None, settings: Settings,
                  rules: dict[str, Rule] | None = None,
                  lines: set[int] | None = None) -> list[Finding]:
    """Every finding of the enabled rules in one document."""
    rules = rules or load_rules()
    lint = build(document, pack)
    silenced = Suppressions.parse(document.source)
    accepted = settings.accept
    findings = []
    for rule in rules.values():
        if not settings.is_enabled(rule):
            continue
        severity = settings.severity_of(rule)
        for hit in CHECKS[rule.id](lint, settings):
            if hit.matched and hit.matched.lower() in accepted:
                continue
            finding = _finding(rule, severity, hit, lint)
            if silenced.covers(rule.id, finding.line):
                continue
            if lines is not None and (hit.start is None or finding.line not in lines):
                continue
            findings.append(finding)
    return findings


def _finding(rule: Rule, severity: Severity, hit: Hit, lint: LintDocument) -> Finding:
    if hit.start is None:
        line = hit.line or 1
        return Finding(rule.id, severity, lint.document.path, line, 1, hit.message,
                       suggestion=hit.suggestion, matched=hit.matched, edit=hit.edit)
    start = lint.source_offset(hit.start)
    end = lint.source_offset(max(hit.start, (hit.end or hit.start) - 1)) + 1
    line, column = lint.position(start)
    end_line, end_column = lint.position(end)
    segment = lint.segment_at(hit.start)
    section = segment.section.heading if segment is not None else ""
    return Finding(rule.id, severity, lint.document.path, line, column, hit.message,
                   section=section, suggestion=hit.suggestion, matched=hit.matched,
                   end_line=end_line, end_column=end_column, edit=hit.edit)


@dataclass(slots=True)
class Suppressions:
    """Line ranges where rules are silenced by ``jdtool-disable`` comments."""

    ranges: list[tuple[int, int, frozenset[str] | None]] = field(default_factory=list)

    def covers(self, rule: str, line: int) -> bool:
        return any(first <= line <= last and (codes is None or rule in codes)
                   for first, last, codes in self.ranges)

    @classmethod
    def parse(cls, source: str) -> Suppressions:
        suppressions = cls()
        if "jdtool-" not in source:
            return suppressions
        lines = source.split("\n")
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        open_ranges: dict[str | None, int] = {}
        end = len(lines)
        for match in _DIRECTIVE.finditer(source):
            action = match[1]
            codes = frozenset(re.findall(r"[A-Za-z]+\d+|[a-z][a-z-]+", match[2])) or None
            first = _line_of(starts, match.start())
            last = _line_of(starts, match.end())
            if action == "disable-line":
                suppressions.ranges.append((first, last, codes))
            elif action == "disable-next-line":
                following = next((n for n in range(last + 1, end + 1)
                                  if lines[n - 1].strip()), last + 1)
                suppressions.ranges.append((following, following, codes))
            elif action == "disable":
                for code in codes or {None}:
                    open_ranges.setdefault(code, first)
            else:
                for code in list(open_ranges) if codes is None else codes:
                    if code in open_ranges:
                        begin = open_ranges.pop(code)
                        suppressions.ranges.append(
                            (begin, last, None if code is None else frozenset({code})))
        for code, begin in open_ranges.items():
            suppressions.ranges.append((begin, end, None if code is None else frozenset({code})))
        return suppressions


def _line_of(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return bisect_right(starts, offset)
