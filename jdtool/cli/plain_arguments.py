"""The plain forms of a command's arguments, read without typer (``build``, ``lint``).

A command that starts often runs straight from ``sys.argv`` when every argument is in a form
this reader fully understands: each flag once, each option once, long or short, its value
apart or after ``--name=``, and the options that may repeat. Anything else (``--help``, an
unknown or repeated option, a value that looks like an option, an empty argument, ``-``,
``--``) is None, and typer parses, explains and refuses as it always does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def plain_arguments(argv: list[str], flags: Mapping[str, str], valued: Mapping[str, str],
                    repeated: Mapping[str, str] | None = None
                    ) -> tuple[list[str], dict[str, Any]] | None:
    """The positional arguments, and ``{name: value}`` by the names the tables give each
    option (True for a flag, a list for a repeated option); None to leave it all to typer."""
    repeated = repeated or {}
    positional: list[str] = []
    values: dict[str, Any] = {}
    arguments = iter(argv)
    for argument in arguments:
        if not argument:
            return None
        if not argument.startswith("-"):
            positional.append(argument)
            continue
        name, equals, value = argument.partition("=") if argument.startswith("--") else \
            (argument, "", "")
        if name in flags and not equals:
            if flags[name] in values:
                return None  # twice: typer's rule decides
            values[flags[name]] = True
            continue
        if name not in valued and name not in repeated:
            return None  # --help, --, an unknown option: all typer's
        if not equals:
            value = next(arguments, "")
        if not value or value.startswith("-"):
            return None  # typer says what is missing
        if name in repeated:
            values.setdefault(repeated[name], []).append(value)
        elif valued[name] in values:
            return None  # twice, perhaps under its other name
        else:
            values[valued[name]] = value
    return positional, values
