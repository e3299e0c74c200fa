"""A ``DocumentDiff`` as a Word document of native tracked changes (``w:ins``, ``w:del``, moves).

Both documents are laid out as one sequence of paragraphs: changed front matter fields, then
headings and blocks in reading order. Blocks and headings the diff pairs and that keep their
relative order are written once (reworded ones with word-level insertions and deletions);
removed ones are deletions and added ones insertions, paragraph marks included; moved ones are
Word moves (``w:moveFrom`` where they were, ``w:moveTo`` where they are). So accepting every
change gives exactly the new document's text and rejecting every change the old one's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal
from xml.sax.saxutils import escape, quoteattr

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from jdtool.core.model import Block, BlockKind, Section
from jdtool.diff.model import ROOT_PATH, BlockChange, DocumentDiff
from jdtool.diff.words import longest_increasing, word_diff
from jdtool.office import word
from jdtool.office.docx_export import docx_bytes
from jdtool.office.xml_text import xml_safe

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

DEFAULT_AUTHOR = "jdtool"
Op = Literal["equal", "delete", "insert"]
Words = list[tuple[Op, str]]


@dataclass(slots=True)
class Item:
    """One paragraph of one side: a changed front matter field, a heading or a block."""

    text: str
    style: str | None = None
    list_key: tuple[str, int, int] | None = None
    """(side, list group, depth) for list items, so each Markdown list numbers on its own."""
    ordered: bool = False
    depth: int = 0
    partner: int | None = None
    """Index of the paired item on the other side."""
    words: Words = field(default_factory=list)
    """For a paired old item: the word diff from its text to its partner's."""
    moved: bool = False


def line_of(block: Block) -> str:
    """The text a block contributes to the redline (criteria carry importance and stages)."""
    criterion = block.criterion
    if criterion is None:
        return block.text
    importance = str(criterion.importance).capitalize() if criterion.importance else "—"
    stages = ", ".join(stage.capitalize() for stage in criterion.assessed_by) or "—"
    return f"{block.text} ({importance}; {stages})"


def _block_item(block: Block, side: str) -> Item:
    if block.kind in (BlockKind.NUMBERED, BlockKind.BULLET) and block.group:
        ordered = block.kind is BlockKind.NUMBERED
        return Item(line_of(block), word.list_style(ordered=ordered, depth=block.depth),
                    (side, block.group, block.depth), ordered, block.depth)
    if block.kind is BlockKind.QUOTE:
        return Item(line_of(block), "Quote")
    if block.kind is BlockKind.CODE:
        return Item(line_of(block), "No Spacing")
    return Item(line_of(block))


def _walk(section: Section, side: str, items: list[Item], sections: dict[int, int],
          blocks: dict[int, int]) -> None:
    if section.level:
        sections[id(section)] = len(items)
        items.append(Item(section.heading, f"Heading {word.heading_level(section.level - 1)}"))
    for block in section.blocks:
        blocks[id(block)] = len(items)
        items.append(_block_item(block, side))
    for child in section.children:
        _walk(child, side, items, sections, blocks)


@dataclass(slots=True)
class Sides:
    old: list[Item]
    new: list[Item]


def lay_out(diff: DocumentDiff) -> Sides:
    """Both documents as paragraph sequences, paired the way the diff pairs them."""
    old: list[Item] = []
    new: list[Item] = []
    for field_change in diff.meta_changes:
        name, before, after = field_change.name, field_change.old, field_change.new
        if before is not None:
            old.append(Item(f"{name}: {before}"))
        if after is not None:
            new.append(Item(f"{name}: {after}"))
        if before is not None and after is not None:
            _pair(old, len(old) - 1, new, len(new) - 1)
    old_sections: dict[int, int] = {}
    new_sections: dict[int, int] = {}
    old_blocks: dict[int, int] = {}
    new_blocks: dict[int, int] = {}
    old_root = next((s.old for s in diff.sections if s.old_path == ROOT_PATH), None)
    new_root = next((s.new for s in diff.sections if s.new_path == ROOT_PATH), None)
    if old_root is not None:
        _walk(old_root, "old", old, old_sections, old_blocks)
    if new_root is not None:
        _walk(new_root, "new", new, new_sections, new_blocks)
    for section in diff.sections:
        if section.old is not None and section.new is not None and section.old.level:
            i, j = old_sections.get(id(section.old)), new_sections.get(id(section.new))
            if i is not None and j is not None:
                _pair(old, i, new, j, moved=section.moved)
    for change in diff.changes:
        if change.old is not None and change.new is not None:
            i, j = old_blocks.get(id(change.old)), new_blocks.get(id(change.new))
            if i is not None and j is not None:
                _pair(old, i, new, j, moved=change.kind == "moved", change=change)
    return Sides(old, new)


def _pair(old: list[Item], i: int, new: list[Item], j: int, *, moved: bool = False,
          change: BlockChange | None = None) -> None:
    old[i].partner, new[j].partner, old[i].moved = j, i, moved
    old[i].words = _words(old[i].text, new[j].text, change)


def _words(old: str, new: str, change: BlockChange | None) -> Words:
    """A word diff whose sides join to exactly ``old`` and ``new``."""
    if old == new:
        return [("equal", old)] if old else []
    candidates: list[Words] = []
    if change is not None and change.words:
        candidates.append(list(change.words))
    candidates.append(list(word_diff(old, new)))
    for words in candidates:
        if _joins(words, "insert") == old and _joins(words, "delete") == new:
            return words
    return [("delete", old), ("insert", new)]


def _joins(words: Words, skipped: Op) -> str:
    return "".join(text for op, text in words if op != skipped)


def _kept_pairs(old: list[Item]) -> list[tuple[int, int]]:
    """The pairs written once: not moved, and in the same order on both sides.

    The longest run of pairs increasing on both sides is kept; any other pair is a move, so
    the order of the paragraphs is right whichever way every change is resolved.
    """
    pairs = [(i, item.partner) for i, item in enumerate(old)
             if item.partner is not None and not item.moved]
    pairs.sort(key=lambda pair: pair[1])
    kept = [pairs[k] for k in longest_increasing([i for i, _ in pairs])]
    kept_old = {i for i, _ in kept}
    for i, item in enumerate(old):
        if item.partner is not None and i not in kept_old:
            item.moved = True
    return kept


class TrackedWriter:
    """Writes paragraphs of tracked changes as WordprocessingML, one revision id per mark."""

    def __init__(self, output: WordDocument, author: str, date: dt.datetime | None) -> None:
        self.output = output
        # Word's move ranges require a date; without a revision, the changes are made now.
        date = (date or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        if date.tzinfo is not None:
            date = date.astimezone(dt.UTC)
        stamp = f" w:date={quoteattr(date.strftime('%Y-%m-%dT%H:%M:%SZ'))}"
        self.attributes = f" w:author={quoteattr(xml_safe(author))}{stamp}"
        self.next_id = 1
        self.lists: dict[tuple[str, int, int], int] = {}
        self.moves = 0
        self.parts: list[str] = []

    def mark(self, tag: str, extra: str = "") -> str:
        self.next_id += 1
        return f'<w:{tag} w:id="{self.next_id}"{self.attributes}{extra}'

    def paragraph(self, item: Item, mark: str | None, runs: str) -> None:
        properties = ""
        if item.style is not None:
            properties += f'<w:pStyle w:val="{word.style_id(item.style)}"/>'
        if item.list_key is not None:
            if item.list_key not in self.lists:
                self.lists[item.list_key] = word.start_list(
                    self.output, ordered=item.ordered, depth=item.depth)
            properties += (f'<w:numPr><w:ilvl w:val="{min(item.depth, 8)}"/>'
                           f'<w:numId w:val="{self.lists[item.list_key]}"/></w:numPr>')
        if mark is not None:
            properties += f"<w:rPr>{self.mark(mark)}/></w:rPr>"
        head = f"<w:pPr>{properties}</w:pPr>" if properties else ""
        self.parts.append(f"<w:p>{head}{runs}</w:p>")

    def runs(self, words: Iterable[tuple[Op, str]]) -> str:
        out = []
        for op, text in words:
            if not text:
                continue
            if op == "equal":
                out.append(_run(text))
            elif op == "insert":
                out.append(f"{self.mark('ins')}>{_run(text)}</w:ins>")
            else:
                out.append(f"{self.mark('del')}>{_run(text, deleted=True)}</w:del>")
        return "".join(out)

    def kept(self, old: Item, new: Item) -> None:
        self.paragraph(new, None, self.runs(old.words))

    def removed(self, item: Item) -> None:
        self.paragraph(item, "del", self.runs([("delete", item.text)]))

    def added(self, item: Item) -> None:
        self.paragraph(item, "ins", self.runs([("insert", item.text)]))

    def moved(self, item: Item, name: str, *, source: bool) -> None:
        tag = "moveFrom" if source else "moveTo"
        range_id = self.next_id = self.next_id + 1
        # Moved text stays in w:t (ISO 29500 17.13.5.23); the paragraph mark is a plain
        # deletion or insertion, because Word ignores moveFrom/moveTo on paragraph marks.
        body = _run(item.text) if item.text else ""
        runs = (f'<w:{tag}RangeStart w:id="{range_id}"{self.attributes} w:name="{name}"/>'
                f"{self.mark(tag)}>{body}</w:{tag}>"
                f'<w:{tag}RangeEnd w:id="{range_id}"/>')
        self.paragraph(item, "del" if source else "ins", runs)

    def flush(self) -> None:
        """Add the paragraphs to the body, and a last plain paragraph: a deleted or inserted
        paragraph mark joins its paragraph to the next one, so there must always be one."""
        body = self.output.element.body
        self.parts.append("<w:p/>")
        fragment = parse_xml(f'<w:body {nsdecls("w")}>{"".join(self.parts)}</w:body>')
        anchor = body.sectPr
        for paragraph in list(fragment):
            if anchor is not None:
                anchor.addprevious(paragraph)
            else:
                body.append(paragraph)
        self.parts.clear()


def _run(text: str, *, deleted: bool = False) -> str:
    tag = "w:delText" if deleted else "w:t"
    return f'<w:r><{tag} xml:space="preserve">{escape(xml_safe(text))}</{tag}></w:r>'


def redline_document(diff: DocumentDiff, *, title: str, old_label: str, new_label: str,
                     author: str | None = None,
                     date: dt.datetime | None = None) -> WordDocument:
    """The redline as a python-docx document (see the module docstring).

    ``author`` and ``date`` stamp every change: the git revision of the new side where there
    is one; otherwise the changes are credited to jdtool and dated now.
    """
    author = author or DEFAULT_AUTHOR
    output = word.new_document()
    sides = lay_out(diff)
    kept = _kept_pairs(sides.old)
    writer = TrackedWriter(output, author, date)
    moves: dict[int, str] = {}

    def move_name(old_index: int) -> str:
        return moves.setdefault(old_index, f"move{len(moves) + 1}")

    def emit_old(start: int, stop: int) -> None:
        for i in range(start, stop):
            item = sides.old[i]
            if item.partner is None:
                writer.removed(item)
            else:
                writer.moved(item, move_name(i), source=True)

    def emit_new(start: int, stop: int) -> None:
        for j in range(start, stop):
            item = sides.new[j]
            if item.partner is None:
                writer.added(item)
            else:
                writer.moved(item, move_name(item.partner), source=False)

    old_at = new_at = 0
    for i, j in kept:
        emit_old(old_at, i)
        emit_new(new_at, j)
        writer.kept(sides.old[i], sides.new[j])
        old_at, new_at = i + 1, j + 1
    emit_old(old_at, len(sides.old))
    emit_new(new_at, len(sides.new))
    writer.flush()
    header = output.sections[0].header.paragraphs[0]
    header.text = xml_safe(f"{title} — {old_label} → {new_label}")
    word.set_properties(output, None, title=title, subject=f"{old_label} → {new_label}")
    output.core_properties.author = author
    return output


def render(diff: DocumentDiff, *, title: str, old_label: str, new_label: str,
           author: str | None = None, date: dt.datetime | None = None) -> bytes:
    """The redline .docx as bytes."""
    return docx_bytes(redline_document(diff, title=title, old_label=old_label,
                                       new_label=new_label, author=author, date=date))
