"""The ``diff`` command: compare two job descriptions and print or write the redline.

The command's body is ``jdtool.cli.hot.diff`` (it runs without typer too): it decides from
the arguments which comparison is asked for and calls ``jdtool.api.compare`` or
``compare_revisions``; how the result is shown is ``jdtool.diff_formats.FORMATS`` alone (by
name or by the output file's suffix).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    pass

def diff(
    old: Path = typer.Argument(..., help="The old version (a document file); with revisions, "
                               "the document."),
    new: str = typer.Argument(None, help="The new version (a document file), or a revision "
                              "range REV1..REV2."),
    output_format: str = typer.Option(
        None, "--format", "-f",
        help="term (default on a terminal), html, md (CriticMarkup), json, unified "
             "(default in a pipe)."),
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

    Exit status: 0 when the documents say the same thing, 1 when they differ, 2 on error.

    Examples:

    \b
      jdtool diff tests/fixtures/general-secretary-2016.md tests/fixtures/general-secretary-2018.md
      jdtool diff old.md new.md --format html -o changes.html
      jdtool diff posts/general-secretary.md --from HEAD~1
      jdtool diff posts/general-secretary.md v2016..v2018 --format json
      jdtool diff posts/general-secretary.md --as-of 2017-01-01
    """
    from jdtool.cli.hot import diff as run

    raise typer.Exit(run(old, new, output_format, output, ignore_quotes, from_rev, to_rev,
                         as_of))


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
