"""What every command shares: printing problems, and turning errors into one-line exits."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from jdtool.core.problems import Problem

T = TypeVar("T")


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_problem(problem: Problem) -> None:
    """``path:line:col: severity CODE message`` on standard error, coloured on a terminal."""
    colour = {"error": "red", "warning": "yellow"}.get(str(problem.severity), "cyan")
    if sys.stderr.isatty():
        from rich.markup import escape

        console(stderr=True).print(
            f"{escape(str(problem.path))}:{problem.line}:{problem.column}: "
            f"[{colour}]{problem.severity}[/] [bold]{problem.code}[/] {escape(problem.message)}")
    else:
        print(problem, file=sys.stderr)


def fail(message: str, code: int = 1) -> typer.Exit:
    print(f"jdtool: {message}", file=sys.stderr)
    return typer.Exit(code)


@contextmanager
def user_errors(exit_code: int | None = None) -> Iterator[None]:
    """Print a ``JdtoolError`` as one line and exit with its code (or ``exit_code``)."""
    from jdtool.core.problems import JdtoolError

    try:
        yield
    except JdtoolError as error:
        if error.problem is not None:
            print_problem(error.problem)
        else:
            print(f"jdtool: {error}", file=sys.stderr)
        raise typer.Exit(exit_code if exit_code is not None else error.exit_code) from None


def guarded(function: Callable[[], T], exit_code: int | None = None) -> T:
    with user_errors(exit_code):
        return function()
