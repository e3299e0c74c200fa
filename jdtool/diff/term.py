"""The ``term`` format: the summary on top, then what changed, grouped by section.

Words are marked ``[-removed-]`` and ``{+added+}`` as well as coloured, so the output still
reads correctly without colour (in a pipe, for colour-blind readers, or with ``NO_COLOR``).
Long unchanged stretches inside a reworded paragraph are cut to a few words of context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jdtool.diff.layout import (
    Group,
    Item,
    display_words,
    groups,
    heading_name,
    section_note,
)
from jdtool.diff.model import PATH_SEPARATOR, BlockChange, DocumentDiff, WordOp

if TYPE_CHECKING:
    from jdtool.diff.formats import RenderOptions

CONTEXT_WORDS = 8
_STYLES = {"delete": "\x1b[31;9m", "insert": "\x1b[32;4m", "heading": "\x1b[1m",
           "dim": "\x1b[2m", "note": "\x1b[36m", "reset": "\x1b[0m"}


class _Painter:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        return f"{_STYLES[style]}{text}{_STYLES['reset']}" if self.color and text else text


def render(diff: DocumentDiff, options: RenderOptions) -> str:
    paint = _Painter(options.color)
    lines = [paint("heading", f"{options.old} \u2192 {options.new}"), diff.summary()]
    if diff.meta_changes:
        lines += ["", paint("heading", "Details of the post")]
        lines += [f"  {field.describe()}" for field in diff.meta_changes]
    shown: set[str] = set()
    for group in groups(diff):
        if group.changed:
            lines += ["", *_parents(group.path, shown, paint), *_group(group, paint)]
            shown.add(group.path)
    return "\n".join(lines) + "\n"


def _parents(path: str, shown: set[str], paint: _Painter) -> list[str]:
    """The headings above a changed section not shown yet, so that it reads in its place."""
    lines: list[str] = []
    parts = path.split(PATH_SEPARATOR) if path else []
    for depth in range(1, len(parts)):
        parent = PATH_SEPARATOR.join(parts[:depth])
        if parent not in shown:
            shown.add(parent)
            lines += [paint("heading", f"{'#' * min(6, depth + 1)} {parts[depth - 1]}"), ""]
    return lines


def _group(group: Group, paint: _Painter) -> list[str]:
    # As deep as in the document, so that sub-sections read under their parent heading.
    heading = f"{'#' * min(6, group.path.count(PATH_SEPARATOR) + 2)} {group.heading}"
    note = section_note(group.section)
    if note:
        heading += "  " + paint("note", f"[{note}]")
    lines = [paint("heading", heading)]
    for item in group.items:
        lines.extend(_item(item, paint))
    return lines



def _item(item: Item, paint: _Painter) -> list[str]:
    change = item.change
    if item.role == "moved-out":
        if change.moved_within_section:
            return []
        where = heading_name(change.new_section)
        return [paint("note", f"  \u21b3 moved out to \u201c{where}\u201d: ")
                + paint("dim", _clip(change.old_text()))]
    if change.kind == "unchanged" and not change.counted_field_changes():
        return []
    lines = [f"  {_label(change, paint)} {_text(change, paint)}"]
    lines += [f"      {paint('note', field.describe())}"
              for field in change.counted_field_changes()]
    return lines


def _label(change: BlockChange, paint: _Painter) -> str:
    if change.kind == "moved":
        where = "within section" if change.moved_within_section else \
            f"from \u201c{heading_name(change.old_section)}\u201d"
        return paint("note", f"moved {where}:")
    style = {"added": "insert", "removed": "delete"}.get(change.kind, "note")
    return paint(style, f"{change.kind}:" if change.kind != "unchanged" else "changed:")


def _text(change: BlockChange, paint: _Painter) -> str:
    if change.kind == "added":
        return paint("insert", change.new_text())
    if change.kind == "removed":
        return paint("delete", change.old_text())
    words = display_words(change.words)
    return "".join(_word(op, text, paint, index, len(words))
                   for index, (op, text) in enumerate(words))


def _word(op: WordOp, text: str, paint: _Painter, index: int, count: int) -> str:
    if op == "delete":
        return paint("delete", f"[-{text}-]")
    if op == "insert":
        return paint("insert", f"{{+{text}+}}")
    words = text.split(" ")
    keep = CONTEXT_WORDS
    if len(words) <= 2 * keep + 1 or count == 1:
        return text
    if index == 0:
        return "\u2026 " + " ".join(words[-keep:])
    if index == count - 1:
        return " ".join(words[:keep]) + " \u2026"
    return " ".join(words[:keep]) + " \u2026 " + " ".join(words[-keep:])


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"
