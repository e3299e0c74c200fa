"""Importing Word files built with python-docx: styles, lists, bold and criteria tables."""

from __future__ import annotations

from pathlib import Path

import docx

from jdtool.core.packs import load_packs
from jdtool.core.schema import Kind
from tests.import_support import assert_checks_clean, assert_no_word_lost, run_import


def _word_file(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Head of Policy", style="Title")
    document.add_heading("Job description", level=1)
    document.add_paragraph("Ref: WFU/2025/11")
    document.add_paragraph("Closing date: 5pm on Monday 2 June 2025")
    document.add_heading("Job purpose", level=2)
    purpose = document.add_paragraph("The Head of Policy leads the Waterways Federation's policy "
                                     "team and makes sure that ")
    purpose.add_run("members' views").bold = True
    purpose.add_run(" shape every submission we make.")
    document.add_heading("Main duties", level=2)
    for text in ("Lead a team of four policy officers.", "Write consultation responses."):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("Keep the policy register up to date.", style="List Bullet")
    document.add_paragraph().add_run("Other duties").bold = True
    document.add_paragraph("Any other duties the General Secretary may reasonably ask.")
    document.add_heading("Person specification", level=1)
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Area", "Criteria", "Essential/Desirable",
                                                "How assessed"], strict=True):
        cell.text = text
    for row in (("Experience", "Leading a small team of specialists", "Essential",
                 "Application, Interview"),
                ("", "Writing for a general audience", "Essential", "Test"),
                ("Knowledge", "The inland waterways sector", "Desirable", "Shortlisting")):
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.save(path)
    return path


def test_word_file_becomes_a_pack_with_criteria(tmp_path: Path) -> None:
    source = _word_file(tmp_path / "head-of-policy.docx")
    out = tmp_path / "posts"
    code, output, data = run_import([source], out)
    assert code == 0, output
    assert_checks_clean(out)
    reopened = docx.Document(str(source))
    visible = "\n".join([p.text for p in reopened.paragraphs] +
                        [cell.text for t in reopened.tables for row in t.rows for cell in row.cells]
                        + ["1 2"])  # Word numbers the list; python-docx does not show numbers
    assert_no_word_lost(visible, out, data)
    packs, _ = load_packs([out])
    pack = packs[0]
    assert pack.meta is not None and pack.meta.title == "Head of Policy"
    assert pack.meta.closing is not None and pack.meta.closing.isoformat() == "2025-06-02T17:00:00"
    description = pack.document(Kind.DESCRIPTION)
    assert description is not None
    headings = [section.heading for section in description.sections()]
    assert headings == ["Job purpose", "Main duties", "Other duties"]
    blocks = [(block.kind, block.number, block.text) for _, block in description.blocks()]
    assert ("numbered", "2", "Write consultation responses.") in blocks
    assert ("bullet", None, "Keep the policy register up to date.") in blocks
    assert "**members' views**" in description.source
    spec = pack.document(Kind.PERSON_SPEC)
    assert spec is not None
    criteria = [(c.group, c.text, c.importance, c.assessed_by) for c in spec.criteria()]
    assert criteria[:2] == [
        ("Experience", "Leading a small team of specialists", "essential",
         ("application", "interview")),
        ("Experience", "Writing for a general audience", "essential", ("test",))]
    # An assessment stage jdtool does not know stays with the criterion's text.
    assert criteria[2] == ("Knowledge", "The inland waterways sector (Shortlisting)",
                           "desirable", ())


def test_not_a_word_file_is_one_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "old.docx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0 an old binary .doc renamed")
    code, output, _ = run_import([fake], tmp_path / "posts")
    assert code == 1
    assert "old.docx:1:1: error JD001 not a Word .docx file" in output
    assert "Traceback" not in output and not (tmp_path / "posts").exists()


def test_word_criteria_tables_with_ticks_and_with_criteria_in_columns(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Person specification", level=1)
    ticks = document.add_table(rows=1, cols=4)
    for cell, text in zip(ticks.rows[0].cells, ["Criteria", "Essential", "Desirable",
                                                "Method of assessment"], strict=True):
        cell.text = text
    for row in (("Experience of casework", "✓", "", "Application/Interview"),
                ("A full driving licence", "", "X", "Application")):
        for cell, text in zip(ticks.add_row().cells, row, strict=True):
            cell.text = text
    document.add_paragraph("")
    columns = document.add_table(rows=1, cols=3)
    for cell, text in zip(columns.rows[0].cells, ["", "Essential", "Desirable"], strict=True):
        cell.text = text
    cells = columns.add_row().cells
    cells[0].text = "Knowledge"
    cells[1].text = "Employment law"
    cells[1].add_paragraph("• Health and safety law")
    cells[2].text = "The rail industry"
    source = tmp_path / "spec.docx"
    document.save(source)
    out = tmp_path / "posts"
    code, output, data = run_import([source], out)
    assert code == 0, output
    assert_checks_clean(out)
    reopened = docx.Document(str(source))
    visible = "\n".join(cell.text for t in reopened.tables for row in t.rows
                        for cell in row.cells) + "\nPerson specification"
    assert_no_word_lost(visible, out, data)
    criteria = load_packs([out])[0][0].all_documents()[0].criteria()
    assert [(c.group, c.text, c.importance, c.assessed_by) for c in criteria] == [
        ("Criteria", "Experience of casework", "essential", ("application", "interview")),
        ("Criteria", "A full driving licence", "desirable", ("application",)),
        ("Knowledge", "Employment law", "essential", ()),
        ("Knowledge", "Health and safety law", "essential", ()),
        ("Knowledge", "The rail industry", "desirable", ())]


def test_facts_in_word_page_headers_and_footers(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Northfield Workers' Union\tRef: NWU/25/7"
    document.sections[0].footer.paragraphs[0].text = "Job description updated June 2021"
    document.add_heading("Job description: Press Officer", level=1)
    document.add_paragraph("The Press Officer answers calls from journalists.")
    source = tmp_path / "press.docx"
    document.save(source)
    out = tmp_path / "posts"
    code, output, _ = run_import([source], out)
    assert code == 0, output
    assert_checks_clean(out)
    meta = load_packs([out])[0][0].all_documents()[0].meta
    assert meta is not None
    assert (meta.title, meta.organisation, meta.ref, str(meta.revised)) == (
        "Press Officer", "Northfield Workers' Union", "NWU/25/7", "2021-06")
