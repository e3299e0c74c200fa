"""The ``md`` format: the new document's structure with CriticMarkup redlines, for publishing.

``{++added++}``, ``{--removed--}``, ``{~~old~>new~~}`` and ``{>>comments<<}`` for moves and
field changes. Text is escaped so that a block's words cannot turn into Markdown markup.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jdtool.core.markdown import plain_text
from jdtool.core.model import Block, BlockKind
from jdtool.diff.layout import (
    Group,
    Item,
    display_words,
    groups,
    heading_name,
    section_note,
)
from jdtool.diff.model import BlockChange, DocumentDiff, WordOp
from jdtool.diff.words import word_diff

if TYPE_CHECKING:
    from jdtool.diff.formats import RenderOptions

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}~+!])")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def render(diff: DocumentDiff, options: RenderOptions) -> str:
    out = [f"# {escape(options.title)}", "",
           f"{escape(options.old)} \u2192 {escape(options.new)}", "",
           f"{{>>{escape(diff.summary())}<<}}", ""]
    if diff.meta_changes:
        out += ["## Details of the post", ""]
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
            heading = _pair(heading_name(section.old_path), heading_name(section.new_path))
        if section.moved or section.relevelled:
            note = section_note(section)
            # The heading already shows a rename; the comment adds only the move or level.
            note = note.split(", ", 1)[1] if section.renamed else note
            heading += f" {{>>{escape(note)}<<}}"
    lines = [f"{'#' * level} {heading}", ""] if group.path else []
    previous: Block | None = None
    for item in group.items:
        block = item.change.new or item.change.old
        assert block is not None
        starts_table = _is_table(block) and not (previous is not None and _is_table(previous)
                                                 and previous.group == block.group)
        if previous is not None and (starts_table or not _same_list(previous, block)):
            lines.append("")
        if starts_table and block.kind is BlockKind.CRITERION:
            lines += [_CRITERIA_HEADER, "|---|---|---|"]
        lines.append(_row(item, block) if _is_table(block) else _item(item, block))
        if starts_table and block.kind is BlockKind.ROW:
            lines.append("|" + "---|" * max(1, len(block.cells)))
        previous = block
    return [*lines, ""]


_CRITERIA_HEADER = "| Criterion | Essential/Desirable | Assessed by |"


def _is_table(block: Block) -> bool:
    return block.kind in (BlockKind.ROW, BlockKind.CRITERION)


def _row(item: Item, block: Block) -> str:
    """A table row with each cell redlined on its own, so the table stays a table."""
    change = item.change
    if block.kind is BlockKind.CRITERION:
        cells = [_comments(item, _words(change) if item.role == "here" else
                           f"{{--{escape(change.old_text())}--}}"),
                 _criterion_cell(change, "importance"), _criterion_cell(change, "assessed by")]
    else:
        cells = _row_cells(item)
    return "| " + " | ".join(cells) + " |"


def _criterion_cell(change: BlockChange, name: str) -> str:
    field = next((f for f in change.field_changes if f.name == name), None)
    if field is not None:
        # The redline shows the cell's edit; the comment says it in words ("desirable → essential").
        return _pair(_title(field.old), _title(field.new)) + \
            f"{{>>{escape(field.describe().split(': ', 1)[1])}<<}}"
    block = change.new or change.old
    criterion = block.criterion if block is not None else None
    if criterion is None:
        return ""
    if name == "importance":
        return escape(_title(str(criterion.importance) if criterion.importance else "") or "")
    return escape(_title(", ".join(criterion.assessed_by)) or "")


def _title(text: str | None) -> str | None:
    return text[:1].upper() + text[1:] if text else text


def _row_cells(item: Item) -> list[str]:
    change = item.change
    old = [plain_text(cell) for cell in change.old.cells] if change.old else []
    new = [plain_text(cell) for cell in change.new.cells] if change.new else []
    if item.role == "moved-out":
        new = []
    cells = []
    for index in range(max(len(old), len(new))):
        before = old[index] if index < len(old) else ""
        after = new[index] if index < len(new) else ""
        words = display_words(word_diff(before, after))
        cells.append(_marked(words))
    if cells:
        cells[-1] = _comments(item, cells[-1])
    return cells


def _comments(item: Item, text: str) -> str:
    change = item.change
    if item.role == "moved-out":
        return text + f"{{>>moved to {escape(heading_name(change.new_section))}<<}}"
    if change.moved_within_section:
        text += "{>>moved within this section<<}"
    elif change.kind == "moved":
        text += f"{{>>moved from {escape(heading_name(change.old_section))}<<}}"
    return text


def _same_list(a: Block, b: Block) -> bool:
    return a.group == b.group and a.kind is b.kind and a.kind is not BlockKind.PARAGRAPH



def _item(item: Item, block: Block) -> str:
    change = item.change
    if item.role == "moved-out":
        return _prefix(block) + _comments(item, f"{{--{escape(change.old_text())}--}}")
    text = _comments(item, _words(change))
    for field in change.counted_field_changes():
        text += f"{{>>{escape(field.describe())}<<}}"
    return _prefix(block) + text


def _words(change: BlockChange) -> str:
    if change.kind == "unchanged":
        # Only spacing or (with --ignore-quotes) quote marks differ: nothing to mark.
        return escape(change.new_text()).replace("\n", " ")
    return _marked(display_words(change.words))


def _marked(words: list[tuple[WordOp, str]]) -> str:
    parts: list[str] = []
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
            mark = "++" if op == "insert" else "--"
            parts.append(f"{{{mark}{escape(text)}{mark}}}")
        index += 1
    return "".join(parts).replace("\n", " ")


def _prefix(block: Block) -> str:
    indent = "  " * block.depth
    if block.kind is BlockKind.BULLET:
        return f"{indent}- "
    if block.kind is BlockKind.NUMBERED:
        return f"{indent}{block.number or '1'}. " if "." not in (block.number or "") \
            else f"{indent}{block.number} "
    if block.kind is BlockKind.QUOTE:
        return "> "
    return indent
