"""Project settings: one ``[tool.jdtool.SECTION]`` table in ``pyproject.toml``, or ``[SECTION]``
in ``jdtool.toml``, found at or above a folder.

This is the one home for finding and reading the settings file; each feature (``lint``,
``site``, ``history``) interprets its own table, so a typo in one never breaks another.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from jdtool.core.problems import JdtoolError

SETTINGS_FILE = "jdtool.toml"


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML document at ``path``; ``JdtoolError`` (exit 2) naming the file if unreadable."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise JdtoolError(f"{path}: cannot read configuration: {error}", exit_code=2) from None
    except tomllib.TOMLDecodeError as error:
        raise JdtoolError(f"{path}: invalid TOML: {error}", exit_code=2) from None


def section_of(path: Path, data: dict[str, Any], section: str) -> dict[str, Any] | None:
    """The ``section`` table of one settings file's ``data``, or None when it has none."""
    table = data.get("tool", {}).get("jdtool", {}).get(section)
    if table is None and path.name == SETTINGS_FILE:
        table = data.get(section, {})
    if table is not None and not isinstance(table, dict):
        raise JdtoolError(f"{path}: the {section} settings must be a table", exit_code=2)
    return table


def find_settings(start: Path, section: str) -> Path | None:
    """The nearest ``jdtool.toml``, or ``pyproject.toml`` with a ``section`` table, at or
    above ``start``."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / SETTINGS_FILE).is_file():
            return candidate / SETTINGS_FILE
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and section_of(pyproject, read_toml(pyproject), section) is not None:
            return pyproject
    return None


def load_section(section: str, start: Path | None = None) -> tuple[dict[str, Any], Path | None]:
    """The ``section`` table nearest ``start`` (default: the current folder) and its file;
    an empty table and None when no settings file has one."""
    path = find_settings(start or Path.cwd(), section)
    if path is None:
        return {}, None
    return section_of(path, read_toml(path), section) or {}, path
