"""Lint findings in place on the preview's pages: a margin note at the section they are in.

``jdtool serve`` is given a linter (a callable from files to findings; the command line
passes the lint stage's, so ``publish`` never imports ``lint``). Each finding is placed on
the page of the pack its file belongs to, after the heading of the innermost section whose
lines hold it (at the top of the page when it is in the front matter), so the writer sees
what to fix beside the passage itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Protocol

from jdtool.core.model import Document, Pack, Section
from jdtool.publish.context import page_file


class Finding(Protocol):
    """What the preview needs of a lint finding: where it is, and its one-line text."""

    path: Path
    line: int
    message: str
    rule: str


Linter = Callable[[list[Path]], Sequence[Finding]]


@dataclass(frozen=True, slots=True)
class Note:
    anchor: str
    """The id of the heading the note follows ("" for the top of the page)."""
    line: int
    text: str


def page_notes(packs: Iterable[Pack], findings: Iterable[Finding]) -> dict[str, list[Note]]:
    """Each page's notes (by its site-relative file), in line order."""
    where: dict[Path, tuple[str, Document]] = {}
    for pack in packs:
        for document in pack.all_documents():
            where[document.path.resolve()] = (page_file(pack.slug), document)
    notes: dict[str, list[Note]] = {}
    for finding in findings:
        found = where.get(Path(finding.path).resolve())
        if found is None:
            continue
        page, document = found
        text = f"{document.path.name}:{finding.line}: {finding.rule} {finding.message}"
        notes.setdefault(page, []).append(Note(_anchor(document, finding.line), finding.line,
                                               text))
    for page_list in notes.values():
        page_list.sort(key=lambda note: note.line)
    return notes


def _anchor(document: Document, line: int) -> str:
    """The heading id of the innermost section holding ``line`` (as ``publish.body`` names
    it: the document kind, then the section's anchor)."""
    inner: Section | None = None
    for top in document.body.children:
        for section in top.walk():
            if section.span.start <= line <= section.span.end:
                inner = section
    if inner is None:
        return ""
    return f"{document.kind or 'doc'}-{inner.anchor}"


def with_notes(html: str, notes: Sequence[Note]) -> str:
    """``html`` with each note after its heading (or at the top of ``<main>``)."""
    by_anchor: dict[str, list[Note]] = {}
    for note in notes:
        by_anchor.setdefault(note.anchor, []).append(note)
    for anchor, group in by_anchor.items():
        aside = _aside(group)
        heading = re.search(rf'<h[1-6] id="{re.escape(anchor)}">.*?</h[1-6]>', html, re.S) \
            if anchor else None
        if heading is not None:
            html = html[:heading.end()] + aside + html[heading.end():]
        else:
            html = html.replace('<main id="main" tabindex="-1">',
                                '<main id="main" tabindex="-1">' + aside, 1)
    return html


def _aside(notes: Sequence[Note]) -> str:
    items = "".join(f"<li>{escape(note.text)}</li>" for note in notes)
    return (f'<aside class="lint-note" aria-label="Lint findings"><p>Lint: '
            f"{len(notes)} to look at</p><ul>{items}</ul></aside>")
