"""Word export: the .docx files are read back with python-docx and checked against the model."""

from __future__ import annotations

import io
import shutil
import string
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jdtool.cli.app import app
from jdtool.core.documents import parse_document
from jdtool.core.model import BlockKind, Document, Pack
from jdtool.core.packs import load_packs
from jdtool.core.schema import KIND_HEADINGS
from jdtool.office import word
from jdtool.office.docx_export import document_to_docx, docx_bytes, pack_to_docx
from jdtool.office.xml_text import xml_safe
from tests.conftest import POSTS, write

PACK = POSTS / "director-of-operations"


def _pack(path: Path = PACK) -> Pack:
    packs, problems = load_packs([path])
    assert not problems
    return packs[0]


def _export(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["export", *args])
    return result.exit_code, result.output


def _headings(document: docx.document.Document) -> list[tuple[int, str]]:
    found = []
    for paragraph in document.paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name.startswith("Heading "):
            found.append((int(name.split()[1]), paragraph.text))
    return found


def _expected_headings(pack: Pack) -> list[tuple[int, str]]:
    expected: list[tuple[int, str]] = []
    for document in pack.documents:
        assert document.kind is not None
        expected.append((1, KIND_HEADINGS[document.kind]))
        expected.extend((section.level, section.heading) for section in document.sections())
    return expected


def _list_paragraphs(document: docx.document.Document) -> list[tuple[str, int, str]]:
    """(number format, level, text) of every paragraph that is a Word list item."""
    numbering = document.part.numbering_part.element
    formats = {}
    for num in numbering.findall(qn("w:num")):
        abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        formats[num.get(qn("w:numId"))] = abstract
    items = []
    for paragraph in document.paragraphs:
        properties = paragraph._p.pPr
        if properties is None or properties.numPr is None:
            continue
        num_id = str(properties.numPr.numId.val)
        level = int(properties.numPr.ilvl.val)
        abstract = numbering.find(f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}="
                                  f"'{formats[num_id]}']")
        fmt = abstract.find(f"{qn('w:lvl')}[@{qn('w:ilvl')}='{level}']").find(
            qn("w:numFmt")).get(qn("w:val"))
        items.append((fmt, level, paragraph.text))
    return items


def test_pack_export_has_real_headings_lists_tables_and_properties(tmp_path: Path) -> None:
    target = tmp_path / "pack.docx"
    code, output = _export(tmp_path, str(PACK), "-o", str(target))
    assert code == 0, output
    assert f"wrote {target}" in output
    document = docx.Document(str(target))
    pack = _pack()

    assert _headings(document) == _expected_headings(pack)

    list_blocks = [block for d in pack.documents for _, block in d.blocks()
                   if block.kind in (BlockKind.NUMBERED, BlockKind.BULLET) and block.group]
    items = _list_paragraphs(document)
    assert [(b.depth, b.text) for b in list_blocks] == [(level, text) for _, level, text in items]
    assert {fmt for fmt, _, _ in items} == {"decimal", "bullet"}
    for block, (fmt, _, _) in zip(list_blocks, items, strict=True):
        assert fmt == ("decimal" if block.kind is BlockKind.NUMBERED else "bullet")

    spec = pack.document(pack.documents[0].kind.__class__("person-spec"))
    assert spec is not None
    criteria_tables = [t for t in document.tables
                       if [c.text for c in t.rows[0].cells] == ["Criterion", "Essential/Desirable",
                                                                "Assessed by"]]
    rows = [[c.text for c in row.cells] for t in criteria_tables for row in t.rows[1:]]
    assert [row[0] for row in rows] == [c.text for c in spec.criteria()]
    assert [row[1].lower() for row in rows] == [str(c.importance) for c in spec.criteria()]
    assert [row[2].lower().split(", ") for row in rows] == \
        [list(c.assessed_by) for c in spec.criteria()]
    # the heading row repeats on each page
    assert all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in criteria_tables)

    meta = pack.meta
    assert meta is not None
    properties = document.core_properties
    assert properties.title == pack.title()
    assert properties.identifier == meta.ref
    assert properties.author == meta.organisation
    with zipfile.ZipFile(target) as archive:
        custom = archive.read("docProps/custom.xml").decode()
        app_xml = archive.read("docProps/app.xml").decode()
    assert f"<vt:lpwstr>{meta.ref}</vt:lpwstr>" in custom
    assert "Organisation" in custom
    assert "<Company>Northfield Workers&apos;" in app_xml or \
        "<Company>Northfield Workers'" in app_xml


def test_numbered_lists_restart_where_the_source_does() -> None:
    pack = _pack()
    output = pack_to_docx(pack)
    numbering = output.part.numbering_part.element
    starts = {num.get(qn("w:numId")): int(override.get(qn("w:val")))
              for num in numbering.findall(qn("w:num"))
              for override in num.iter(qn("w:startOverride"))}
    brief = pack.documents[0]
    first_numbers = sorted({int(b.number) for _, b in brief.blocks()
                            if b.kind is BlockKind.NUMBERED and b.group and b.number
                            and b is next(x for _, x in brief.blocks() if x.group == b.group)})
    assert first_numbers[0] == 1 and len(first_numbers) > 1
    assert set(first_numbers) <= set(starts.values())


def test_single_document_export_starts_headings_at_level_one(tmp_path: Path) -> None:
    target = tmp_path / "gs.docx"
    code, output = _export(tmp_path, str(POSTS / "general-secretary.md"), "-o", str(target))
    assert code == 0, output
    document = docx.Document(str(target))
    model = parse_document((POSTS / "general-secretary.md").read_text(), POSTS)
    assert _headings(document) == [(s.level - 1, s.heading) for s in model.sections()]
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == model.display_title()


def test_one_document_of_a_pack_exports_that_document(tmp_path: Path) -> None:
    target = tmp_path / "spec.docx"
    code, output = _export(tmp_path, str(PACK / "person-spec.md"), "-o", str(target))
    assert code == 0, output
    document = docx.Document(str(target))
    pack = _pack()
    assert document.paragraphs[1].text.startswith("Person specification")
    assert _headings(document) == [(1, s.heading) for s in pack.documents[2].sections()]
    facts = [row.cells[0].text for row in document.tables[0].rows]
    assert "Reference" in facts  # inherited from pack.md
    criteria = [row.cells[0].text for t in document.tables[1:] for row in t.rows[1:]]
    assert criteria == [c.text for c in pack.documents[2].criteria()]


def test_export_of_every_pack_into_a_folder(tmp_path: Path) -> None:
    code, output = _export(tmp_path, str(POSTS), "-o", str(tmp_path / "out"))
    assert code == 0, output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["director-of-operations.docx", "general-secretary.docx",
                     "regional-organiser.docx"]
    code, output = _export(tmp_path, str(POSTS), "-o", str(tmp_path / "all.docx"))
    assert code == 2 and "give -o a folder" in output  # a usage error
    assert not (tmp_path / "all.docx").exists()


INLINE = """---
kind: description
title: Test & Check <Officer>
organisation: Fictional Union of Testers
ref: FUT/1
---

## Duties

Work **in bold**, *in italics*, ~~struck~~, `in code` and [a safe link](https://example.org/a?b=1&c=2).
A bad [script link](javascript:alert(1)) and <b>raw html</b> stay text.

1. first
2. second
   - nested bullet
"""


def test_inline_markup_becomes_runs_and_only_safe_links(tmp_path: Path) -> None:
    source = write(tmp_path / "test-officer.md", INLINE)
    output = document_to_docx(parse_document(INLINE, source))
    target = tmp_path / "out.docx"
    target.write_bytes(docx_bytes(output))
    document = docx.Document(str(target))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Work"))
    runs = {run.text: run for run in paragraph.runs}
    assert runs["in bold"].bold and runs["in italics"].italic and runs["struck"].font.strike
    assert runs["in code"].font.name == word.CODE_FONT
    assert "<b>raw html</b>" in paragraph.text
    links = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    assert links == ["https://example.org/a?b=1&c=2"]
    hyperlink = paragraph._p.find(qn("w:hyperlink"))
    assert "".join(t.text for t in hyperlink.iter(qn("w:t"))) == "a safe link"
    assert document.core_properties.title == "Test & Check <Officer>"
    items = _list_paragraphs(document)
    assert items == [("decimal", 0, "first"), ("decimal", 0, "second"),
                     ("bullet", 1, "nested bullet")]


def test_every_style_the_writers_use_exists_in_the_template() -> None:
    template = word.new_document()
    names = ["Title", "Subtitle", "Quote", "No Spacing", "List Continue", "Table Grid",
             *(f"Heading {n}" for n in range(1, 10)),
             *(word.list_style(ordered=o, depth=d) for o in (True, False) for d in range(4))]
    for name in names:
        assert template.styles[name].style_id == word.style_id(name)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.text(alphabet=string.printable + "£éü—\x01\x0b", min_size=1, max_size=60),
                min_size=1, max_size=5))
def test_any_paragraph_text_survives_export(paragraphs: list[str]) -> None:
    body = "\n\n".join(f"Para {p}" for p in paragraphs)
    text = f"---\nkind: description\ntitle: T\n---\n\n## Section\n\n{body}\n"
    model = parse_document(text, Path("t.md"))
    reread = docx.Document(io.BytesIO(docx_bytes(document_to_docx(model))))
    written = [" ".join(p.text.split()) for p in reread.paragraphs]
    for _, block in model.blocks():
        if block.kind is BlockKind.PARAGRAPH:
            assert " ".join(xml_safe(block.text).split()) in written


def test_broken_document_is_refused_with_one_line_and_nothing_written(tmp_path: Path) -> None:
    source = write(tmp_path / "broken.md", "---\nkind: description\ntitle: [unclosed\n---\n\nx\n")
    target = tmp_path / "broken.docx"
    code, output = _export(tmp_path, str(source), "-o", str(target))
    assert code == 1
    assert "broken.md" in output
    assert "Traceback" not in output
    assert len(output.strip().splitlines()) == 1
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_missing_path_is_a_clean_error(tmp_path: Path) -> None:
    code, output = _export(tmp_path, str(tmp_path / "nowhere"))
    assert code == 1
    assert "nowhere" in output and "Traceback" not in output


def test_binary_file_is_one_line(tmp_path: Path) -> None:
    source = tmp_path / "scan.md"
    source.write_bytes(bytes(range(256)) * 8)
    code, output = _export(tmp_path, str(source), "-o", str(tmp_path / "scan.docx"))
    assert code == 1
    assert output.strip().count("\n") == 0 and "scan.md" in output
    assert not (tmp_path / "scan.docx").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_export(tmp_path: Path) -> None:
    target = tmp_path / "pack.docx"
    target.write_bytes(docx_bytes(pack_to_docx(_pack())))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "txt:Text", "--outdir", str(tmp_path), str(target)],
                   check=True, capture_output=True, timeout=120)
    text = (tmp_path / "pack.txt").read_text(encoding="utf-8-sig")
    pack = _pack()
    spec: Document = pack.documents[2]
    for criterion in spec.criteria():
        assert criterion.text in text
    assert "Person specification" in text


def test_build_docx_writes_a_word_pack_next_to_each_pdf(posts_copy: Path, tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    out = tmp_path / "site"
    common = ["build", str(posts_copy), "--out", str(out), "--no-pdf", "--today", "2026-12-01",
              "--no-cache", "--quiet"]
    result = CliRunner().invoke(app, [*common, "--docx"])
    assert result.exit_code == 0, result.output
    packs, _ = load_packs([posts_copy])
    published = [p for p in packs if (out / p.slug / "index.html").exists()]
    assert published
    for pack in published:
        target = out / pack.slug / f"{pack.slug}.docx"
        document = docx.Document(str(target))
        assert document.core_properties.title == pack.title()
        page = BeautifulSoup((out / pack.slug / "index.html").read_text(), "html.parser")
        assert page.find("a", href=f"../{pack.slug}/{pack.slug}.docx") is not None
    result = CliRunner().invoke(app, common)
    assert result.exit_code == 0, result.output
    assert not list(out.rglob("*.docx"))


def test_word_and_site_state_the_same_key_facts() -> None:
    """One list of key facts (``jdtool.core.facts``): the Word table shows what the page shows."""
    import datetime as dt

    from jdtool.core.facts import key_facts
    from jdtool.publish.views import pack_view

    pack = _pack()
    view = pack_view(pack, dt.date(2026, 12, 1), pdf=False)
    assert view.facts == key_facts(pack.meta)
    assert [label for label, _ in view.facts][:2] == ["Organisation", "Reference"]
    table = next(t for t in pack_to_docx(pack).tables if t.rows[0].cells[0].text == "Post details")
    assert [(row.cells[0].text, row.cells[1].text) for row in table.rows[1:]] == view.facts
