"""The root command turns a ``JdtoolError`` into a message on standard error (printed by
``output.report_error``, the one place errors are printed) and an exit status, so commands and
the library raise instead of print."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from jdtool.cli.output import ERRORS_EXIT_2, report_error
from jdtool.core.problems import JdtoolError


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
