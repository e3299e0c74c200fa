"""A ``DocumentDiff`` as a Word document of native tracked changes (``w:ins``, ``w:del``, moves).

Both documents are laid out as one sequence of paragraphs and table rows: a changed title,
the changed post details (a "Post details" table, fields by their labels), then headings and
blocks in reading order, criteria and other tables as Word tables. Blocks, rows and headings
the diff pairs and that keep their relative order are written once (reworded ones, and
criteria whose importance or stages changed, with word-level insertions and deletions in
each cell); removed ones are deletions and added ones insertions, paragraph marks and table
rows included; moved paragraphs are Word moves (``w:moveFrom`` where they were, ``w:moveTo``
where they are), moved rows a deleted row and an inserted one. So accepting every change
gives exactly the new document's text and rejecting every change the old one's.

The title and the two version labels stand in the first page's header, above the text, so
that they are not part of what accepting the changes produces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal
from xml.sax.saxutils import escape, quoteattr

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from jdtool.core.facts import field_label
from jdtool.core.markdown import plain_text
from jdtool.core.model import Block, BlockKind, Section
from jdtool.diff.model import ROOT_PATH, BlockChange, DocumentDiff
from jdtool.diff.words import longest_increasing, word_diff
from jdtool.office import word
from jdtool.office.docx_export import CRITERIA_HEADER, docx_bytes
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
    cells: tuple[str, ...] | None = None
    """A table row's cells (a criterion: text, importance, stages); None for a paragraph."""
    table: str = ""
    """Which kind of table a row belongs to: ``criteria``, ``details`` or ``rows``."""
    cell_words: list[Words] = field(default_factory=list)
    """For a paired old row: the word diff of each cell."""

    @property
    def is_row(self) -> bool:
        return self.cells is not None


DETAILS_HEADER = ("Post details", "")
TABLE_HEADERS = {"criteria": CRITERIA_HEADER, "details": DETAILS_HEADER}
TABLE_WIDTHS = {"criteria": (0.6, 0.15, 0.25), "details": (0.3, 0.7)}


def cells_of(block: Block) -> tuple[str, ...] | None:
    """The cells a table row or criterion is written as; None for any other block."""
    criterion = block.criterion
    if block.kind is BlockKind.CRITERION and criterion is not None:
        importance = str(criterion.importance).capitalize() if criterion.importance else ""
        stages = ", ".join(stage.capitalize() for stage in criterion.assessed_by)
        return (block.text, importance, stages)
    if block.kind is BlockKind.ROW and block.cells:
        return tuple(" ".join(plain_text(cell).split()) for cell in block.cells)
    return None


def _block_item(block: Block, side: str) -> Item:
    cells = cells_of(block)
    if cells is not None:
        table = "criteria" if block.kind is BlockKind.CRITERION else "rows"
        return Item(" ".join(cells), cells=cells, table=table)
    if block.kind in (BlockKind.NUMBERED, BlockKind.BULLET) and block.group:
        ordered = block.kind is BlockKind.NUMBERED
        return Item(block.text, word.list_style(ordered=ordered, depth=block.depth),
                    (side, block.group, block.depth), ordered, block.depth)
    if block.kind is BlockKind.QUOTE:
        return Item(block.text, "Quote")
    if block.kind is BlockKind.CODE:
        return Item(block.text, "No Spacing")
    return Item(block.text)


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
    # The title first, as a document starts; then the other changed details as a table.
    changes = sorted(diff.meta_changes, key=lambda change: change.name != "heading")
    for field_change in changes:
        name, before, after = field_change.name, field_change.old, field_change.new
        for side, value in ((old, before), (new, after)):
            if value is None:
                continue
            if name == "heading":
                side.append(Item(value, "Title"))
            else:
                label = field_label(name)
                side.append(Item(f"{label} {value}", cells=(label, value), table="details"))
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
    before, after = old[i], new[j]
    if before.is_row != after.is_row or \
            len(before.cells or ()) != len(after.cells or ()):
        return  # a paragraph become a row (or a row of another width): removed and added
    before.partner, after.partner, before.moved = j, i, moved
    if before.cells is not None and after.cells is not None:
        before.cell_words = [_words(a, b, change if index == 0 and before.table == "criteria"
                                    else None)
                             for index, (a, b) in enumerate(zip(before.cells, after.cells,
                                                                strict=True))]
        return
    before.words = _words(before.text, after.text, change)


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
        self.rows: list[tuple[str | None, list[str]]] = []
        """The rows of the table being written: (tracked mark or None, cells' runs)."""
        self.table = ""
        self.after_table = False

    def mark(self, tag: str, extra: str = "") -> str:
        self.next_id += 1
        return f'<w:{tag} w:id="{self.next_id}"{self.attributes}{extra}'

    def paragraph(self, item: Item, mark: str | None, runs: str) -> None:
        self.close_table()
        self.after_table = False
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

    def runs(self, words: Iterable[tuple[Op, str]], *, bold: bool = False) -> str:
        out = []
        for op, text in words:
            if not text:
                continue
            if op == "equal":
                out.append(_run(text, bold=bold))
            elif op == "insert":
                out.append(f"{self.mark('ins')}>{_run(text, bold=bold)}</w:ins>")
            else:
                out.append(f"{self.mark('del')}>{_run(text, deleted=True, bold=bold)}</w:del>")
        return "".join(out)

    def kept(self, old: Item, new: Item) -> None:
        if new.cells is not None:
            self.row(new, None, [self.runs(words) for words in old.cell_words])
            return
        self.paragraph(new, None, self.runs(old.words))

    def removed(self, item: Item) -> None:
        if item.cells is not None:
            self.row(item, "del", [self.runs([("delete", cell)]) for cell in item.cells])
            return
        self.paragraph(item, "del", self.runs([("delete", item.text)]))

    def added(self, item: Item) -> None:
        if item.cells is not None:
            self.row(item, "ins", [self.runs([("insert", cell)]) for cell in item.cells])
            return
        self.paragraph(item, "ins", self.runs([("insert", item.text)]))

    def row(self, item: Item, mark: str | None, cells: list[str]) -> None:
        """One table row; consecutive rows of one kind and width make one Word table."""
        if self.rows and (self.table != item.table or len(self.rows[0][1]) != len(cells)):
            self.close_table()
        self.table = item.table
        self.rows.append((mark, cells))

    def close_table(self) -> None:
        """Write the rows gathered so far as a table, under its heading row if it has one.

        The heading row is inserted or deleted with the table when every row is, so
        accepting or rejecting every change never leaves a heading over nothing.
        """
        if not self.rows:
            return
        if self.after_table:
            self.parts.append("<w:p/>")  # two tables touching would become one
        count = len(self.rows[0][1])
        shares = TABLE_WIDTHS.get(self.table) or (1 / count,) * count
        widths = [int(word.text_width() * share) for share in shares]
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        parts = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" '
                 'w:type="auto"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
                 'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
                 f"<w:tblGrid>{grid}</w:tblGrid>"]
        header = TABLE_HEADERS.get(self.table)
        if header is not None:
            marks = {mark for mark, _ in self.rows}
            mark = next(iter(marks)) if len(marks) == 1 else None
            op: Op = "insert" if mark == "ins" else "delete" if mark == "del" else "equal"
            cells = [self.runs([(op, text)], bold=True) for text in header]
            parts.append(self._table_row(mark, cells, widths, header=True))
        parts += [self._table_row(mark, cells, widths) for mark, cells in self.rows]
        parts.append("</w:tbl>")
        self.parts.append("".join(parts))
        self.rows = []
        self.after_table = True

    def _table_row(self, mark: str | None, cells: list[str], widths: list[int], *,
                   header: bool = False) -> str:
        properties = "<w:tblHeader/>" if header else ""
        if mark is not None:
            properties += f"{self.mark(mark)}/>"
        head = f"<w:trPr>{properties}</w:trPr>" if properties else ""
        body = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                       f"<w:p>{runs}</w:p></w:tc>"
                       for runs, width in zip(cells, widths, strict=True))
        return f"<w:tr>{head}{body}</w:tr>"

    def moved(self, item: Item, name: str, *, source: bool) -> None:
        if item.cells is not None:
            # Word cannot move a table row: it is deleted where it was, inserted where it is.
            (self.removed if source else self.added)(item)
            return
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
        self.close_table()
        self.parts.append("<w:p/>")
        fragment = parse_xml(f'<w:body {nsdecls("w")}>{"".join(self.parts)}</w:body>')
        anchor = body.sectPr
        for paragraph in list(fragment):
            if anchor is not None:
                anchor.addprevious(paragraph)
            else:
                body.append(paragraph)
        self.parts.clear()


def _run(text: str, *, deleted: bool = False, bold: bool = False) -> str:
    tag = "w:delText" if deleted else "w:t"
    head = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{head}<{tag} xml:space="preserve">{escape(xml_safe(text))}</{tag}></w:r>'


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
    _headers(output, title, old_label, new_label)
    word.set_properties(output, None, title=title, subject=f"{old_label} → {new_label}")
    output.core_properties.author = author
    return output


def _headers(output: WordDocument, title: str, old_label: str, new_label: str) -> None:
    """The title and both versions at the top of the first page; a short line on the rest.

    In the header, not the body: accepting every change gives the new text and nothing else.
    """
    from docx.shared import Pt

    section = output.sections[0]
    section.different_first_page_header_footer = True
    first = section.first_page_header
    heading = first.paragraphs[0]
    run = heading.add_run(xml_safe(title))
    run.bold, run.font.size = True, Pt(18)
    first.add_paragraph(xml_safe(f"From the {old_label} to the {new_label}. Changes are "
                                 "tracked: accept them all for the new text."))
    section.header.paragraphs[0].text = xml_safe(f"{title} — {old_label} → {new_label}")


def render(diff: DocumentDiff, *, title: str, old_label: str, new_label: str,
           author: str | None = None, date: dt.datetime | None = None) -> bytes:
    """The redline .docx as bytes."""
    return docx_bytes(redline_document(diff, title=title, old_label=old_label,
                                       new_label=new_label, author=author, date=date))
