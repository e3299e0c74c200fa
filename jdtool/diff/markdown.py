"""The ``md`` format: the new document's structure with CriticMarkup redlines, for publishing.

``{++added++}``, ``{--removed--}``, ``{~~old~>new~~}`` and ``{>>comments<<}`` for moves and
field changes. Text is escaped so that a block's words cannot turn into Markdown markup.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jdtool.diff.layout import Group, Item, groups
from jdtool.diff.model import BlockChange, DocumentDiff
from jdtool.model import Block, BlockKind

if TYPE_CHECKING:
    from jdtool.diff import Labels

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}~+!])")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def render(diff: DocumentDiff, labels: Labels) -> str:
    out = [f"# {escape(labels.title)}", "",
           f"{escape(labels.old)} \u2192 {escape(labels.new)}", "",
           f"{{>>{escape(diff.summary())}<<}}", ""]
    if diff.meta_changes:
        out += ["## Front matter", ""]
        for field in diff.meta_changes:
            out.append(f"- **{escape(field.name)}**: {_pair(field.old, field.new)}")
        out.append("")
    for group in groups(diff):
        out += _group(group)
    return "\n".join(out).rstrip("\n") + "\n"


def _pair(old: str | None, new: str | None) -> str:
    if old is None:
        return f"{{++{escape(new or '')}++}}"
    if new is None:
        return f"{{--{escape(old)}--}}"
    return f"{{~~{escape(old)}~>{escape(new)}~~}}"


def _group(group: Group) -> list[str]:
    section = group.section
    level = min(6, 1 + group.path.count(" > ") + 1) if group.path else 2
    heading = escape(group.heading)
    if section is not None:
        if section.kind == "added":
            heading = f"{{++{heading}++}}"
        elif section.kind == "removed":
            heading = f"{{--{heading}--}}"
        elif section.renamed:
            heading = _pair(_last(section.old_path), _last(section.new_path))
        if section.moved:
            heading += f" {{>>section moved from under {escape(_parent(section.old_path))}<<}}"
    lines = [f"{'#' * level} {heading}", ""] if group.path else []
    previous: Block | None = None
    for item in group.items:
        block = item.change.new or item.change.old
        assert block is not None
        if previous is not None and not _same_list(previous, block):
            lines.append("")
        lines.append(_item(item, block))
        previous = block
    return [*lines, ""]


def _same_list(a: Block, b: Block) -> bool:
    return a.group == b.group and a.kind is b.kind and a.kind is not BlockKind.PARAGRAPH


def _last(path: str | None) -> str:
    return (path or "").rsplit(" > ", 1)[-1]


def _parent(path: str | None) -> str:
    parts = (path or "").rsplit(" > ", 1)
    return parts[0] if len(parts) == 2 else "the top level"


def _item(item: Item, block: Block) -> str:
    change = item.change
    if item.role == "moved-out":
        return _prefix(block) + f"{{--{escape(change.old_text())}--}}" \
            f"{{>>moved to {escape(_last(change.new_section))}<<}}"
    text = _words(change)
    if change.kind == "moved":
        text += f"{{>>moved from {escape(_last(change.old_section))}<<}}"
    for field in change.counted_field_changes():
        text += f"{{>>{escape(field.name)}: {_pair(field.old, field.new)}<<}}"
    return _prefix(block) + text


def _words(change: BlockChange) -> str:
    parts: list[str] = []
    words = change.words
    index = 0
    while index < len(words):
        op, text = words[index]
        following = words[index + 1] if index + 1 < len(words) else None
        if op == "delete" and following is not None and following[0] == "insert":
            parts.append(f"{{~~{escape(text)}~>{escape(following[1])}~~}}")
            index += 2
            continue
        if op == "equal":
            parts.append(escape(text))
        else:
            parts.append(f"{{{'++' if op == 'insert' else '--'}{escape(text)}"
                         f"{'++' if op == 'insert' else '--'}}}")
        index += 1
    return "".join(parts).replace("\n", " ")


def _prefix(block: Block) -> str:
    indent = "  " * block.depth
    if block.kind is BlockKind.BULLET:
        return f"{indent}- "
    if block.kind is BlockKind.NUMBERED:
        return f"{indent}{block.number or '1'}. " if "." not in (block.number or "") \
            else f"{indent}{block.number} "
    if block.kind in (BlockKind.ROW, BlockKind.CRITERION):
        return f"{indent}- "
    if block.kind is BlockKind.QUOTE:
        return "> "
    return indent
