"""History commands: ``log``, ``blame``, ``git-setup``, and the two hooks git itself calls."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jdtool.cli.output import note
from jdtool.cli.terminal import paged, terminal_width

if TYPE_CHECKING:

    from jdtool.history.blame import Blame


class HistoryFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def log(
    path: Path = typer.Argument(..., help="A document, or a pack folder."),
    output_format: HistoryFormat = typer.Option(HistoryFormat.TEXT, "--format",
                                                help="text or json."),
) -> None:
    """Every revision of a document or pack, newest first, following renames.

    For each: commit, date, author, subject, the front matter 'revised' value, and what
    changed against the previous revision, in words (section by section) and in figures
    (blocks added/removed/reworded/moved, words added/removed). Revisions that changed
    only the layout are marked 'formatting only'.

    Examples:

    \b
      jdtool log posts/general-secretary.md
      jdtool log posts/director-of-operations --format json
    """
    from jdtool.cli.hot import log as run

    raise typer.Exit(run(path, str(output_format)))


def blame(
    path: Path = typer.Argument(..., help="A document."),
    output_format: HistoryFormat = typer.Option(HistoryFormat.TEXT, "--format",
                                                help="text or json."),
) -> None:
    """For every block, the revision that gave it its wording and the one it first appeared in.

    Blocks are followed through moves and light rewording, not lines. Uncommitted edits
    are shown as 'working'.

    Examples:

    \b
      jdtool blame posts/general-secretary.md
      jdtool blame posts/director-of-operations/description.md --format json
    """
    from jdtool import api

    result = api.blame(path)
    if output_format is HistoryFormat.JSON:
        json.dump(result.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        print()
        return
    _print_blame(result)


def _print_blame(result: Blame) -> None:
    from rich.markup import escape

    section = None
    with paged() as out:
        for line in result.lines:
            if line.section != section:
                section = line.section
                if section:
                    out.print(f"[bold cyan]## {escape(section)}[/]")
            wording, first = line.attribution.wording, line.attribution.first
            since = "" if first == wording else f" since {first.short} {first.date}"
            lead = len(f"{wording.short} {wording.date}{since}  ")
            room = terminal_width() - lead if out.is_terminal else BLAME_TEXT_WIDTH
            text = _clip(line.block.text, room)
            out.print(f"[yellow]{wording.short}[/] {wording.date}[dim]{since}[/]  {escape(text)}")
    for message in result.notes:
        note(f"jdtool: note: {message}")


BLAME_TEXT_WIDTH = 72
"""How much of a block a blame line shows in a pipe; on a terminal, what fits the screen."""


def _clip(text: str, room: int) -> str:
    room = max(room, 20)
    return text if len(text) <= room else text[:room - 1] + "…"


def git_setup(
    path: Path = typer.Argument(Path("."), help="Anywhere inside the repository."),
) -> None:
    """Make plain 'git diff' and 'git log -p' on posts/**/*.md show jdtool's structural diff.

    Adds 'posts/**/*.md diff=jdtool' to .gitattributes and sets diff.jdtool.command (used by
    git diff, and git log -p --ext-diff) and diff.jdtool.textconv (used by git log -p) in
    the repository's .git/config.

    Examples:

    \b
      jdtool git-setup
    """
    from jdtool.history.gitdriver import attributes_line, setup

    result = setup(path)
    state = "added" if result.attributes_changed else "already present"
    print(f"{result.attributes}: '{attributes_line()}' {state}")
    for key, value in result.settings.items():
        print(f"git config {key} '{value}'")


def git_diff_driver(
    arguments: list[str] = typer.Argument(..., help="What git passes to a diff driver."),
) -> None:
    """Called by git (diff.jdtool.command): print the structural diff of one file."""
    from jdtool.cli.hot import git_diff_driver as run

    raise typer.Exit(run(arguments))


def git_textconv(
    path: Path = typer.Argument(..., help="The file git hands over."),
) -> None:
    """Called by git (diff.jdtool.textconv): the document as one line per block."""
    from jdtool.history.gitdriver import textconv_file

    sys.stdout.write(textconv_file(path))


def register(app: typer.Typer) -> None:
    app.command()(log)
    app.command()(blame)
    app.command("git-setup")(git_setup)
    app.command("git-diff-driver", hidden=True)(git_diff_driver)
    app.command("git-textconv", hidden=True)(git_textconv)
