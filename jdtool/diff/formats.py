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

from jdtool.diff import html, json, markdown, term, unified
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


Renderer = Callable[[DocumentDiff, RenderOptions], "str | bytes"]


def _html(diff: DocumentDiff, options: RenderOptions) -> str:
    return html.render(diff, title=options.title, old_label=options.old, new_label=options.new)


FORMATS: dict[str, Renderer] = {
    "term": term.render,
    "html": _html,
    "md": markdown.render,
    "json": json.render,
    "unified": unified.render,
}
