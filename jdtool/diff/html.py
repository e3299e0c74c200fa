"""The ``html`` format: one self-contained, accessible redline page, safe to publish as it is.

Jinja autoescape is on and only plain text goes in, so document text can never become markup.
Insertions and deletions are ``<ins>``/``<del>`` with underline/strike-through and
visually hidden words for screen readers (never colour alone). The page has an inline view
and a side-by-side view; a moved block links to the place it came from and back; the print
stylesheet keeps the cues in black and white.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from jdtool.diff.layout import (
    Group,
    Item,
    display_words,
    groups,
    heading_name,
    section_note,
)
from jdtool.diff.model import BlockChange, DocumentDiff, WordOp

if TYPE_CHECKING:
    from jinja2 import Environment


@dataclass(frozen=True, slots=True)
class Row:
    """One block of the page, ready for the template."""

    item: Item
    anchor: str
    link: str
    link_text: str
    label: str

    @property
    def change(self) -> BlockChange:
        return self.item.change

    @property
    def words(self) -> list[tuple[WordOp, str]]:
        if self.change.kind == "unchanged":
            # Only spacing or (with --ignore-quotes) quote marks differ: nothing to mark.
            return [("equal", self.change.new_text())]
        return display_words(self.change.words)

    @property
    def old_words(self) -> list[tuple[WordOp, str]]:
        if self.change.kind == "unchanged":
            return [("equal", self.change.old_text())]
        return [(op, text) for op, text in self.words if op != "insert"]

    @property
    def new_words(self) -> list[tuple[WordOp, str]]:
        return [(op, text) for op, text in self.words if op != "delete"]

    @property
    def css(self) -> str:
        if self.item.role == "moved-out":
            return "moved-out"
        if self.change.kind == "unchanged" and self.change.counted_field_changes():
            return "fields"
        return self.change.kind


def render(diff: DocumentDiff, *, title: str, old_label: str, new_label: str) -> str:
    page = [(group, [_row(item) for item in group.items]) for group in groups(diff)]
    return _environment().get_template("redline.html.jinja").render(
        diff=diff, title=title, old_label=old_label, new_label=new_label, page=page,
        section_note=_section_note)


def _row(item: Item) -> Row:
    change = item.change
    if item.role == "moved-out":
        return Row(item, f"old-{change.old_index}", f"#new-{change.new_index}",
                   f"Moved to \u201c{heading_name(change.new_section)}\u201d", "moved away")
    if change.kind == "moved":
        where = "Moved within this section" if change.moved_within_section else \
            f"Moved from \u201c{heading_name(change.old_section)}\u201d"
        return Row(item, f"new-{change.new_index}", f"#old-{change.old_index}",
                   f"{where}: see where it was", "moved")
    anchor = f"new-{change.new_index}" if change.new is not None else f"old-{change.old_index}"
    label = {"added": "added", "removed": "removed", "reworded": "reworded"}.get(change.kind, "")
    if not label and change.counted_field_changes():
        label = "changed"
    return Row(item, anchor, "", "", label)


def _section_note(group: Group) -> str:
    return section_note(group.section)



@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("jdtool.diff", ""), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
