"""The page of a pack's first revision: the text as first published, not a redline of it.

Everything in a first version is new, and a page of underlined text marked ADDED tells a
reader nothing; so the first revision shows the document itself, plainly, as the site's
history pages embed any redline (a full page whose body ``pages.embeddable`` takes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from jdtool.core.model import BlockKind, Document, Section

if TYPE_CHECKING:
    from jinja2 import Environment


@dataclass(slots=True)
class Piece:
    """A heading, a paragraph, a list item or a criteria table, as plain text."""

    kind: str
    text: str = ""
    level: int = 0
    marker: str = ""
    rows: list[tuple[str, str, str]] = field(default_factory=list)


def pieces(document: Document) -> list[Piece]:
    result: list[Piece] = []
    _section(document.body, result)
    return result


def _section(section: Section, result: list[Piece]) -> None:
    if section.level:
        # The page's own title is an <h1> (an <h2> once embedded): sections go below it.
        result.append(Piece("heading", section.heading, level=min(6, section.level + 1)))
    for block in section.blocks:
        if block.kind is BlockKind.CRITERION and block.criterion is not None:
            criterion = block.criterion
            row = (block.text, str(criterion.importance or "").capitalize(),
                   ", ".join(stage.capitalize() for stage in criterion.assessed_by))
            if not result or result[-1].kind != "criteria":
                result.append(Piece("criteria"))
            result[-1].rows.append(row)
        elif block.kind in (BlockKind.BULLET, BlockKind.NUMBERED):
            marker = block.number + "." if block.number and block.number.isdigit() else \
                block.number or "\u2022"
            result.append(Piece("item", block.text, marker=marker))
        elif not (block.kind is BlockKind.ROW and block.header):
            result.append(Piece("paragraph", block.text))
    for child in section.children:
        _section(child, result)


def render(document: Document, title: str) -> str:
    return _environment().get_template("version.html.jinja").render(
        title=title, pieces=pieces(document))


@cache
def _environment() -> Environment:
    # Jinja is loaded only when a history page is built, not for every build's check.
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("jdtool.history", ""), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
