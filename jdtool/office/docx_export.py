"""A job pack or one document as a Word .docx, built from the parsed document model.

Sections become ``Heading n`` paragraphs, Markdown lists real Word lists, criteria a Word
table (Criterion | Essential/Desirable | Assessed by), other tables Word tables; the post's
title, organisation and reference become document properties.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from jdtool.core.documents import require_usable
from jdtool.core.files import path_kind, write_atomically
from jdtool.core.markdown import plain_text
from jdtool.core.model import Block, BlockKind, Document, Pack, Section
from jdtool.core.packs import is_pack_folder, load_named, load_packs
from jdtool.core.problems import JdtoolError, Problem, ProblemsFound, UsageError
from jdtool.core.schema import KIND_HEADINGS
from jdtool.office import word

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

CRITERIA_HEADER = ("Criterion", "Essential/Desirable", "Assessed by")


def pack_to_docx(pack: Pack) -> WordDocument:
    """The whole pack: a title page, the key facts, then each document under a Heading 1."""
    if pack.pack is None and len(pack.documents) == 1:
        return document_to_docx(pack.documents[0])
    output = word.new_document()
    writer = word.BodyWriter(output)
    meta = pack.meta
    title = pack.title()
    writer.text(title, "Title")
    if meta is not None and (meta.organisation or meta.ref):
        writer.text(" · ".join(part for part in (meta.organisation, meta.ref) if part),
                    "Subtitle")
    word.add_facts(writer, meta)
    if pack.pack is not None:
        _write_body(writer, pack.pack, offset=0)
    for document in pack.documents:
        label = KIND_HEADINGS[document.kind] if document.kind else ""
        writer.heading(label or document.display_title(), 1, new_page=True)
        _write_body(writer, document, offset=0)
    writer.flush()
    word.set_properties(output, meta, title=title, subject="Job pack")
    return output


def document_to_docx(document: Document) -> WordDocument:
    """One document on its own: its ``##`` sections become Heading 1."""
    output = word.new_document()
    writer = word.BodyWriter(output)
    title = document.display_title()
    writer.text(title, "Title")
    label = KIND_HEADINGS[document.kind] if document.kind else ""
    meta = document.meta
    subtitle = " · ".join(part for part in (label, meta.organisation if meta else None,
                                            meta.ref if meta else None) if part)
    if subtitle:
        writer.text(subtitle, "Subtitle")
    word.add_facts(writer, meta)
    _write_body(writer, document, offset=-1)
    writer.flush()
    word.set_properties(output, meta, title=title, subject=label or "Job description")
    return output


def docx_bytes(output: WordDocument) -> bytes:
    buffer = io.BytesIO()
    output.save(buffer)
    return buffer.getvalue()


def write_pack(pack: Pack, path: Path) -> Path:
    """Export ``pack`` to ``path``; a pack with errors raises ``JdtoolError`` and writes nothing."""
    refuse_broken(pack.all_documents())
    write_atomically(path, docx_bytes(pack_to_docx(pack)))
    return path


def write_document(document: Document, path: Path) -> Path:
    refuse_broken([document])
    write_atomically(path, docx_bytes(document_to_docx(document)))
    return path


DEFAULT_FOLDER = Path("build/docx")
"""Where ``export`` writes when not told."""


def export_docx(path: Path, output: Path | None = None) -> list[Path]:
    """Export a pack folder (one .docx), a document file (a .docx of it alone) or a folder of
    packs (one .docx each) to ``output`` (a file or folder; default ``build/docx/``)."""

    kind = path_kind(path)
    if isinstance(kind, Problem):
        raise JdtoolError.from_problem(kind)
    if kind == "document":
        named = load_named(path)
        assert isinstance(named, Document)
        name = f"{path.parent.name}-{path.stem}" if is_pack_folder(path.parent) else path.stem
        return [write_document(named, _target(output, name, several=False))]
    packs, problems = load_packs([path])
    if problems or not packs:
        raise ProblemsFound(problems, "" if problems else f"{path}: no documents here")
    if len(packs) > 1 and output is not None and output.suffix.lower() == ".docx":
        raise UsageError(f"{path} holds {len(packs)} packs: give -o a folder, not a .docx")
    return [write_pack(pack, _target(output, pack.slug, several=len(packs) > 1))
            for pack in packs]


def _target(output: Path | None, name: str, *, several: bool) -> Path:
    if output is None:
        return DEFAULT_FOLDER / f"{name}.docx"
    if several or output.is_dir():
        return output / f"{name}.docx"
    return output


def refuse_broken(documents: list[Document]) -> None:
    for document in documents:
        require_usable(document)


def _write_body(writer: word.BodyWriter, document: Document, *, offset: int) -> None:
    _write_blocks(writer, document.body.blocks)
    for section in document.body.children:
        _write_section(writer, section, offset)


def _write_section(writer: word.BodyWriter, section: Section, offset: int) -> None:
    writer.heading(section.heading, section.level + offset)
    _write_blocks(writer, section.blocks)
    for child in section.children:
        _write_section(writer, child, offset)


def _runs(blocks: list[Block]) -> Iterator[list[Block]]:
    """Consecutive blocks that render together: one table, or one single block."""
    index = 0
    while index < len(blocks):
        block = blocks[index]
        end = index + 1
        if block.kind in (BlockKind.ROW, BlockKind.CRITERION):
            while end < len(blocks) and blocks[end].kind is block.kind \
                    and blocks[end].group == block.group:
                end += 1
        yield blocks[index:end]
        index = end


def _write_blocks(writer: word.BodyWriter, blocks: list[Block]) -> None:
    lists: dict[tuple[int, int], int] = {}
    for run in _runs(blocks):
        first = run[0]
        if first.kind is BlockKind.CRITERION:
            writer.table(CRITERIA_HEADER, [_criterion_cells(b) for b in run],
                         widths=(0.6, 0.15, 0.25))
        elif first.kind is BlockKind.ROW:
            _write_table(writer, run)
        elif first.kind in (BlockKind.NUMBERED, BlockKind.BULLET) and first.group:
            _write_list_item(writer, first, lists)
        elif first.kind is BlockKind.NUMBERED:
            # A numbered paragraph ("2.1") keeps its own number, as the source does.
            writer.paragraph(word.run_xml(f"{first.number}") + "<w:r><w:tab/></w:r>" +
                             writer.runs(first.markup), hanging=720)
        elif first.kind is BlockKind.QUOTE:
            writer.markup(first.markup, "Quote")
        elif first.kind is BlockKind.CODE:
            writer.code(first.text)
        else:
            writer.markup(first.markup, "List Continue" if first.depth else None)


def _write_list_item(writer: word.BodyWriter, block: Block,
                     lists: dict[tuple[int, int], int]) -> None:
    ordered = block.kind is BlockKind.NUMBERED
    key = (block.group, block.depth)
    if key not in lists:
        start = int(block.number) if block.number and block.number.isdigit() else 1
        lists[key] = word.start_list(writer.document, ordered=ordered, depth=block.depth,
                                     start=start)
    runs = "<w:r><w:br/></w:r>".join(writer.runs(part) for part in block.markup.split("\n\n"))
    writer.paragraph(runs, word.list_style(ordered=ordered, depth=block.depth),
                     numbering=(lists[key], block.depth))


def _criterion_cells(block: Block) -> tuple[str, str, str]:
    criterion = block.criterion
    if criterion is None:
        return (block.markup, "", "")
    importance = str(criterion.importance).capitalize() if criterion.importance else ""
    stages = ", ".join(stage.capitalize() for stage in criterion.assessed_by)
    return (block.markup, importance, stages)


def _write_table(writer: word.BodyWriter, rows: list[Block]) -> None:
    header = [plain_text(c) for c in rows[0].cells] if rows[0].header \
        else [""] * len(rows[0].cells)
    body = rows[1:] if rows[0].header else rows
    width = max([len(header), *(len(row.cells) for row in body)])
    header = [*header, *[""] * (width - len(header))]
    writer.table(header, [list(row.cells) for row in body])
