"""The typer application: the root command, its error handler, and every command module."""

from __future__ import annotations

import typer

from jdtool.cli import (
    authoring,
    compare,
    history,
    importing,
    linting,
    office,
    publishing,
)
from jdtool.cli.errors import JdtoolGroup
from jdtool.cli.terminal import allow_pager
from jdtool.version import __version__

app = typer.Typer(
    name="jdtool",
    cls=JdtoolGroup,
    help="Write, check, publish and compare job descriptions kept as structured Markdown.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

authoring.register(app)
compare.register(app)
history.register(app)
importing.register(app)
linting.register(app)
office.register(app)
publishing.register(app)


def _version(value: bool) -> None:
    if value:
        print(f"jdtool {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
    no_pager: bool = typer.Option(False, "--no-pager",
                                  help="Never page long output on a terminal (default: "
                                       "$PAGER or 'less -R' when it does not fit)."),
) -> None:
    """Write, check, publish and compare job descriptions kept as structured Markdown."""
    allow_pager(not no_pager)


