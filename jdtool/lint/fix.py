"""``--fix``: apply the safe mechanical fixes (spacing, repeated words, stray glyphs at the
start of an item) and show each change as a unified diff.

Edits were computed on the text that was linted; a file that changed since is left alone.
Nothing is written until every file's fixes are worked out, and files are replaced
atomically.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from jdtool.core.files import read_source, write_atomically
from jdtool.lint.config import LintConfig
from jdtool.lint.engine import LintResult, lint_paths
from jdtool.lint.rules import Edit, Finding


@dataclass(frozen=True, slots=True)
class FixedFile:
    path: Path
    fixes: int
    diff: str


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, int]:
    """``text`` with every non-overlapping edit applied; the number applied."""
    # An edit inside a wider one (a repeated "o o" inside a run of stray glyphs) is dropped:
    # the wider edit already removes its text.
    unique = set(edits)
    edits = [e for e in unique if not any(
        o != e and o.start <= e.start and e.end <= o.end for o in unique)]
    applied = 0
    end = len(text) + 1
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if edit.end > end:
            continue  # overlaps an edit already made (a later one in the text)
        text = text[:edit.start] + edit.replacement + text[edit.end:]
        end = edit.start
        applied += 1
    return text, applied


def fix_files(findings: list[Finding], sources: dict[Path, str],
              dry_run: bool = False) -> list[FixedFile]:
    """Apply the edits of ``findings`` to their files; ``sources`` is the text that was linted."""
    by_path: dict[Path, list[Edit]] = defaultdict(list)
    for finding in findings:
        if finding.edit is not None:
            by_path[finding.path].append(finding.edit)
    fixed: list[tuple[FixedFile, str]] = []
    # Every file is read and fixed in memory first, so a file that cannot be read stops
    # the command before any is written.
    for path, edits in sorted(by_path.items()):
        original = read_source(path)
        if original != sources.get(path):
            continue
        text, count = apply_edits(original, edits)
        if not count or text == original:
            continue
        diff = "".join(difflib.unified_diff(
            original.splitlines(keepends=True), text.splitlines(keepends=True),
            fromfile=f"a/{path}", tofile=f"b/{path}"))
        fixed.append((FixedFile(path, count, diff), text))
    if not dry_run:
        for item, text in fixed:
            write_atomically(item.path, text)
    return [item for item, _ in fixed]


def fix_and_relint(result: LintResult, paths: list[Path],
                   config: LintConfig) -> tuple[list[FixedFile], LintResult]:
    """Apply ``result``'s safe fixes, then lint again so that what is reported is what is
    left, with positions in the fixed text."""
    fixed = fix_files(result.findings, result.sources)
    return fixed, lint_paths(paths, config) if fixed else result
