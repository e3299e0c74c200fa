"""The ``diff`` command: compare two job descriptions and print or write the redline.

The command decides from its arguments which comparison is asked for and calls
``jdtool.api.compare`` or ``compare_revisions``; how the result is shown is
``jdtool.diff_formats.FORMATS`` alone (by name or by the output file's suffix).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import typer

from jdtool.cli.output import format_from_suffix, note, write_file
from jdtool.cli.terminal import fit, page
from jdtool.core.problems import UsageError

if TYPE_CHECKING:
    from jdtool.core.model import Document
    from jdtool.diff.model import DocumentDiff
    from jdtool.history.revisions import Revision

EXIT_SAME, EXIT_DIFFERENT = 0, 1  # errors exit 2: see errors.ERRORS_EXIT_2


class Sides(NamedTuple):
    """A comparison the arguments asked for, and what its rendering says about its sides."""

    diff: DocumentDiff
    old: Document
    new: Document
    old_label: str
    new_label: str
    revision: Revision | None
    """The new side's commit, when it is a git revision."""
    sources: tuple[str, str]
    """How each side was read (``Reading.origin``, ``Document.origin``)."""


def _sides(old: Path, new: str | None, from_rev: str | None, to_rev: str | None,
           as_of: str | None, ignore_quotes: bool) -> Sides:
    """Which comparison the arguments ask for: ``OLD NEW`` (two files or folders) or one
    file's or pack's revisions (``--from``/``--to``, ``REV1..REV2``, ``--as-of``)."""
    from jdtool import api
    from jdtool.history.resolve import parse_day, split_range

    revision_range = None
    if new is not None and not Path(new).exists():
        revision_range = split_range(new)
    if new is not None and revision_range is None:
        if from_rev or to_rev or as_of:
            raise UsageError("give either two files, or one file with --from/--to/--as-of")
        from jdtool.readers import comparable

        readings = api.read_pair(old, new)
        for reading in readings:
            for message in reading.notes:
                note(f"jdtool: note: {message}")
        before, after = comparable(*readings)
        return Sides(api.compare(before, after, ignore_quotes=ignore_quotes), before, after,
                     str(old), new, None, (readings[0].origin, readings[1].origin))
    if revision_range is None and from_rev is None and as_of is None:
        raise UsageError("give a second file to compare with, or a revision: "
                         "--from REV, REV1..REV2 or --as-of YYYY-MM-DD")
    if revision_range is not None and (from_rev or to_rev or as_of):
        raise UsageError(f"'{new}' is already a revision range; drop --from/--to/--as-of")
    if revision_range is not None:
        from_rev, to_rev = revision_range
    result = api.compare_revisions(old, from_rev, to_rev,
                                   as_of=parse_day(as_of) if as_of is not None else None,
                                   ignore_quotes=ignore_quotes)
    for side in (result.old, result.new):
        if not side.document.is_jdtool:
            note(f"jdtool: note: {side.label}: {side.document.origin} read leniently "
                 "(not a jdtool document)")
    return Sides(result.diff, result.old.document, result.new.document, result.old.label,
                 result.new.label, result.new.revision,
                 (result.old.document.origin, result.new.document.origin))


def choose_format(requested: str | None, output: Path | None) -> str:
    from jdtool.diff_formats import FORMATS, SUFFIXES

    if requested is None:
        if output is not None:
            requested = format_from_suffix(output, SUFFIXES)
        else:
            requested = "term" if sys.stdout.isatty() else "unified"
    if requested not in FORMATS:
        raise UsageError(f"unknown format '{requested}'; choose one of {', '.join(FORMATS)}")
    return requested


def write_output(result: str | bytes) -> None:
    """The rendering on standard output; through the pager on a terminal, if it is long."""
    if isinstance(result, bytes) and sys.stdout.isatty():
        raise UsageError("this format is a binary file: write it with -o FILE")
    if isinstance(result, str) and sys.stdout.isatty():
        page(result)
        return
    data = result.encode("utf-8") if isinstance(result, str) else result
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


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
    from jdtool.diff.formats import RenderOptions
    from jdtool.diff.labels import side_labels
    from jdtool.diff_formats import FORMATS

    chosen = choose_format(output_format, output)
    sides = _sides(old, new, from_rev, to_rev, as_of, ignore_quotes)
    result, revision = sides.diff, sides.revision
    # Pages and files people read name each side by its revision ("March 2018 version");
    # machine formats (unified, json) keep the file names.
    origins = (sides.old_label, sides.new_label) if revision is not None else \
        (Path(sides.old_label).name, Path(sides.new_label).name)
    old_version, new_version = side_labels(sides.old, sides.new, *origins)
    color = chosen == "term" and output is None and sys.stdout.isatty() and \
        "NO_COLOR" not in os.environ
    options = RenderOptions(title=f"{sides.new.display_title()}: what changed",
                            old=sides.old_label, new=sides.new_label, color=color,
                            old_version=old_version, new_version=new_version,
                            author=revision.author if revision else None,
                            date=revision.date if revision else None,
                            old_source=sides.sources[0], new_source=sides.sources[1])
    rendered = FORMATS[chosen](result, options)
    if chosen == "term" and output is None and sys.stdout.isatty() and isinstance(rendered, str):
        rendered = "".join(fit(line) + "\n" for line in rendered.splitlines())
    if output is not None:
        write_file(output, rendered)
    else:
        write_output(rendered)
    raise typer.Exit(EXIT_SAME if result.is_empty else EXIT_DIFFERENT)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
