"""The ``import`` command: bring job descriptions in from text, Word, HTML and PDF."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from jdtool.cli.output import fail, user_errors


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
    from jdtool.importer.pipeline import import_files, write

    if report_file is not None and not report_file.resolve().parent.is_dir():
        raise fail(f"{report_file}: cannot write the report: no folder "
                   f"{report_file.resolve().parent}; nothing was written")
    with user_errors():
        result = import_files(files, out, pack)
        if not dry_run:
            write(result)
    for report in result.reports:
        print(f"{report.source}: {report.input_words} words read")
        for line in report.summary_lines():
            print(line)
    if not result.missing:
        total = sum(report.input_words for report in result.reports)
        print(f"all {total} words accounted for: in the documents or left out above")
    if result.extra:
        print(f"  note: {sum(result.extra.values())} words in the output that are not in the "
              "input: " + ", ".join(sorted(result.extra))[:200])
    for file in result.files:
        if dry_run:
            print(f"\n==> {file.path} (not written: --dry-run)")
            print(file.text, end="")
        else:
            print(f"wrote {file.path}")
    if report_file is not None:
        data = {"files": [report.to_dict() for report in result.reports],
                "written": [] if dry_run else [str(file.path) for file in result.files],
                "missing_words": dict(result.missing)}
        with user_errors():
            _write_report(report_file, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    if result.missing:
        print("jdtool: some words were not accounted for (see above)", file=sys.stderr)
        raise typer.Exit(1)


def _write_report(path: Path, text: str) -> None:
    from jdtool.core.files import write_atomically as write_file
    from jdtool.core.problems import READ_ERROR, JdtoolError, Problem

    try:
        write_file(path, text)
    except OSError as error:
        raise JdtoolError.from_problem(Problem(
            path, 1, 1, READ_ERROR, f"cannot write report: {error.strerror or error}")) from None


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
