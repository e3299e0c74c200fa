"""The ``diff`` command: compare two job descriptions and print or write the redline.

How the two documents are obtained is ``load_pair`` alone (the history stage adds revisions
there); how they are shown is ``jdtool.diff.FORMATS`` alone (other stages add formats there).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jdtool.cli.output import fail, user_errors

if TYPE_CHECKING:
    from jdtool.core.model import Document
    from jdtool.history.revisions import Revision

EXIT_SAME, EXIT_DIFFERENT, EXIT_ERROR = 0, 1, 2
_SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".json": "json",
                   ".diff": "unified", ".patch": "unified", ".txt": "unified",
                   ".docx": "docx"}


def load_for_diff(path: Path) -> Document:
    """One document with its pack's fields inherited; ``JdtoolError`` if it is unusable.

    Invalid front matter (its own or its pack's) is an error, since the fields compared would
    be wrong; problems in the body (a criterion's unknown stage) are not: the text compares.
    """
    from jdtool.core.documents import inherit, load_document
    from jdtool.core.problems import READ_ERROR, JdtoolError, Problem

    if path.is_dir():
        raise JdtoolError.from_problem(Problem(path, 1, 1, READ_ERROR,
                                               "is a folder; give a document file"))
    document = load_document(path)
    pack_file = path.parent / "pack.md"
    pack = None
    if path.name != "pack.md" and pack_file.is_file():
        pack = load_document(pack_file)
        _refuse_invalid_front_matter(pack)
        inherit(pack, None)
    _refuse_invalid_front_matter(document)
    inherit(document, pack)
    return document


def _refuse_invalid_front_matter(document: Document) -> None:
    from jdtool.core.problems import (
        EMPTY_FILE,
        INVALID_VALUE,
        MISSING_FIELD,
        NO_FRONT_MATTER,
        READ_ERROR,
        UNKNOWN_FIELD,
        UNKNOWN_KIND,
        UNTERMINATED_FRONT_MATTER,
        YAML_SYNTAX,
        JdtoolError,
        Problem,
        Severity,
    )

    codes = {EMPTY_FILE, INVALID_VALUE, MISSING_FIELD, NO_FRONT_MATTER, UNKNOWN_FIELD,
             UNKNOWN_KIND, UNTERMINATED_FRONT_MATTER, YAML_SYNTAX}
    errors = [p for p in document.problems if p.severity is Severity.ERROR and p.code in codes]
    if errors or document.own is None:
        raise JdtoolError.from_problem(errors[0] if errors else Problem(
            document.path, 1, 1, READ_ERROR, "front matter is not usable"))


def load_pair(old: Path, new: Path) -> tuple[Document, Document]:
    """The two documents to compare, in the order old, new."""
    return load_for_diff(old), load_for_diff(new)


def load_sides(old: Path, new: str | None, from_rev: str | None, to_rev: str | None,
               as_of: str | None) -> tuple[Document, Document, str, str, Revision | None]:
    """The two documents to compare, their labels and the new side's git revision (if any):
    two files, or one file's revisions.

    ``OLD NEW`` compares files; ``PATH --from REV [--to REV]``, ``PATH REV1..REV2`` and
    ``PATH --as-of DATE [--to REV]`` compare revisions from git, the new side defaulting
    to the working tree so that uncommitted changes show.
    """
    from jdtool.core.problems import JdtoolError

    revision_range = None
    if new is not None and not Path(new).exists():
        from jdtool.history.resolve import split_range

        revision_range = split_range(new)
    if new is not None and revision_range is None:
        if from_rev or to_rev or as_of:
            raise JdtoolError("give either two files, or one file with --from/--to/--as-of")
        before, after = load_pair(old, Path(new))
        return before, after, str(old), new, None
    if revision_range is None and from_rev is None and as_of is None:
        raise JdtoolError("give a second file to compare with, or a revision: "
                          "--from REV, REV1..REV2 or --as-of YYYY-MM-DD")
    if revision_range is not None and (from_rev or to_rev or as_of):
        raise JdtoolError(f"'{new}' is already a revision range; drop --from/--to/--as-of")
    if from_rev is not None and as_of is not None:
        raise JdtoolError("give --from or --as-of, not both")
    from jdtool.history.resolve import RevisionResolver, parse_day

    resolver = RevisionResolver(old)
    if revision_range is not None:
        from_rev, to_rev = revision_range
    older = resolver.as_of(parse_day(as_of)) if as_of is not None else \
        resolver.at("HEAD" if from_rev is None else from_rev)
    if to_rev is None:
        current = load_for_diff(old)
        return older.document, current, older.label, f"{old.name} (working tree)", None
    newer = resolver.at(to_rev)
    return older.document, newer.document, older.label, newer.label, newer.revision


def choose_format(requested: str | None, output: Path | None) -> str:
    from jdtool.diff import FORMATS

    if requested is None:
        if output is not None:
            requested = _SUFFIX_FORMATS.get(output.suffix.lower(), "unified")
        else:
            requested = "term" if sys.stdout.isatty() else "unified"
    if requested not in FORMATS:
        raise fail(f"unknown format '{requested}'; choose one of {', '.join(FORMATS)}",
                   EXIT_ERROR)
    return requested


def write_output(result: str | bytes, output: Path | None) -> None:
    """Standard output, or ``output`` replaced atomically (never half-written)."""
    from jdtool.authoring.fmt import write_atomically

    if output is not None:
        write_atomically(output, result)
        return
    if isinstance(result, bytes) and sys.stdout.isatty():
        raise fail("this format is a binary file: write it with -o FILE", 2)
    data = result.encode("utf-8") if isinstance(result, str) else result
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


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
    from jdtool.diff import FORMATS, Labels, compare

    chosen = choose_format(output_format, output)
    with user_errors(EXIT_ERROR):
        before, after, old_label, new_label, revision = load_sides(old, new, from_rev, to_rev,
                                                                  as_of)
    result = compare(before, after, ignore_quotes=ignore_quotes)
    color = chosen == "term" and output is None and sys.stdout.isatty() and \
        "NO_COLOR" not in os.environ
    labels = Labels(title=f"{after.display_title()}: what changed", old=old_label, new=new_label,
                    color=color, author=revision.author if revision else None,
                    date=revision.date if revision else None)
    rendered = FORMATS[chosen](result, labels)
    try:
        write_output(rendered, output)
    except OSError as error:
        raise fail(f"{output}: cannot write: {error.strerror or error}", EXIT_ERROR) from None
    raise typer.Exit(EXIT_SAME if result.is_empty else EXIT_DIFFERENT)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
