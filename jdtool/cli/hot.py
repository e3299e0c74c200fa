"""The hot commands (``check``, ``diff``, ``log``, git's diff driver), runnable without typer.

These are the commands a user or git runs over and over (``git log -p`` starts the diff
driver once per file), so their start-up is most of what the user waits for, and typer is
about a third of it. Their bodies live here, free of typer: the typer commands call them, and
``fast_path`` runs them straight from ``sys.argv`` when the arguments are in a form it fully
understands. Anything else (``--help``, an unknown option, a missing argument) returns None,
and typer parses, explains and refuses as it always does.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from jdtool.cli.output import (
    ERRORS_EXIT_2,
    format_from_suffix,
    note,
    print_problem,
    report_error,
    write_file,
)
from jdtool.cli.terminal import allow_pager, console, fit, page, paged
from jdtool.core.problems import JdtoolError, UsageError

if TYPE_CHECKING:
    from jdtool.core.model import Document
    from jdtool.diff.model import DocumentDiff
    from jdtool.history.log import LogEntry
    from jdtool.history.revisions import Revision

EXIT_SAME, EXIT_DIFFERENT = 0, 1  # errors exit 2: see output.ERRORS_EXIT_2
LOG_FORMATS = ("text", "json")


def check(paths: list[Path] | None, output_format: str) -> int:
    """``jdtool check``: every problem on standard output, the summary on standard error."""
    from jdtool import api
    from jdtool.core.plural import counted

    result = api.check(paths)
    if output_format == "json":
        import json  # only for this format: a plain check never loads it

        json.dump({"documents": result.documents, "errors": result.errors,
                   "problems": [p.to_dict() for p in result.problems]}, sys.stdout, indent=2)
        print()
    else:
        if sys.stdout.isatty():
            with paged() as out:
                for problem in result.problems:
                    print_problem(problem, out)
        else:  # one plain line each, and no console to load
            for problem in result.problems:
                print_problem(problem)
        summary = (f"{counted(result.documents, 'document')} in "
                   f"{counted(len(result.packs), 'pack')} checked: "
                   f"{counted(result.errors, 'error')}")
        if sys.stderr.isatty():
            console(stderr=True).print(f"[{'red' if result.errors else 'green'}]{summary}[/]")
        else:
            print(summary, file=sys.stderr)
    return 1 if result.errors else 0


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


def diff(old: Path, new: str | None, output_format: str | None, output: Path | None,
         ignore_quotes: bool, from_rev: str | None, to_rev: str | None,
         as_of: str | None) -> int:
    """``jdtool diff``: the exit status is 0 when the documents say the same thing, else 1."""
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
    return EXIT_SAME if result.is_empty else EXIT_DIFFERENT


def _sides(old: Path, new: str | None, from_rev: str | None, to_rev: str | None,
           as_of: str | None, ignore_quotes: bool) -> Sides:
    """Which comparison the arguments ask for: ``OLD NEW`` (two files or folders) or one
    file's or pack's revisions (``--from``/``--to``, ``REV1..REV2``, ``--as-of``)."""
    from jdtool import api

    revision_range = None
    if new is not None and not Path(new).exists():
        # git's layer is loaded only when a side is a revision: comparing two files never
        # pays for it (a tenth of the command).
        from jdtool.history.resolve import split_range

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
    from jdtool.history.resolve import parse_day
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


def log(path: Path, output_format: str) -> int:
    """``jdtool log``: every revision of a document or pack, newest first."""
    from jdtool import api

    entries = api.log(path)
    if output_format == "json":
        import msgspec  # only for this format

        # msgspec, not json: with an indent, json encodes in Python, 60 ms for 2,000
        # revisions. The text is json.dumps(indent=2, ensure_ascii=False)'s, but for the
        # spelling of exponents (1e-05 is 1e-5), and written at once.
        data = {"path": str(path), "revisions": [entry.to_dict() for entry in entries]}
        sys.stdout.flush()
        sys.stdout.buffer.write(msgspec.json.format(msgspec.json.encode(data), indent=2) +
                                b"\n")
        sys.stdout.buffer.flush()
        return 0
    if not sys.stdout.isatty():  # plain lines: a console costs a millisecond a line
        sys.stdout.write("".join(line + "\n" for entry in entries
                                 for line in _entry_lines(entry, styled=False)))
        return 0
    with paged() as out:
        out.print("\n".join(line for entry in entries
                            for line in _entry_lines(entry, styled=True)))
    return 0


def _entry_lines(entry: LogEntry, *, styled: bool) -> list[str]:
    """One revision's lines, with rich markup when ``styled`` (for a terminal)."""
    from jdtool.history.log import KIND_LABELS

    def style(name: str, text: str) -> str:
        return f"[{name}]{text}[/]" if styled else text

    clean: Callable[[str], str] = str
    if styled:
        from rich.markup import escape

        clean = escape
    revision = entry.revision
    details = [KIND_LABELS[entry.kind]]
    if entry.revised:
        details.append(f"revised {entry.revised}")
    if entry.stats is not None and entry.kind not in ("formatting", "renamed"):
        details.append(entry.stats.describe())
    return [f"{style('yellow', revision.short)} {revision.date.date().isoformat()}  "
            f"{clean(revision.author)}  {style('bold', clean(revision.subject))}",
            "        " + " · ".join(clean(detail) for detail in details),
            *([f"        {clean(entry.describe())}"] if entry.words else []),
            *(f"        {style('dim', clean(message))}" for message in entry.notes)]


def git_diff_driver(arguments: list[str]) -> int:
    """Called by git (diff.jdtool.command): print the structural diff of one file."""
    from jdtool.history.gitdriver import driver_diff

    if len(arguments) < 7:
        # An unmerged path: git passes only its name, and there is nothing to compare.
        print(f"jdtool: {arguments[0] if arguments else '?'} is unmerged")
        return 0
    name, old_file, _, _, new_file, _, _ = arguments[:7]
    sys.stdout.write(driver_diff(name, Path(old_file), Path(new_file),
                                 color=sys.stdout.isatty()))
    return 0


# The fast path: argv -> (command, its call) for the forms each command's typer signature
# accepts and this parser fully understands; None sends everything else to typer.

_Call = Callable[[], int]
_VALUED = {"check": {"--format"},
           "diff": {"--format", "-f", "--output", "-o", "--from", "--to", "--as-of"},
           "log": {"--format"}}
_FLAGS = {"diff": {"--ignore-quotes"}}


def _split(command: str, arguments: list[str]) -> tuple[list[str], dict[str, str]] | None:
    """Positional arguments and ``{option: value}``; None for anything unexpected."""
    valued, flags = _VALUED.get(command, set()), _FLAGS.get(command, set())
    positional: list[str] = []
    options: dict[str, str] = {}
    position = 0
    while position < len(arguments):
        argument = arguments[position]
        name, equals, value = argument.partition("=")
        if not argument.startswith("-") or argument == "-":
            positional.append(argument)
        elif name in valued and name not in options and (equals or position + 1 < len(arguments)):
            if not equals:
                position += 1
                value = arguments[position]
                if value.startswith("-"):
                    return None
            options[name] = value
        elif argument in flags and argument not in options:
            options[argument] = ""
        else:
            return None  # --help, -h, --, an unknown or repeated option: typer's to explain
        position += 1
    return positional, options


def _call(command: str, arguments: list[str]) -> _Call | None:
    if command == "git-diff-driver":
        if not arguments or any(argument.startswith("-") for argument in arguments):
            return None
        return lambda: git_diff_driver(arguments)
    split = _split(command, arguments)
    if split is None:
        return None
    positional, options = split
    if command == "check":
        output_format = options.get("--format", "text")
        return lambda: check([Path(path) for path in positional] or None, output_format)
    if command == "log" and len(positional) == 1 and options.get("--format", "text") in LOG_FORMATS:
        return lambda: log(Path(positional[0]), options.get("--format", "text"))
    if command == "diff" and len(positional) in (1, 2):
        output = options.get("--output", options.get("-o"))
        return lambda: diff(Path(positional[0]), positional[1] if len(positional) > 1 else None,
                            options.get("--format", options.get("-f")),
                            Path(output) if output is not None else None,
                            "--ignore-quotes" in options, options.get("--from"),
                            options.get("--to"), options.get("--as-of"))
    return None


def fast_path(argv: list[str]) -> int | None:
    """Run a hot command without typer and return its exit status, or None to use typer."""
    arguments = list(argv)
    pager = True
    if arguments and arguments[0] == "--no-pager":
        pager = False
        arguments.pop(0)
    if not arguments or arguments[0] not in (*_VALUED, "git-diff-driver"):
        return None
    if (arguments[0] == "diff" and "-o" in arguments[1:] and "--output" in arguments[1:]) or (
            arguments[0] == "diff" and "-f" in arguments[1:] and "--format" in arguments[1:]):
        return None  # the same option twice under two names: typer's rule decides
    call = _call(arguments[0], arguments[1:])
    if call is None:
        return None
    allow_pager(pager)
    try:
        return call()
    except JdtoolError as error:
        report_error(error)
        return 2 if arguments[0] in ERRORS_EXIT_2 else error.exit_code
