"""The terminal: its width, lines wrapped to it, and the pager.

On a terminal, output longer than the screen goes through the pager (``$PAGER``, default
``less -R``, as git does; never with ``jdtool --no-pager`` or in a pipe), and long lines wrap
to the terminal's width under a hanging indent. Pipes and files get the output as it is.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

HANGING_INDENT = "    "
"""How far a wrapped line is indented under its first line."""


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def terminal_width() -> int:
    import shutil  # a command in a pipe never asks: shutil (with bz2, lzma) costs 3 ms

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


_pager = {"allowed": True}
"""Set once per run by the root command's ``--no-pager``."""


def allow_pager(allowed: bool) -> None:
    _pager["allowed"] = allowed


def _paging() -> bool:
    """Whether results may go through the pager: on a terminal, and not ``--no-pager``."""
    return sys.stdout.isatty() and _pager["allowed"]


@contextmanager
def paged() -> Iterator[Console]:
    """A console for a command's results: written straight out in a pipe; on a terminal,
    collected and shown through the pager if it is longer than the screen."""
    if not _paging():
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
    if _paging():
        show(text)
    else:
        sys.stdout.write(text)


def show(text: str) -> None:
    """Write ``text`` to the terminal, through the pager when it does not fit on the screen."""
    import shutil  # as in terminal_width

    pager = os.environ.get("PAGER", "less -R").strip()
    if text.count("\n") < shutil.get_terminal_size().lines or pager in ("", "cat"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    # Only a pager starts a process: ``check`` and ``diff`` in a pipe never load subprocess.
    import subprocess

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
