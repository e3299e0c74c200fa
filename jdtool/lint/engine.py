"""Run the enabled rules over parsed documents and collect findings, honouring suppressions.

Documents are loaded once with ``jdtool.core.packs``; each gets its prose view
(``prose.build``), then every enabled rule's check runs over it. The rules are the engine's
own ``RULES`` (``jdtool.lint.registry``) unless a caller passes another registry.
``<!-- jdtool-disable ID -->`` ... ``<!-- jdtool-enable ID -->`` and
``<!-- jdtool-disable-next-line ID -->`` silence findings; a comment without ids silences
every rule.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from jdtool.core.collection import kept_apart_from_collection
from jdtool.core.files import link_leaves, path_kind
from jdtool.core.model import Document, Pack
from jdtool.core.packs import DOCUMENT_FILES, load_packs
from jdtool.core.plural import counted
from jdtool.core.problems import Problem, ProblemsFound, Severity
from jdtool.lint.cache import FindingsCache
from jdtool.lint.config import LintConfig, Settings
from jdtool.lint.prose import LintDocument, build
from jdtool.lint.registry import RuleRegistry, default_rules
from jdtool.lint.rules import Check, Finding, Hit, Rule, at_least
from jdtool.lint.spelling import SPELLING, US_SPELLING, dictionary
from jdtool.lint.structure import ACRONYM

RULES = default_rules()
"""The rules ``lint`` runs: every built-in rule."""

if TYPE_CHECKING:
    from jdtool.lint.fix import FixedFile

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

    @property
    def unreadable(self) -> bool:
        """Whether any file could not be read (a warning, a link not followed, is no failure)."""
        return any(problem.severity is Severity.ERROR for problem in self.problems)

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings) + (
            len(self.problems) if severity is Severity.ERROR else 0)

    def fails(self, level: Severity) -> bool:
        return self.unreadable or any(at_least(f.severity, level) for f in self.findings)

    def merged(self, other: LintResult) -> LintResult:
        """This result and ``other`` as one (findings in file and line order)."""
        if not other.documents and not other.problems:
            return self
        findings = sorted(self.findings + other.findings,
                          key=lambda f: (str(f.path), f.line, f.column, f.rule))
        return LintResult(findings, self.documents + other.documents,
                          self.problems + other.problems, {**self.sources, **other.sources})

    def summary(self) -> str:
        counts = ", ".join(counted(self.count(s), str(s)) for s in Severity)
        return f"{counted(self.documents, 'document')} linted: {counts}"


@dataclass(frozen=True, slots=True)
class LintRun:
    """A whole lint command's answer: the findings, the configuration used (its fail level
    decides the exit status) and the fixes applied, if asked for."""

    result: LintResult
    config: LintConfig
    fixed: tuple[FixedFile, ...] = ()


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

    # Each worker's share (every workers-th entry) is cut into pieces handed out as workers
    # come free, so one that drew shorter documents, or a busier core, takes fewer pieces
    # instead of leaving the other core idle at the end.
    chunks = [units[index::workers] for index in range(workers)]
    pieces = [chunk[part * len(chunk) // _PIECES:(part + 1) * len(chunk) // _PIECES]
              for chunk in chunks for part in range(_PIECES)]
    context = multiprocessing.get_context("fork")
    _read_shared_lists(config)
    # Frozen objects are left alone by the workers' garbage collector, so the pages they
    # share with this process are not copied one by one.
    with kept_apart_from_collection(), \
            ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        parts = list(pool.map(_lint_piece, pieces, [config] * len(pieces),
                              [lines] * len(pieces), [keep_sources] * len(pieces)))
    result = LintResult([], 0)
    for part, _ in parts:
        result.findings.extend(part.findings)
        result.documents += part.documents
        result.sources.update(part.sources)
    for first in range(0, len(parts), _PIECES):
        # Problems in the order one process linting the whole share reports them: every
        # loading problem, then every document's.
        share = parts[first:first + _PIECES]
        result.problems.extend(p for part, loaded in share for p in part.problems[:loaded])
        result.problems.extend(p for part, loaded in share for p in part.problems[loaded:])
    result.findings.sort(key=lambda f: (str(f.path), f.line, f.column, f.rule))
    return result


_WORD_LIST_RULES = frozenset({SPELLING.id, US_SPELLING.id, ACRONYM.id})
"""The rules that read the word lists (the British and American lists, ordinary words)."""


def _read_shared_lists(config: LintConfig) -> None:
    """Read the word lists once, before the workers fork, so that they share them instead of
    each reading them again; only when a rule that reads them runs (a file whose overrides
    turn one on reads them in its worker)."""
    if not any(rule.id in _WORD_LIST_RULES for rule, _, _ in _active(RULES, config.base, True)):
        return
    words = dictionary()
    if words is not None:
        words.is_word("")  # the acronym rule's list of ordinary words, likewise


_PARALLEL_FROM = 64
"""Top-level entries from which splitting the work between processes pays for itself."""
_PIECES = 8
"""Pieces of each worker's share: enough to even out the cores, few enough that handing
them out and sending their findings back stays a few milliseconds."""


def _units(paths: list[Path]) -> list[Path]:
    """The paths as independent pieces of work: a folder that is not itself a pack is
    replaced by its entries, which ``load_packs`` treats exactly as it would inside it."""

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
    return _lint_loaded(paths, config, lines, keep_sources)[0]


def _lint_piece(paths: list[Path], config: LintConfig, lines: dict[Path, set[int]] | None,
                keep_sources: bool) -> tuple[LintResult, int]:
    """A worker's piece of the work (``_lint_loaded``)."""
    # The worker ends with the command: collecting its garbage would only cost it time
    # (loading makes many objects, and each collection walks them all again).
    gc.disable()
    return _lint_loaded(paths, config, lines, keep_sources)


def _lint_loaded(paths: list[Path], config: LintConfig, lines: dict[Path, set[int]] | None,
                 keep_sources: bool) -> tuple[LintResult, int]:
    """Load and lint ``paths``; the result's problems start with the loading problems, whose
    number comes with it."""
    packs, problems = load_packs(paths)
    result = lint_documents(packs, config, lines)
    result.problems = problems + result.problems
    if not keep_sources:
        result.sources = {}  # only --fix needs them; a worker would send them all back
    return result, len(problems)


def lint_for_publishing(paths: Iterable[Path], config: LintConfig, *,
                        drafts: bool = False, packs: list[Pack] | None = None,
                        cache: FindingsCache | None = None) -> LintResult:
    """Lint what a build publishes: every document of each pack it publishes
    (``Pack.is_published``); ``packs``, the packs the build has loaded, spares reading them
    again, and ``cache`` answers for the documents linted before as they are now."""
    if packs is None:
        packs, _ = load_packs(paths)
    return lint_documents([pack for pack in packs if pack.is_published(drafts)], config,
                          cache=cache)


def lint_changed_since(paths: Iterable[Path], config: LintConfig, revision: str) -> LintResult:
    """Lint ``paths``, keeping only findings in blocks added, reworded or moved since the git
    ``revision`` (a file that did not exist then counts whole)."""
    # Only --changed-since needs git and the diff engine: loading them for every lint run
    # would add about 45 ms to its start-up (python -X importtime).
    from jdtool.lint.changes import changed_lines

    packs, problems = load_packs(paths)
    documents = [d for pack in packs for d in pack.all_documents()]
    result = lint_documents(packs, config, changed_lines(documents, revision))
    result.problems = problems + result.problems
    return result


class PublishingRefused(ProblemsFound):
    """``build --strict``: lint found errors in what would be published."""

    def __init__(self, errors: list[Finding]) -> None:
        super().__init__([], f"lint found {counted(len(errors), 'error')}; not publishing "
                             "(--strict)")
        self.findings = errors


def publishing_gate(paths: Iterable[Path], config: LintConfig, *, drafts: bool,
                    strict: bool, packs: list[Pack] | None = None,
                    cache: Path | None = None) -> LintResult:
    """What a build checks before it publishes: the lint of the documents it will publish;
    with ``strict``, ``PublishingRefused`` while any of them has an error. ``packs`` are the
    build's own (not read again); ``cache``, the build cache folder, keeps each document's
    findings for the next build (``jdtool.lint.cache``), which then lints only what changed."""
    findings = FindingsCache(cache)
    result = lint_for_publishing(paths, config, drafts=drafts, packs=packs, cache=findings)
    findings.save()
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if strict and errors:
        raise PublishingRefused(errors)
    return result


def lint_documents(packs: Iterable[Pack], config: LintConfig,
                   lines: dict[Path, set[int]] | None = None,
                   rules: RuleRegistry = RULES, cache: FindingsCache | None = None
                   ) -> LintResult:
    """Lint loaded packs; with ``lines``, keep only findings on those lines of those files.
    ``cache`` answers for documents whose findings it holds (the built-in rules only)."""
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
            settings = config.for_path(document.path)
            if cache is None or wanted is not None or rules is not RULES:
                findings.extend(lint_document(document, pack, settings, rules, wanted))
                continue
            key = cache.key(document, pack, settings)
            found = cache.get(key, document.path)
            if found is None:
                found = lint_document(document, pack, settings, rules)
                cache.put(key, found)
            findings.extend(found)
    findings.sort(key=lambda f: (str(f.path), f.line, f.column, f.rule))
    return LintResult(findings, documents, problems, sources)


def lint_document(document: Document, pack: Pack | None, settings: Settings,
                  rules: RuleRegistry = RULES,
                  lines: set[int] | None = None) -> list[Finding]:
    """Every finding of the enabled rules in one document."""
    active = _active(rules, settings, document.is_jdtool)
    if not active:
        return []  # no prose view to build
    lint = build(document, pack)
    silenced = Suppressions.parse(document.source)
    accepted = settings.accept
    findings = []
    for rule, check, severity in active:
        for hit in check(lint, settings):
            if hit.matched and hit.matched.lower() in accepted:
                continue
            finding = _finding(rule, severity, hit, lint)
            if silenced.covers(rule.id, finding.line):
                continue
            if lines is not None and (hit.start is None or finding.line not in lines):
                continue
            findings.append(finding)
    return findings


@lru_cache(maxsize=256)
def _active(rules: RuleRegistry, settings: Settings, jdtool: bool
            ) -> tuple[tuple[Rule, Check, Severity], ...]:
    """The rules that run on a document with these settings, each with its severity: worked
    out once per settings, not for every document."""
    return tuple((rule, check, settings.severity_of(rule)) for rule, check in rules
                 if settings.is_enabled(rule) and (jdtool or not rule.jdtool_only))


def _finding(rule: Rule, severity: Severity, hit: Hit, lint: LintDocument) -> Finding:
    if hit.start is None:
        # A finding about a whole document or a front matter key: its line is the excerpt.
        line = hit.line or 1
        context = lint.source_line(line)
        return Finding(rule.id, severity, lint.document.path, line, 1, hit.message,
                       suggestion=hit.suggestion, matched=hit.matched, edit=hit.edit,
                       excerpt=context.strip() if hit.line and context.strip() != "---" else "",
                       context=context)
    if hit.source_span is not None:
        start, end = hit.source_span
    else:
        start = lint.source_offset(hit.start)
        end = lint.source_offset(max(hit.start, (hit.end or hit.start) - 1)) + 1
    line, column = lint.position(start)
    end_line, end_column = lint.position(end)
    segment = lint.segment_at(hit.start)
    section = segment.section.heading if segment is not None else ""
    return Finding(rule.id, severity, lint.document.path, line, column, hit.message,
                   section=section, suggestion=hit.suggestion, matched=hit.matched,
                   end_line=end_line, end_column=end_column, edit=hit.edit,
                   excerpt=lint.source[start:end], context=lint.source_line(line))


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
