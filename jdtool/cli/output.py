"""Where a command's output goes, as git and ruff do it.

Findings and results go to standard output (so ``jdtool check > report.txt`` and
``jdtool lint | grep JD203`` work); progress, summaries, notes, ``wrote FILE`` and errors go
to standard error. Files a command writes are written atomically and announced.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jdtool.cli.terminal import console, fit
from jdtool.core.problems import JdtoolError, ProblemsFound, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from jdtool.core.problems import Problem


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
    with its own code (``write_atomically`` raises it), never a traceback."""
    from jdtool.core.files import write_atomically

    write_atomically(output, content)
    wrote(output)


ERRORS_EXIT_2 = {"diff", "lint"}
"""Commands whose exit status 1 means "found something", so their errors exit 2 (like
``diff`` and ``ruff``); every other command exits 1 on an error and 2 on a usage error."""


def report_error(error: JdtoolError) -> None:
    """The one place errors are printed: each problem on its line, then the message."""
    problems = error.problems if isinstance(error, ProblemsFound) else []
    if error.problem is not None:
        problems = [error.problem, *problems]
    for problem in problems:
        print(problem, file=sys.stderr)
    if error.problem is None and str(error):
        print(f"jdtool: {error}", file=sys.stderr)
