"""Commands for office outputs: ``export`` (Word) and ``scoresheet`` (panel scoring sheets)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jdtool.cli.output import fail, print_problem, user_errors

if TYPE_CHECKING:
    from jdtool.core.model import Pack

DEFAULT_EXPORT_FOLDER = Path("build/docx")


class ExportFormat(StrEnum):
    DOCX = "docx"


class ScoresheetFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"
    HTML = "html"
    PDF = "pdf"


def _load(path: Path) -> list[Pack]:
    from jdtool.core.packs import load_packs

    packs, problems = load_packs([path])
    for problem in problems:
        print_problem(problem)  # each names its file and line: that is the whole message
    if problems:
        raise typer.Exit(1)
    if not packs:
        raise fail(f"{path}: no documents here", 1)
    return packs


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
    from jdtool.office.docx_export import write_document, write_pack

    packs = _load(path)
    single_file = path.is_file()
    with user_errors():
        if single_file:
            # A file in a pack folder loads with the pack's pack.md: pick the file asked for.
            document = next(d for d in packs[0].all_documents()
                            if d.path.resolve() == path.resolve())
            name = f"{packs[0].slug}-{path.stem}" if path.parent == packs[0].path else path.stem
            target = _target(output, name, several=False)
            print(f"wrote {write_document(document, target)}")
            return
        if len(packs) > 1 and output is not None and output.suffix.lower() == ".docx":
            raise fail(f"{path} holds {len(packs)} packs: give -o a folder, not a .docx", 1)
        for pack in packs:
            target = _target(output, pack.slug, several=len(packs) > 1)
            print(f"wrote {write_pack(pack, target)}")


def _target(output: Path | None, name: str, *, several: bool) -> Path:
    if output is None:
        return DEFAULT_EXPORT_FOLDER / f"{name}.docx"
    if several or output.is_dir():
        return output / f"{name}.docx"
    return output


def scoresheet(
    pack_path: Path = typer.Argument(..., metavar="PACK",
                                     help="A pack folder or its person-spec.md."),
    output_format: ScoresheetFormat = typer.Option(ScoresheetFormat.XLSX, "--format",
                                                   help="xlsx, csv, html or pdf."),
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
    from jdtool.office.scoresheet import SheetFormat, score_sheet, write

    packs = _load(pack_path)
    if len(packs) > 1:
        raise fail(f"{pack_path}: holds {len(packs)} packs; give one pack folder", 1)
    with user_errors():
        sheet = score_sheet(packs[0], candidates=candidates, panel=panel)
        target = output or Path("build") / f"{packs[0].slug}-scoresheet.{output_format.value}"
        print(f"wrote {write(sheet, SheetFormat(output_format.value), target)}")


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.command()(scoresheet)
