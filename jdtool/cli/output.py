"""Where a command's output goes, the pager, and the one handler that prints errors.

The conventions are git's and ruff's: findings and results go to standard output (so
``jdtool check > report.txt`` and ``jdtool lint | grep JD203`` work); progress, summaries,
notes, ``wrote FILE`` and errors go to standard error. On a terminal, output longer than the
screen goes through the pager (``$PAGER``, default ``less -R``; never with ``--no-pager`` or
in a pipe) and long lines wrap to the terminal's width with a hanging indent.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from jdtool.core.problems import JdtoolError, ProblemsFound, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from jdtool.core.problems import Problem

HANGING_INDENT = "    "
"""How far a wrapped line of a finding is indented under its first line."""

ERRORS_EXIT_2 = {"diff", "lint"}
"""Commands whose exit status 1 means "found something", so their errors exit 2 (like
``diff`` and ``ruff``); every other command exits 1 on an error and 2 on a usage error."""


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def terminal_width() -> int:
    return shutil.get_terminal_size().columns


def fit(line: str, width: int | None = None) -> str:
    """``line`` wrapped to ``width`` (the terminal's) under its own indent plus a hanging
    indent, for reading on a terminal; pipes and files always get one line per finding.

    Colour codes take no room, and a word longer than the line is left whole.
    """
    width = width or terminal_width()
    if _visible_length(line) <= width:
        return line
    lead = " " * (len(line) - len(line.lstrip(" ")))
    indent = lead + HANGING_INDENT
    words = line.lstrip(" ").split(" ")
    lines: list[str] = []
    current, length = lead + words[0], len(lead) + _visible_length(words[0])
    for word in words[1:]:
        size = _visible_length(word)
        if length + 1 + size > width:
            lines.append(current)
            current, length = indent + word, len(indent) + size
        else:
            current, length = f"{current} {word}", length + 1 + size
    lines.append(current)
    return "\n".join(lines)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _visible_length(text: str) -> int:
    return len(_ANSI.sub("", text))


def print_problem(problem: Problem, out: Console | None = None) -> None:
    """``path:line:col: severity CODE message`` on standard output; coloured and wrapped to the
    width on a terminal, one plain line in a pipe."""
    if out is None and not sys.stdout.isatty():
        print(problem)
        return
    from rich.markup import escape

    out = out or console()
    colour = {"error": "red", "warning": "yellow"}.get(str(problem.severity), "cyan")
    text = escape(fit(str(problem))) if out.is_terminal else escape(str(problem))
    word = f" {problem.severity} {problem.code} "
    out.print(text.replace(word, f" [{colour}]{problem.severity}[/] [bold]{problem.code}[/] ", 1))


def note(message: str) -> None:
    """A progress line, summary or note: standard error, so it never mixes with results."""
    print(message, file=sys.stderr)


def wrote(path: Path) -> None:
    note(f"wrote {path}")


def format_from_suffix(output: Path, formats: dict[str, str], *,
                       or_option: str | None = "--format") -> str:
    """The format ``output``'s suffix names (``formats`` maps suffixes to format names); a
    suffix no format matches is a usage error, never a silent text file."""
    chosen = formats.get(output.suffix.lower())
    if chosen is None:
        named = f"no output format is called '{output.suffix}'" if output.suffix else \
            "has no suffix to choose an output format by"
        choices = ", ".join(sorted(formats)) + (f" or {or_option}" if or_option else "")
        raise UsageError(f"{output}: {named}; use {choices}")
    return chosen


def write_file(output: Path, content: str | bytes) -> None:
    """Write a command's report to ``output`` atomically and say so; a failure is one line
    with its own code, never a traceback."""
    from jdtool.authoring.fmt import write_atomically
    from jdtool.core.problems import WRITE_ERROR, Problem

    try:
        write_atomically(output, content)
    except OSError as error:
        raise JdtoolError.from_problem(Problem(
            output, 1, 1, WRITE_ERROR, f"cannot write: {error.strerror or error}")) from None
    wrote(output)


def report_error(error: JdtoolError) -> None:
    """The one place errors are printed: each problem on its line, then the message."""
    problems = error.problems if isinstance(error, ProblemsFound) else []
    if error.problem is not None:
        problems = [error.problem, *problems]
    for problem in problems:
        print(problem, file=sys.stderr)
    if error.problem is None and str(error):
        note(f"jdtool: {error}")


class JdtoolGroup(TyperGroup):
    """The root command: turns any ``JdtoolError`` a command raises into a message and an exit
    status, so commands and the library raise errors instead of printing them."""

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click.Context
        try:
            return super().invoke(ctx)
        except JdtoolError as error:
            report_error(error)
            status = error.exit_code
            if ctx.invoked_subcommand in ERRORS_EXIT_2:
                status = 2
            raise typer.Exit(status) from None


_pager = {"allowed": True}
"""Set once per run by the root command's ``--no-pager``."""


def allow_pager(allowed: bool) -> None:
    _pager["allowed"] = allowed


def _pager_allowed() -> bool:
    return _pager["allowed"]


@contextmanager
def paged() -> Iterator[Console]:
    """A console for a command's results: written straight out in a pipe; on a terminal,
    collected and shown through the pager if it is longer than the screen."""
    if not sys.stdout.isatty() or not _pager_allowed():
        yield console()
        return
    from rich.console import Console

    buffer = io.StringIO()
    out = Console(file=buffer, force_terminal=True, width=terminal_width(), highlight=False,
                  soft_wrap=True)
    try:
        yield out
    finally:
        show(buffer.getvalue())


def page(text: str) -> None:
    """Results already rendered as text: through the pager on a terminal when they do not fit
    (unless ``--no-pager``), straight out otherwise."""
    if sys.stdout.isatty() and _pager_allowed():
        show(text)
    else:
        sys.stdout.write(text)


def show(text: str) -> None:
    """Write ``text`` to the terminal, through the pager when it does not fit on the screen."""
    pager = os.environ.get("PAGER", "less -R").strip()
    if text.count("\n") < shutil.get_terminal_size().lines or pager in ("", "cat"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    # As git does: through the shell, so PAGER may hold options; less quits at the end.
    environment = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
    try:
        process = subprocess.Popen(pager, shell=True, stdin=subprocess.PIPE, env=environment)
    except OSError:
        sys.stdout.write(text)
        return
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode("utf-8"))
        process.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit the pager before the end
    process.wait()
