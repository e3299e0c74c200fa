"""The ``import`` command: bring job descriptions in from text, Word, HTML and PDF."""

from __future__ import annotations

from pathlib import Path

import typer

from jdtool.cli.output import note, wrote
from jdtool.core.plural import counted


def import_(
    files: list[Path] = typer.Argument(..., help="Text, .docx, .html or .pdf files."),
    pack: str = typer.Option(None, "--pack", help="Import everything into this pack (folder "
                             "name); default: one pack per file, named after its title."),
    out: Path = typer.Option(Path("posts"), "--out", help="Where packs are written."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the Markdown; write nothing."),
    report_file: Path = typer.Option(None, "--report", help="Also write the import report "
                                     "(what was left out and why) as JSON to this file."),
) -> None:
    """Import job descriptions as jdtool Markdown, accounting for every word.

    Every word of the input ends up in the imported documents or in the import report
    (page furniture, comments, navigation, facts moved to front matter).

    Examples:

    \b
      jdtool import old/general-secretary.pdf --dry-run
      jdtool import brief.docx spec.docx --pack head-of-policy --report import.json
    """
    from jdtool import api

    result = api.import_files(files, out=out, pack=pack, dry_run=dry_run, report=report_file)
    for report in result.reports:
        print(f"{report.source}: {counted(report.input_words, 'word')} read")
        for line in report.summary_lines():
            print(line)
    if not result.missing:
        total = sum(report.input_words for report in result.reports)
        print(f"all {counted(total, 'word')} accounted for: in the documents or left out "
              "above")
    if result.extra:
        print(f"  note: {counted(sum(result.extra.values()), 'word')} in the output that are "
              "not in the input: " + ", ".join(sorted(result.extra))[:200])
    for file in result.files:
        if dry_run:
            print(f"\n==> {file.path} (not written: --dry-run)")
            print(file.text, end="")
        else:
            wrote(file.path)
    if report_file is not None:
        wrote(report_file)
    if result.missing:
        note("jdtool: some words were not accounted for (see above)")
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
