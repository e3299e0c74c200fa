"""The ``diff`` command: compare two job descriptions and print or write the redline.

The command's body is ``jdtool.cli.hot.diff`` (it runs without typer too): it decides from
the arguments which comparison is asked for and calls ``jdtool.api.compare`` or
``compare_revisions``; how the result is shown is ``jdtool.diff_formats.FORMATS`` alone (by
name or by the output file's suffix).
"""

from __future__ import annotations

from pathlib import Path

import typer


def diff(
    old: Path = typer.Argument(..., help="The old version: a jdtool or plain Markdown file, "
                               ".txt, .pdf, .docx, .html, or a pack folder; with revisions, "
                               "the document or pack folder."),
    new: str = typer.Argument(None, help="The new version (any file or folder OLD may be), "
                              "or a revision range REV1..REV2."),
    output_format: str = typer.Option(
        None, "--format", "-f",
        help="term (default on a terminal), html, pdf, docx (a Word redline with tracked "
             "changes), md (CriticMarkup), json, unified (default in a pipe)."),
    output: Path = typer.Option(None, "--output", "-o",
                                help="Write to this file instead of standard output."),
    ignore_quotes: bool = typer.Option(False, "--ignore-quotes",
                                       help="Treat curly and straight quotes as the same."),
    from_rev: str = typer.Option(None, "--from", help="Compare OLD as it was at this git "
                                 "revision (commit, tag, branch, HEAD~N)."),
    to_rev: str = typer.Option(None, "--to", help="...with OLD at this revision (default: "
                               "the working tree, uncommitted changes included)."),
    as_of: str = typer.Option(None, "--as-of", help="Compare the version in force on this "
                              "date (YYYY-MM-DD) with --to (default: the working tree)."),
) -> None:
    """Show what changed between two job descriptions: sections, duties, words, criteria.

    Each side may be jdtool Markdown, plain Markdown or Markdown with a site generator's
    front matter (read leniently, with a note), a .txt, .pdf, .docx or .html file (read
    through the importer, nothing written), or a pack folder (documents matched by kind).

    Exit status: 0 when the documents say the same thing, 1 when they differ, 2 on error.

    Examples:

    \b
      jdtool diff tests/fixtures/general-secretary-2016.md tests/fixtures/general-secretary-2018.md
      jdtool diff old.md new.md --format html -o changes.html
      jdtool diff old.pdf new.docx
      jdtool diff old-pack/ new-pack/ --format json
      jdtool diff posts/general-secretary --from v2016
      jdtool diff old.md new.md -o changes.pdf
      jdtool diff posts/general-secretary.md --from HEAD~1
      jdtool diff posts/general-secretary.md v2016..v2018 --format json
      jdtool diff posts/general-secretary.md --as-of 2017-01-01
    """
    from jdtool.cli.hot import diff as run

    raise typer.Exit(run(old, new, output_format, output, ignore_quotes, from_rev, to_rev,
                         as_of))


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
