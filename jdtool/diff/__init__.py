"""Structure-aware comparison of two job descriptions: the library API and output formats.

``compare(old, new)`` aligns front matter, sections and blocks (with moves) and diffs words
inside changed blocks. ``FORMATS`` maps each output format name to a function
``(diff, labels) -> str | bytes``; other stages add their own (``FORMATS["docx"] = ...``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from jdtool.diff.engine import compare
from jdtool.diff.model import (
    BlockChange,
    DiffStats,
    DocumentDiff,
    FieldChange,
    SectionChange,
)

__all__ = ["FORMATS", "BlockChange", "DiffStats", "DocumentDiff", "FieldChange", "Labels",
           "SectionChange", "compare"]


@dataclass(frozen=True, slots=True)
class Labels:
    """What a rendering calls the comparison and its two sides; ``color`` for terminals."""

    title: str
    old: str
    new: str
    color: bool = False
    author: str | None = None
    """Who made the new side, when it is a git revision (a Word redline credits its changes)."""
    date: dt.datetime | None = None
    """When the new side was committed, when it is a git revision."""


Renderer = Callable[[DocumentDiff, Labels], "str | bytes"]


def _term(diff: DocumentDiff, labels: Labels) -> str:
    from jdtool.diff import term

    return term.render(diff, labels)


def _html(diff: DocumentDiff, labels: Labels) -> str:
    from jdtool.diff import html

    return html.render(diff, title=labels.title, old_label=labels.old, new_label=labels.new)


def _markdown(diff: DocumentDiff, labels: Labels) -> str:
    from jdtool.diff import markdown

    return markdown.render(diff, labels)


def _json(diff: DocumentDiff, labels: Labels) -> str:
    from jdtool.diff import json

    return json.render(diff, labels)


def _unified(diff: DocumentDiff, labels: Labels) -> str:
    from jdtool.diff import unified

    return unified.render(diff, labels)


def _docx(diff: DocumentDiff, labels: Labels) -> bytes:
    from jdtool.office import tracked_changes

    return tracked_changes.render(diff, title=labels.title, old_label=labels.old,
                                  new_label=labels.new, author=labels.author, date=labels.date)


FORMATS: dict[str, Renderer] = {
    "term": _term,
    "html": _html,
    "md": _markdown,
    "json": _json,
    "unified": _unified,
    "docx": _docx,
}
