"""How a diff is shown: ``RenderOptions`` and the diff package's own output formats.

``FORMATS`` maps a format name to a ``Renderer``, ``(diff, options) -> str | bytes``. These are
the formats that need nothing beyond this package; the table of every format ``jdtool diff``
offers, the Word redline included, is ``jdtool.diff_formats``, above both this package and
``jdtool.office``, so that comparing never imports office.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from jdtool.diff import unified
from jdtool.diff.model import DocumentDiff


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """What a rendering calls the comparison and its two sides; ``color`` for terminals."""

    title: str
    old: str
    new: str
    color: bool = False
    author: str | None = None
    """Who made the new side, when it is a git revision (a Word redline credits its changes)."""
    date: dt.datetime | None = None
    """When the new side was committed, when it is a git revision."""
    old_source: str | None = None
    """How each side was read (``jdtool.readers``: ``jdtool``, ``markdown``, ``pdf``...)."""
    new_source: str | None = None
    old_version: str | None = None
    """What a reader calls the old side ("April 2016 version"); ``old`` when not given."""
    new_version: str | None = None

    def reader_labels(self) -> tuple[str, str]:
        """The two sides as pages and files for people name them (HTML, PDF, Word)."""
        return self.old_version or self.old, self.new_version or self.new


Renderer = Callable[[DocumentDiff, RenderOptions], "str | bytes"]


# The format scripts ask for (unified) loads with this module; the others are loaded when
# asked for: HTML's page model and markupsafe, the JSON and Markdown writers cost
# ``jdtool diff -f unified`` a fifth of its start, and the terminal's layout a millisecond.


def _term(diff: DocumentDiff, options: RenderOptions) -> str:
    from jdtool.diff import term

    return term.render(diff, options)


def _html(diff: DocumentDiff, options: RenderOptions) -> str:
    from jdtool.diff import html

    old_label, new_label = options.reader_labels()
    return html.render(diff, title=options.title, old_label=old_label, new_label=new_label)


def _pdf(diff: DocumentDiff, options: RenderOptions) -> bytes:
    # WeasyPrint (behind jdtool.diff.pdf) is a heavy leaf: loaded only for a PDF.
    from jdtool.diff import pdf

    old_label, new_label = options.reader_labels()
    return pdf.render(diff, title=options.title, old_label=old_label, new_label=new_label)


def _md(diff: DocumentDiff, options: RenderOptions) -> str:
    from jdtool.diff import markdown

    return markdown.render(diff, options)


def _json(diff: DocumentDiff, options: RenderOptions) -> str:
    from jdtool.diff import json

    return json.render(diff, options)


FORMATS: dict[str, Renderer] = {
    "term": _term,
    "html": _html,
    "pdf": _pdf,
    "md": _md,
    "json": _json,
    "unified": unified.render,
}
