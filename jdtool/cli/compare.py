"""The ``diff`` command: compare two job descriptions and print or write the redline.

How the two documents are obtained is ``load_pair`` alone (the history stage adds revisions
there); how they are shown is ``jdtool.diff.FORMATS`` alone (other stages add formats there).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jdtool.cli.output import fail, user_errors

if TYPE_CHECKING:
    from jdtool.model import Document

EXIT_SAME, EXIT_DIFFERENT, EXIT_ERROR = 0, 1, 2
_SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".json": "json",
                   ".diff": "unified", ".patch": "unified", ".txt": "unified",
                   ".docx": "docx"}


def load_for_diff(path: Path) -> Document:
    """One document with its pack's fields inherited; ``JdtoolError`` if it is unusable."""
    from jdtool.packs import inherit, load_document
    from jdtool.problems import READ_ERROR, JdtoolError, Problem, Severity

    if path.is_dir():
        raise JdtoolError.from_problem(Problem(path, 1, 1, READ_ERROR,
                                               "is a folder; give a document file"))
    document = load_document(path)
    pack_file = path.parent / "pack.md"
    pack = None
    if path.name != "pack.md" and pack_file.is_file():
        pack = load_document(pack_file)
        inherit(pack, None)
    inherit(document, pack)
    if document.own is None or document.meta is None:
        errors = [p for p in document.problems if p.severity is Severity.ERROR]
        raise JdtoolError.from_problem(errors[0] if errors else Problem(
            path, 1, 1, READ_ERROR, "front matter is not usable"))
    return document


def load_pair(old: Path, new: Path) -> tuple[Document, Document]:
    """The two documents to compare, in the order old, new."""
    return load_for_diff(old), load_for_diff(new)


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
    data = result.encode("utf-8") if isinstance(result, str) else result
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    folder = output.parent if str(output.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def diff(
    old: Path = typer.Argument(..., help="The old version (a document file)."),
    new: Path = typer.Argument(..., help="The new version (a document file)."),
    output_format: str = typer.Option(
        None, "--format", "-f",
        help="term (default on a terminal), html, md (CriticMarkup), json, unified "
             "(default in a pipe)."),
    output: Path = typer.Option(None, "--output", "-o",
                                help="Write to this file instead of standard output."),
    ignore_quotes: bool = typer.Option(False, "--ignore-quotes",
                                       help="Treat curly and straight quotes as the same."),
) -> None:
    """Show what changed between two job descriptions: sections, duties, words, criteria.

    Exit status: 0 when the documents say the same thing, 1 when they differ, 2 on error.

    Examples:

    \b
      jdtool diff tests/fixtures/general-secretary-2016.md tests/fixtures/general-secretary-2018.md
      jdtool diff old.md new.md --format html -o changes.html
    """
    from jdtool.diff import FORMATS, Labels, compare

    chosen = choose_format(output_format, output)
    with user_errors(EXIT_ERROR):
        before, after = load_pair(old, new)
    result = compare(before, after, ignore_quotes=ignore_quotes)
    color = chosen == "term" and output is None and sys.stdout.isatty() and \
        "NO_COLOR" not in os.environ
    labels = Labels(title=f"{after.display_title()}: what changed", old=str(old), new=str(new),
                    color=color)
    rendered = FORMATS[chosen](result, labels)
    try:
        write_output(rendered, output)
    except OSError as error:
        raise fail(f"{output}: cannot write: {error.strerror or error}", EXIT_ERROR) from None
    raise typer.Exit(EXIT_SAME if result.is_empty else EXIT_DIFFERENT)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
