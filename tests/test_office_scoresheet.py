"""Panel scoring sheets: every format is opened and read back; the xlsx formulas are evaluated."""

from __future__ import annotations

import csv
import io
import random
import shutil
from pathlib import Path

import formulas
import openpyxl
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from typer.testing import CliRunner

from jdtool.cli.app import app
from jdtool.core.documents import parse_document
from jdtool.core.model import Criterion, Importance, Pack
from jdtool.core.packs import load_packs
from jdtool.office.scoresheet import (
    INTERVIEW,
    PASS_MARK,
    SCORES,
    SUMMARY,
    candidate_columns,
    csv_bytes,
    score_sheet,
    spreadsheet_text,
    xlsx_bytes,
)
from jdtool.office.xml_text import xml_safe
from tests.conftest import POSTS, write

PACK = POSTS / "director-of-operations"


def _criteria(path: Path = PACK) -> list[Criterion]:
    packs, _ = load_packs([path])
    return next(d for d in packs[0].all_documents() if d.criteria()).criteria()


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["scoresheet", *args])
    return result.exit_code, result.output


def _xlsx(tmp_path: Path, *extra: str, pack: Path = PACK) -> Path:
    target = tmp_path / "scores.xlsx"
    code, output = _run(str(pack), "--format", "xlsx", "-o", str(target), *extra)
    assert code == 0, output
    return target


# A short specification keeps formula evaluation and typesetting quick.
SMALL_SPEC = """---
kind: person-spec
title: Branch Secretary (Part-time)
organisation: Fictional Riverside Staff Association
ref: FRSA/7
---

## Knowledge

| Criterion | Essential/Desirable | Assessed by |
|---|---|---|
| Knowledge of the association's rule book | Essential | Application, Interview |
| Understanding of data protection duties | Essential | Interview |
| Knowledge of pension schemes | Desirable | Application |

## Skills

| Criterion | Essential/Desirable | Assessed by |
|---|---|---|
| Clear minute taking | Essential | Test |
| Chairing meetings fairly | Essential | Interview, References |
| Using spreadsheets for branch accounts | Desirable | Test |

## Commitment

| Criterion | Essential/Desirable | Assessed by |
|---|---|---|
| Commitment to equality in branch life | Essential | Application, Interview |
| Willingness to attend evening meetings | Essential | Application |
"""


@pytest.fixture
def small_spec(tmp_path: Path) -> Path:
    return write(tmp_path / "branch-secretary.md", SMALL_SPEC)


def _at_application(criteria: list[Criterion]) -> list[Criterion]:
    return [c for c in criteria if "application" in c.assessed_by or not c.assessed_by]


def test_xlsx_lists_every_application_criterion_grouped_with_panel_columns(
        tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_xlsx(tmp_path, "--candidates", "2", "--panel", "2"))
    assert book.sheetnames == [SCORES, SUMMARY, INTERVIEW]
    sheet = book[SCORES]
    criteria = _at_application(_criteria())
    assert 0 < len(criteria) < len(_criteria())
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=6)]
    listed = [row for row in rows if isinstance(row[0], int)]
    assert [row[1] for row in listed] == [c.text for c in criteria]
    assert [row[2] for row in listed] == [str(c.importance).capitalize() for c in criteria]
    assert [row[3] for row in listed] == [", ".join(s.capitalize() for s in c.assessed_by)
                                          for c in criteria]
    group_rows = [row[0] for row in rows if isinstance(row[0], str)]
    assert group_rows == list(dict.fromkeys(c.group for c in criteria))
    header = [cell.value for cell in sheet[5]]
    assert header[4:8] == ["Panel 1 score", "Panel 1 evidence", "Panel 2 score",
                           "Panel 2 evidence"]
    assert header.count("Panel 2 evidence") == 2  # two candidates
    assert [sheet.cell(4, c.scores[0]).value for c in candidate_columns(
        score_sheet(load_packs([PACK])[0][0], candidates=2, panel=2))] == \
        ["Candidate 1", "Candidate 2"]


def test_interview_sheet_lists_only_criteria_assessed_at_interview(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_xlsx(tmp_path))
    sheet = book[INTERVIEW]
    listed = [row[1].value for row in sheet.iter_rows(min_row=4) if isinstance(row[0].value, int)]
    assert listed == [c.text for c in _criteria() if "interview" in c.assessed_by]
    assert [cell.value for cell in sheet[3]][4] == "Questions"


def _evaluate(path: Path) -> dict[str, object]:
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values: dict[str, object] = {}
    for key, value in solution.items():
        if "!" in key and SUMMARY.upper() in key.upper():
            cell = key.rsplit("!", 1)[1]
            values[cell] = value.value[0][0]
    return values


def test_summary_formulas_total_scores_and_flag_missed_essentials(tmp_path: Path,
                                                                  small_spec: Path) -> None:
    path = _xlsx(tmp_path, "--candidates", "3", "--panel", "2", pack=small_spec)
    book = openpyxl.load_workbook(path)
    sheet = book[SCORES]
    layout = candidate_columns(score_sheet(load_packs([small_spec])[0][0], candidates=3,
                                           panel=2))
    criterion_rows = [r for r in range(6, sheet.max_row + 1)
                      if isinstance(sheet.cell(r, 1).value, int)]
    essential_rows = [r for r in criterion_rows if sheet.cell(r, 3).value == "Essential"]
    generator = random.Random(6)
    totals = [0, 0, 0]
    # Candidate 1 meets everything; candidate 2 falls short on one essential criterion;
    # candidate 3 has one essential criterion left unscored. The specification's essential
    # criteria judged only at interview or by test are not on the shortlisting sheet, so
    # they never leave a fully scored application "not yet fully scored".
    assert len(essential_rows) == 3
    missed_row, unscored_row = essential_rows[1], essential_rows[2]
    for index, columns in enumerate(layout):
        for row in criterion_rows:
            if index == 2 and row == unscored_row:
                continue
            for column in columns.scores:
                score = generator.randint(PASS_MARK, 3)
                if index == 1 and row == missed_row:
                    score = PASS_MARK - 1
                sheet.cell(row, column, score)
                totals[index] += score
            sheet.cell(row, columns.evidence[0], "=not a formula, just evidence")
    sheet.cell(criterion_rows[0], layout[0].evidence[0]).data_type = "s"
    book.save(path)
    values = _evaluate(path)
    assert [values[f"B{6 + i}"] for i in range(3)] == totals
    assert [values[f"C{6 + i}"] for i in range(3)] == [0, 1, 0]
    assert [values[f"D{6 + i}"] for i in range(3)] == [0, 0, 1]
    assert [values[f"E{6 + i}"] for i in range(3)] == [
        "Meets every essential criterion", "Misses an essential criterion",
        "Not yet fully scored"]


def test_pass_mark_cell_drives_the_flag(tmp_path: Path, small_spec: Path) -> None:
    path = _xlsx(tmp_path, "--candidates", "1", "--panel", "1", pack=small_spec)
    book = openpyxl.load_workbook(path)
    sheet = book[SCORES]
    column = candidate_columns(score_sheet(load_packs([small_spec])[0][0], candidates=1,
                                           panel=1))[0].scores[0]
    for row in range(6, sheet.max_row + 1):
        if isinstance(sheet.cell(row, 1).value, int):
            sheet.cell(row, column, 2)
    book[SUMMARY]["B3"] = 3
    book.save(path)
    values = _evaluate(path)
    essentials = sum(1 for c in _at_application(_criteria(small_spec))
                     if c.importance is Importance.ESSENTIAL)
    assert values["C6"] == essentials
    assert values["E6"] == "Misses an essential criterion"


HOSTILE = """---
kind: person-spec
title: Hostile Test Post
organisation: Fictional Testing Society
---

## Skills <script>

| Criterion | Essential/Desirable | Assessed by |
|---|---|---|
| =HYPERLINK("http://evil.example","click") | Essential | Application, Interview |
| <script>alert(1)</script> & more | Desirable | Application |
"""


def test_hostile_criteria_stay_text_in_every_format(tmp_path: Path) -> None:
    source = write(tmp_path / "hostile.md", HOSTILE)
    for fmt in ("xlsx", "csv", "html"):
        code, output = _run(str(source), "--format", fmt, "-o", str(tmp_path / f"h.{fmt}"))
        assert code == 0, output
    book = openpyxl.load_workbook(tmp_path / "h.xlsx")
    cells = [c for row in book[SCORES].iter_rows() for c in row if c.value is not None]
    injected = next(c for c in cells if "HYPERLINK" in str(c.value))
    assert injected.data_type == "s"
    rows = list(csv.reader(io.StringIO((tmp_path / "h.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][2].startswith("'=HYPERLINK")
    soup = BeautifulSoup((tmp_path / "h.html").read_text(), "html.parser")
    assert soup.find("script") is None
    assert "<script>alert(1)</script> & more" in soup.get_text()


def test_csv_is_the_scores_grid(tmp_path: Path) -> None:
    target = tmp_path / "s.csv"
    code, output = _run(str(PACK), "--format", "csv", "--candidates", "4", "--panel", "3",
                        "-o", str(target))
    assert code == 0, output
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0][:5] == ["Group", "No.", "Criterion", "Essential/Desirable", "Assessed by"]
    assert len(rows[0]) == 5 + 4 * 3 * 2
    assert [(r[0], r[2]) for r in rows[1:]] == [(c.group, c.text)
                                                for c in _at_application(_criteria())]


def test_html_has_a_page_per_candidate_and_the_interview_sheet(tmp_path: Path) -> None:
    html = tmp_path / "s.html"
    code, output = _run(str(PACK), "--format", "html", "--candidates", "2", "-o", str(html))
    assert code == 0, output
    soup = BeautifulSoup(html.read_text(), "html.parser")
    titles = [h.get_text() for h in soup.find_all("h1")]
    assert sum("shortlisting scores" in t for t in titles) == 2
    assert sum("interview" in t for t in titles) == 2
    assert any("summary" in t for t in titles)
    interview_table = soup.find(id="interview-1").find_next("table")
    listed = [row.find_all("td")[1].get_text() for row in interview_table.find_all("tr")
              if len(row.find_all("td")) > 2]
    assert listed == [c.text for c in _criteria() if "interview" in c.assessed_by]


def test_pdf_reads_back(tmp_path: Path, small_spec: Path) -> None:
    pdf = tmp_path / "s.pdf"
    code, output = _run(str(small_spec), "--format", "pdf", "--candidates", "2", "--panel", "2",
                        "-o", str(pdf))
    assert code == 0, output
    reader = PdfReader(pdf)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert len(reader.pages) >= 5  # two score pages, the summary, two interview pages
    assert "Candidate 2" in text and "Panel 2 evidence" in text
    for criterion in _criteria(small_spec):
        # Shortlisting pages hold the application criteria, interview pages the interview
        # ones; a criterion judged only by a test is on neither.
        staged = {"application", "interview"} & set(criterion.assessed_by)
        assert (criterion.text in text) == bool(staged)


def test_bad_requests_are_one_line_errors(tmp_path: Path) -> None:
    code, output = _run(str(POSTS / "regional-organiser.md"), "-o", str(tmp_path / "x.xlsx"))
    assert code == 1 and "no person specification" in output and "Traceback" not in output
    code, output = _run(str(PACK), "--candidates", "0", "-o", str(tmp_path / "x.xlsx"))
    assert code == 1 and "--candidates" in output
    assert not (tmp_path / "x.xlsx").exists()
    code, output = _run(str(POSTS), "-o", str(tmp_path / "x.xlsx"))
    assert code == 2 and "give one pack" in output  # a usage error


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_recalculates_the_same_totals(tmp_path: Path) -> None:
    import subprocess

    path = _xlsx(tmp_path, "--candidates", "1", "--panel", "1")
    book = openpyxl.load_workbook(path)
    sheet = book[SCORES]
    column = candidate_columns(score_sheet(load_packs([PACK])[0][0], candidates=1,
                                           panel=1))[0].scores[0]
    total = 0
    for row in range(6, sheet.max_row + 1):
        if isinstance(sheet.cell(row, 1).value, int):
            sheet.cell(row, column, row % 4)
            total += row % 4
    book.save(path)
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=120)
    recalculated = openpyxl.load_workbook(out / path.name, data_only=True)[SUMMARY]
    assert recalculated["B6"].value == total
    assert recalculated["E6"].value == "Misses an essential criterion"


CELL_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                           blacklist_characters="|\n\r\\`*_[]<>&!~"),
                    min_size=1, max_size=40).filter(lambda text: text.strip() != "")


@settings(max_examples=15, deadline=None)
@given(st.lists(CELL_TEXT, min_size=1, max_size=4))
def test_any_criterion_text_is_kept_as_text(texts: list[str]) -> None:
    rows = "".join(f"| {text} | Essential | Application |\n" for text in texts)
    source = ("---\nkind: person-spec\ntitle: Any Post\n---\n\n## Skills\n\n"
              "| Criterion | Essential/Desirable | Assessed by |\n|---|---|---|\n" + rows)
    pack = Pack("any-post", Path("any-post.md"), [parse_document(source, Path("any.md"))])
    sheet = score_sheet(pack, candidates=1, panel=1)
    written = [row.criterion.text for row in sheet.rows]
    assert len(written) == len(texts)
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(sheet)))
    cells = [row[1] for row in book[SCORES].iter_rows(min_row=6)
             if isinstance(row[0].value, int)]
    assert [cell.value for cell in cells] == [xml_safe(text) or None for text in written]
    assert all(cell.data_type == "s" for cell in cells if cell.value)
    table = list(csv.reader(io.StringIO(csv_bytes(sheet).decode("utf-8-sig"))))
    assert [row[2] for row in table[1:]] == [spreadsheet_text(text) for text in written]


def test_every_sheet_prints_landscape_one_page_wide_with_headings_repeated(
        tmp_path: Path) -> None:
    from jdtool.office.scoresheet import CRITERION_WIDTH, LINE_HEIGHT, row_height

    book = openpyxl.load_workbook(_xlsx(tmp_path))
    for name, titles in ((SCORES, "$4:$5"), (SUMMARY, "$5:$5"), (INTERVIEW, "$3:$3")):
        sheet = book[name]
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == titles
    scores = book[SCORES]
    for row in scores.iter_rows(min_row=6):
        if isinstance(row[0].value, int):
            height = scores.row_dimensions[row[0].row].height
            assert height == row_height(str(row[1].value), CRITERION_WIDTH)
            assert row[1].alignment.wrap_text
    interview = book[INTERVIEW]
    heights = [interview.row_dimensions[row[0].row].height
               for row in interview.iter_rows(min_row=4) if isinstance(row[0].value, int)]
    assert heights and min(heights) >= 60  # room for questions and notes
    long = "word " * 60
    assert row_height(long, CRITERION_WIDTH) >= 4 * LINE_HEIGHT
    assert row_height("short", CRITERION_WIDTH) == LINE_HEIGHT + 3


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_says_a_fully_scored_application_meets_every_essential(
        tmp_path: Path) -> None:
    import subprocess

    path = _xlsx(tmp_path, "--candidates", "1", "--panel", "2")
    book = openpyxl.load_workbook(path)
    sheet = book[SCORES]
    columns = candidate_columns(score_sheet(load_packs([PACK])[0][0], candidates=1,
                                            panel=2))[0]
    for row in range(6, sheet.max_row + 1):
        if isinstance(sheet.cell(row, 1).value, int):
            for column in columns.scores:
                sheet.cell(row, column, 3)
    book.save(path)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"), str(path)],
                   check=True, capture_output=True, timeout=120)
    summary = openpyxl.load_workbook(tmp_path / "lo" / path.name, data_only=True)[SUMMARY]
    # The pack has essential criteria judged only at interview: they do not count here.
    assert any("interview" in c.assessed_by and "application" not in c.assessed_by
               and c.importance is Importance.ESSENTIAL for c in _criteria())
    assert summary["D6"].value == 0
    assert summary["E6"].value == "Meets every essential criterion"
