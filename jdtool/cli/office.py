"""Commands for office outputs: ``export`` (Word) and ``scoresheet`` (panel scoring sheets)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from jdtool.cli.output import wrote


class ExportFormat(StrEnum):
    DOCX = "docx"


class ScoresheetFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"
    HTML = "html"
    PDF = "pdf"


def export(
    path: Path = typer.Argument(..., help="A pack folder, a document, or a folder of packs."),
    output_format: ExportFormat = typer.Option(ExportFormat.DOCX, "--format",
                                               help="docx (Word)."),
    output: Path = typer.Option(None, "-o", "--output",
                                help="The .docx to write (one pack or document), or a folder "
                                     "(several packs). Default: build/docx/."),
) -> None:
    """Export packs or documents as Word documents with real headings, lists and tables.

    A pack folder becomes one .docx holding every document of the pack; a single document
    file becomes a .docx of that document alone.

    Examples:

    \b
      jdtool export posts/director-of-operations -o director-of-operations.docx
      jdtool export posts/director-of-operations/person-spec.md --format docx
      jdtool export posts
    """
    from jdtool import api

    for written in api.export(path, output):
        wrote(written)


def scoresheet(
    pack_path: Path = typer.Argument(..., metavar="PACK",
                                     help="A pack folder or its person-spec.md."),
    output_format: ScoresheetFormat | None = typer.Option(None, "--format",
                                                   help="xlsx, csv, html or pdf (default: "
                                                        "the -o file's suffix, else xlsx)."),
    candidates: int = typer.Option(3, "--candidates", help="How many candidates to score."),
    panel: int = typer.Option(3, "--panel", help="How many panel members score each one."),
    output: Path = typer.Option(None, "-o", "--output",
                                help="The file to write (default: build/<pack>-scoresheet."
                                     "<format>)."),
) -> None:
    """Panel scoring sheets from a pack's person specification.

    One row per criterion, grouped by heading, with Essential/Desirable, the stages that
    assess it, and score and evidence columns per panel member and candidate. The xlsx
    workbook adds a shortlisting summary (formulas total the scores and flag a candidate who
    misses an essential criterion) and an interview sheet.

    Examples:

    \b
      jdtool scoresheet posts/director-of-operations --candidates 6 -o scores.xlsx
      jdtool scoresheet posts/director-of-operations --format pdf
    """
    from jdtool import api

    wrote(api.score_sheet(pack_path, candidates=candidates, panel=panel, output=output,
                          sheet_format=None if output_format is None else output_format.value))


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.command()(scoresheet)
