"""The one place errors are printed: the root command turns a ``JdtoolError`` into a message
on standard error and an exit status, so commands and the library raise instead of print."""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from jdtool.core.problems import JdtoolError, ProblemsFound

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
