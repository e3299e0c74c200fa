"""Panel scoring sheets from a person specification, one writer per format.

Shortlisting scores the criteria assessed at application (a criterion that names no stage
counts as one): the scores grid lists each of them once, grouped under its heading, with
Essential/Desirable, the stages that assess it, and a score and an evidence column per panel
member and candidate. The xlsx workbook adds a shortlisting summary whose formulas total each
candidate's scores and flag a candidate whose panel average on any essential criterion is
below the pass mark (so a fully scored application is never "not yet fully scored" for want
of criteria only an interview can judge), and an interview sheet listing only the criteria
assessed at interview, with room for questions and notes. Every sheet prints landscape on
A4, one page wide, its heading rows repeated, its rows tall enough for their wrapped text.
csv is the scores grid alone; html and pdf are printable forms of all three.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from jdtool.core.documents import require_usable
from jdtool.core.files import write_atomically
from jdtool.core.model import Criterion, Document, Pack
from jdtool.core.packs import load_one_pack
from jdtool.core.problems import JdtoolError, UsageError
from jdtool.core.schema import Kind
from jdtool.office.xml_text import xml_safe

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

Stage = Literal["all", "application", "interview"]

SCALE = ((0, "no evidence"), (1, "partly met"), (2, "met"), (3, "exceeded"))
PASS_MARK = 2
MAX_CANDIDATES = 50
MAX_PANEL = 10


class SheetFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"
    HTML = "html"
    PDF = "pdf"


@dataclass(frozen=True, slots=True)
class ScoringRow:
    """One criterion as the panel scores it."""

    number: int
    criterion: Criterion

    @property
    def importance(self) -> str:
        return str(self.criterion.importance).capitalize() if self.criterion.importance else ""

    @property
    def stages(self) -> str:
        return ", ".join(stage.capitalize() for stage in self.criterion.assessed_by)

    @property
    def at_interview(self) -> bool:
        return "interview" in self.criterion.assessed_by

    @property
    def at_application(self) -> bool:
        """Scored at shortlisting: assessed at application, or at no stage named."""
        stages = self.criterion.assessed_by
        return "application" in stages or not stages


@dataclass(frozen=True, slots=True)
class ScoreSheet:
    """What every format is written from: the post, its criteria, candidates and panel size."""

    title: str
    organisation: str
    ref: str
    rows: tuple[ScoringRow, ...]
    candidates: int
    panel: int

    def groups(self, stage: Stage = "all") -> Iterator[tuple[str, list[ScoringRow]]]:
        """The criteria of one stage (``application``: shortlisting; ``interview``), by group."""
        for group, members in groupby(self.stage_rows(stage), key=lambda row: row.criterion.group):
            yield group, list(members)

    def stage_rows(self, stage: Stage) -> list[ScoringRow]:
        if stage == "application":
            return [row for row in self.rows if row.at_application]
        if stage == "interview":
            return [row for row in self.rows if row.at_interview]
        return list(self.rows)

    def candidate_names(self) -> list[str]:
        return [f"Candidate {index}" for index in range(1, self.candidates + 1)]

    def panel_names(self) -> list[str]:
        return [f"Panel {index}" for index in range(1, self.panel + 1)]


def score_sheet(pack: Pack, *, candidates: int, panel: int) -> ScoreSheet:
    """The sheet for ``pack``'s person specification; ``JdtoolError`` if it has no criteria."""
    if not 1 <= candidates <= MAX_CANDIDATES:
        raise JdtoolError(f"--candidates must be between 1 and {MAX_CANDIDATES}")
    if not 1 <= panel <= MAX_PANEL:
        raise JdtoolError(f"--panel must be between 1 and {MAX_PANEL}")
    spec = _person_spec(pack)
    require_usable(spec)
    criteria = spec.criteria()
    if not criteria:
        raise JdtoolError(f"{spec.path}: no selection criteria found (a person specification "
                          "needs Criterion | Essential/Desirable | Assessed by tables)")
    meta = spec.meta
    rows = tuple(ScoringRow(index, criterion) for index, criterion in enumerate(criteria, 1))
    return ScoreSheet(pack.title(), (meta.organisation if meta else None) or "",
                      (meta.ref if meta else None) or "", rows, candidates, panel)


def _person_spec(pack: Pack) -> Document:
    spec = pack.document(Kind.PERSON_SPEC)
    if spec is not None:
        return spec
    with_criteria = [d for d in pack.all_documents() if d.criteria()]
    if with_criteria:
        return with_criteria[0]
    raise JdtoolError(f"{pack.path}: no person specification (person-spec.md) in this pack")


def write_score_sheet(path: Path, *, sheet_format: SheetFormat | None = None,
                      candidates: int = 3, panel: int = 3, output: Path | None = None) -> Path:
    """The scoring sheet of the pack at ``path`` (a pack folder or its person specification),
    written to ``output`` (default ``build/<pack>-scoresheet.<format>``) in ``sheet_format``
    (default: the one ``output``'s suffix names, else xlsx)."""

    chosen = sheet_format or (format_for_suffix(output) if output is not None else None) \
        or SheetFormat.XLSX
    pack = load_one_pack(path)
    sheet = score_sheet(pack, candidates=candidates, panel=panel)
    return write(sheet, chosen, output or Path("build") / f"{pack.slug}-scoresheet.{chosen}")


def format_for_suffix(output: Path) -> SheetFormat:
    """The format an output file's suffix names; an unknown suffix is an error, never a guess."""
    suffix = output.suffix.lower().lstrip(".")
    if suffix not in {str(f) for f in SheetFormat}:
        raise UsageError(f"{output}: no scoring sheet format is called '{output.suffix}'; "
                         f"use {', '.join('.' + str(f) for f in SheetFormat)} or --format")
    return SheetFormat(suffix)


def write(sheet: ScoreSheet, sheet_format: SheetFormat, path: Path) -> Path:
    """Write ``sheet`` as ``sheet_format`` to ``path`` atomically."""
    writers = {SheetFormat.XLSX: xlsx_bytes, SheetFormat.CSV: csv_bytes,
               SheetFormat.HTML: html_bytes, SheetFormat.PDF: pdf_bytes}
    write_atomically(path, writers[sheet_format](sheet))
    return path


# csv ------------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def score_columns(sheet: ScoreSheet) -> list[str]:
    return [f"{candidate} {member} {what}" for candidate in sheet.candidate_names()
            for member in sheet.panel_names() for what in ("score", "evidence")]


def csv_bytes(sheet: ScoreSheet) -> bytes:
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(["Group", "No.", "Criterion", "Essential/Desirable", "Assessed by",
                  *score_columns(sheet)])
    blanks = [""] * len(score_columns(sheet))
    for row in sheet.stage_rows("application"):
        out.writerow([spreadsheet_text(row.criterion.group), row.number,
                      spreadsheet_text(row.criterion.text), row.importance, row.stages, *blanks])
    # A byte-order mark so Excel reads the file as UTF-8 (£, accents).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# xlsx -----------------------------------------------------------------------------------------

SCORES = "Scores"
SUMMARY = "Shortlisting summary"
INTERVIEW = "Interview"
_FIRST_SCORE_COLUMN = 5  # No., Criterion, Essential/Desirable, Assessed by come first
_HEADER_ROWS = 5


@dataclass(frozen=True, slots=True)
class CandidateColumns:
    """Where one candidate's columns sit on the Scores sheet (1-based column numbers)."""

    scores: tuple[int, ...]
    evidence: tuple[int, ...]
    average: int
    not_met: int


def candidate_columns(sheet: ScoreSheet) -> list[CandidateColumns]:
    width = 2 * sheet.panel + 2
    layout = []
    for index in range(sheet.candidates):
        first = _FIRST_SCORE_COLUMN + index * width
        scores = tuple(first + 2 * member for member in range(sheet.panel))
        layout.append(CandidateColumns(scores, tuple(c + 1 for c in scores),
                                       first + 2 * sheet.panel, first + 2 * sheet.panel + 1))
    return layout


def xlsx_bytes(sheet: ScoreSheet) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    scores = book.active
    assert scores is not None
    scores.title = SCORES
    first, last = _write_scores(scores, sheet)
    _write_summary(book.create_sheet(SUMMARY), sheet, first, last)
    _write_interview(book.create_sheet(INTERVIEW), sheet)
    book.properties.title = f"{sheet.title}: scoring sheets"
    book.properties.creator = sheet.organisation or "jdtool"
    book.properties.identifier = sheet.ref or None
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(cell: Any, value: str) -> None:
    """Store ``value`` as text even if it starts with ``=`` (openpyxl would make a formula),
    without the control characters a worksheet cannot hold."""
    cell.value = xml_safe(value)
    cell.data_type = "s"


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def _write_scores(ws: Worksheet, sheet: ScoreSheet) -> tuple[int, int]:
    """Write the scores grid; return the first and last worksheet row of criteria."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    band = PatternFill("solid", fgColor="D9E1F2")
    _text(ws.cell(1, 1), f"{sheet.title}: shortlisting scores")
    ws.cell(1, 1).font = Font(bold=True, size=14)
    _text(ws.cell(2, 1), " ".join(f"{score} = {meaning}." for score, meaning in SCALE) +
          f" An essential criterion is not met when the panel's average is below the pass "
          f"mark on the '{SUMMARY}' sheet. Only the criteria assessed at application are "
          f"scored here; those assessed at interview are on the '{INTERVIEW}' sheet.")
    layout = candidate_columns(sheet)
    headers = ["No.", "Criterion", "Essential/Desirable", "Assessed by"]
    for column, name in enumerate(headers, 1):
        ws.cell(_HEADER_ROWS, column, name).font = bold
    for name, columns in zip(sheet.candidate_names(), layout, strict=True):
        ws.cell(_HEADER_ROWS - 1, columns.scores[0], name).font = bold
        ws.merge_cells(start_row=_HEADER_ROWS - 1, start_column=columns.scores[0],
                       end_row=_HEADER_ROWS - 1, end_column=columns.not_met)
        for member, score, evidence in zip(sheet.panel_names(), columns.scores,
                                           columns.evidence, strict=True):
            ws.cell(_HEADER_ROWS, score, f"{member} score").font = bold
            ws.cell(_HEADER_ROWS, evidence, f"{member} evidence").font = bold
            ws.column_dimensions[_letter(score)].width = 9
            ws.column_dimensions[_letter(evidence)].width = 28
        ws.cell(_HEADER_ROWS, columns.average, "Average").font = bold
        ws.cell(_HEADER_ROWS, columns.not_met, "Essential not met").font = bold
    for letter, width in zip("ABCD", (6, CRITERION_WIDTH, 12, 22), strict=True):
        ws.column_dimensions[letter].width = width
    validation = DataValidation(type="whole", operator="between", formula1="0",
                                formula2=str(SCALE[-1][0]), allow_blank=True,
                                error="Scores are whole numbers from 0 to 3.")
    ws.add_data_validation(validation)
    row = _HEADER_ROWS + 1
    first = row
    if not sheet.stage_rows("application"):
        _text(ws.cell(row, 2), "No criterion in this person specification is assessed at "
                               "application: there is nothing to shortlist on.")
        row += 1
    for group, members in sheet.groups("application"):
        _text(ws.cell(row, 1), group)
        ws.cell(row, 1).font = bold
        for column in range(1, 5):
            ws.cell(row, column).fill = band
        row += 1
        for item in members:
            _criterion_cells(ws, row, item, wrap)
            for columns in layout:
                for score in columns.scores:
                    validation.add(f"{_letter(score)}{row}")
                _candidate_formulas(ws, row, columns)
            row += 1
    ws.freeze_panes = f"C{_HEADER_ROWS + 1}"
    _wrap_headings(ws, _HEADER_ROWS, wrap)
    _print_setup(ws, f"{_HEADER_ROWS - 1}:{_HEADER_ROWS}")
    return first, row - 1


def _criterion_cells(ws: Worksheet, row: int, item: ScoringRow, wrap: Any, *,
                     least: float = 0) -> None:
    ws.cell(row, 1, item.number)
    _text(ws.cell(row, 2), item.criterion.text)
    _text(ws.cell(row, 3), item.importance)
    _text(ws.cell(row, 4), item.stages)
    for column in range(1, 5):
        ws.cell(row, column).alignment = wrap
    # Spreadsheets do not grow a row for wrapped text a program wrote: size it here.
    ws.row_dimensions[row].height = max(least, row_height(item.criterion.text, CRITERION_WIDTH))


CRITERION_WIDTH = 60
"""Width of the criterion column, in characters of the default font."""
LINE_HEIGHT = 15.0
"""Points per line of 11-point text, with its leading."""


def row_height(text: str, width: int) -> float:
    """Points for ``text`` wrapped in a column ``width`` characters wide (at least one line).

    Words are wrapped as a spreadsheet does; a character of proportional text is taken as
    0.85 of the width unit (a digit's width), an estimate that errs on the tall side.
    """
    capacity = max(1, int(width / 0.85))
    lines, used = 1, 0
    for word_text in text.split():
        size = len(word_text)
        if used and used + 1 + size > capacity:
            lines, used = lines + 1, size
        else:
            used += size + (1 if used else 0)
        while used > capacity:  # one word longer than the column
            lines, used = lines + 1, used - capacity
    return lines * LINE_HEIGHT + 3


def _wrap_headings(ws: Worksheet, row: int, wrap: Any) -> None:
    """Column headings wrap in their columns, on a row two lines tall."""
    for cell in ws[row]:
        if cell.value is not None:
            cell.alignment = wrap
    ws.row_dimensions[row].height = 2 * LINE_HEIGHT + 3


def _print_setup(ws: Worksheet, title_rows: str) -> None:
    """Landscape A4, fitted to one page wide (as many pages down as it needs), with the
    heading rows repeated on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = title_rows
    ws.print_options.gridLines = True


def _candidate_formulas(ws: Worksheet, row: int, columns: CandidateColumns) -> None:
    cells = ",".join(f"{_letter(c)}{row}" for c in columns.scores)
    average = f"{_letter(columns.average)}{row}"
    ws.cell(row, columns.average, f'=IF(COUNT({cells})=0,"",AVERAGE({cells}))')
    ws.cell(row, columns.not_met,
            f'=IF(C{row}<>"Essential","",IF(ISNUMBER({average}),'
            f"IF({average}<'{SUMMARY}'!$B$3,1,0),\"\"))")


def _write_summary(ws: Worksheet, sheet: ScoreSheet, first: int, last: int) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    _text(ws.cell(1, 1), f"{sheet.title}: shortlisting summary")
    ws.cell(1, 1).font = Font(bold=True, size=14)
    _text(ws.cell(3, 1), "Pass mark for an essential criterion (panel average)")
    ws.cell(3, 2, PASS_MARK)
    headers = ["Candidate", "Total score", "Essential criteria not met",
               "Essential criteria not yet scored", "Result"]
    heading = Alignment(wrap_text=True, vertical="top")
    for column, name in enumerate(headers, 1):
        ws.cell(5, column, name).font = bold
        ws.cell(5, column).alignment = heading
    ws.row_dimensions[5].height = 2 * LINE_HEIGHT + 3
    ws.cell(3, 1).alignment = heading
    ws.row_dimensions[3].height = row_height(str(ws.cell(3, 1).value), 30)
    scores = f"'{SCORES}'!"
    for offset, (name, columns) in enumerate(zip(sheet.candidate_names(),
                                                 candidate_columns(sheet), strict=True)):
        row = 6 + offset
        ws.cell(row, 1, name)
        ranges = ",".join(f"{scores}{_letter(c)}{first}:{_letter(c)}{last}"
                          for c in columns.scores)
        not_met = f"{scores}{_letter(columns.not_met)}{first}:{_letter(columns.not_met)}{last}"
        ws.cell(row, 2, f"=SUM({ranges})")
        ws.cell(row, 3, f"=SUM({not_met})")
        ws.cell(row, 4, f'=COUNTIF({scores}$C${first}:$C${last},"Essential")-COUNT({not_met})')
        ws.cell(row, 5, f'=IF(C{row}>0,"Misses an essential criterion",'
                        f'IF(D{row}>0,"Not yet fully scored","Meets every essential criterion"))')
    last_row = 5 + sheet.candidates
    ws.conditional_formatting.add(
        f"A6:E{last_row}",
        FormulaRule(formula=["$C6>0"],  # type: ignore[no-untyped-call]
                    fill=PatternFill("solid", fgColor="F8CBAD")))
    for letter, width in zip("ABCDE", (30, 12, 14, 14, 34), strict=True):
        ws.column_dimensions[letter].width = width
    _print_setup(ws, "5:5")


def _write_interview(ws: Worksheet, sheet: ScoreSheet) -> None:
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    _text(ws.cell(1, 1), f"{sheet.title}: interview")
    ws.cell(1, 1).font = Font(bold=True, size=14)
    headers = ["No.", "Criterion", "Essential/Desirable", "Assessed by", "Questions"]
    for candidate in sheet.candidate_names():
        headers += [f"{candidate} notes", f"{candidate} score"]
    for column, name in enumerate(headers, 1):
        ws.cell(3, column, name).font = bold
    row = 4
    for group, members in sheet.groups("interview"):
        _text(ws.cell(row, 1), group)
        ws.cell(row, 1).font = bold
        row += 1
        for item in members:
            # Room to write questions and notes by hand, however short the criterion.
            _criterion_cells(ws, row, item, wrap, least=60)
            row += 1
    for letter, width in zip("ABCDE", (6, CRITERION_WIDTH, 12, 22, 40), strict=True):
        ws.column_dimensions[letter].width = width
    for index in range(sheet.candidates):
        ws.column_dimensions[_letter(6 + 2 * index)].width = 32
        ws.column_dimensions[_letter(7 + 2 * index)].width = 8
    ws.freeze_panes = "C4"
    _wrap_headings(ws, 3, wrap)
    _print_setup(ws, "3:3")


# html and pdf ---------------------------------------------------------------------------------


def html_text(sheet: ScoreSheet) -> str:
    from importlib.resources import files

    from jinja2 import Environment, select_autoescape

    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = (files("jdtool.office") / "scoresheet.html.j2").read_text(encoding="utf-8")
    return environment.from_string(template).render(
        sheet=sheet, scale=SCALE, pass_mark=PASS_MARK,
        groups=list(sheet.groups("application")), interview=list(sheet.groups("interview")))


def html_bytes(sheet: ScoreSheet) -> bytes:
    return html_text(sheet).encode("utf-8")


def pdf_bytes(sheet: ScoreSheet) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped,unused-ignore]

    data = HTML(string=html_text(sheet)).write_pdf()
    assert isinstance(data, bytes)
    return data
