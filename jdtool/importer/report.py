"""The import report: every piece of input left out of the documents and why, plus notes.

``words`` is the one definition of a word used to prove that nothing was lost: runs of
letters and digits, case-folded, with hyphens and apostrophes inside a word ignored (so a
line-end hyphen that was repaired counts the same before and after).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jdtool.core.plural import counted

# A hyphen at a line end joins only when a lower-case letter follows, as the importer does.
_WORD = re.compile(r"[^\W_]+(?:(?:[-'’\u00ad]|-[ \t]*\n[ \t]*(?=[a-zß-ÿ]{2}))[^\W_]+)*")
_JOINERS = re.compile(r"[-'’\u00ad]\s*")


def words(text: str) -> Counter[str]:
    """The words of ``text`` as a multiset (see the module docstring)."""
    return Counter(_JOINERS.sub("", match).casefold() for match in _WORD.findall(text))


@dataclass(frozen=True, slots=True)
class LeftOut:
    """Text of the input that is not in any imported document."""

    text: str
    reason: str
    line: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason, "line": self.line}


@dataclass(frozen=True, slots=True)
class Note:
    """Something the user should look at: a date kept as text, a guess about structure."""

    message: str
    line: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"message": self.message, "line": self.line}


@dataclass(slots=True)
class ImportReport:
    source: Path
    left_out: list[LeftOut] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    added: list[LeftOut] = field(default_factory=list)
    """Words the importer wrote that the input did not have (e.g. "Essential" in each row
    of a criteria table whose source gave it once, as a heading)."""
    written: list[Path] = field(default_factory=list)
    input_words: int = 0
    missing: Counter[str] = field(default_factory=Counter)
    """Words of the input found neither in the output nor in ``left_out`` (should be empty)."""

    def leave_out(self, text: str, reason: str, line: int = 0) -> None:
        if text.strip():
            self.left_out.append(LeftOut(text.strip(), reason, line))

    def note(self, message: str, line: int = 0) -> None:
        self.notes.append(Note(message, line))

    def add(self, text: str, reason: str, line: int = 0) -> None:
        if text.strip():
            self.added.append(LeftOut(text.strip(), reason, line))

    def added_words(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for entry in self.added:
            total.update(words(entry.text))
        return total

    def left_out_words(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for entry in self.left_out:
            total.update(words(entry.text))
        return total

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "written": [str(path) for path in self.written],
            "input_words": self.input_words,
            "left_out_words": sum(self.left_out_words().values()),
            "left_out": [entry.to_dict() for entry in self.left_out],
            "added": [entry.to_dict() for entry in self.added],
            "notes": [note.to_dict() for note in self.notes],
            "missing_words": dict(self.missing),
        }

    def summary_lines(self) -> list[str]:
        """The report as printed: one line per reason, then the notes."""
        lines = []
        by_reason: dict[str, list[LeftOut]] = {}
        for entry in self.left_out:
            by_reason.setdefault(entry.reason, []).append(entry)
        for reason, entries in by_reason.items():
            count = sum(sum(words(e.text).values()) for e in entries)
            first = " ".join(entries[0].text.split())
            sample = first if len(first) <= 60 else first[:57] + "..."
            lines.append(f"  left out {counted(count, 'word')} ({len(entries)}x {reason}), e.g. "
                         f"'{sample}'")
        for note in self.notes:
            where = f"line {note.line}: " if note.line else ""
            lines.append(f"  note: {where}{note.message}")
        if self.missing:
            lost = ", ".join(sorted(self.missing))[:200]
            lines.append(f"  WARNING: {counted(sum(self.missing.values()), 'word')} not "
                         f"accounted for: {lost}")
        return lines
