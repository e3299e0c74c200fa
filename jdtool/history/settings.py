"""``[tool.jdtool.history]``: what the site's history pages show beyond the plain wording.

Member-facing pages name revisions by their "Last revised" value or date and say what changed;
commit details are for the people who keep the repository, so they are off unless asked for::

    [tool.jdtool.history]
    show_authors = true   # "Changed by Alice Example" on each revision
    show_commits = true   # the commit's subject and short hash

An unknown key or a value that is not true/false is a one-line error naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from jdtool.core.problems import JdtoolError
from jdtool.core.settings import load_section

SECTION = "history"


@dataclass(frozen=True, slots=True)
class HistorySettings:
    show_authors: bool = False
    show_commits: bool = False


def load_history_settings(start: Path | None = None) -> HistorySettings:
    """The history settings found at or above ``start`` (default: the current folder)."""
    table, path = load_section(SECTION, start)
    known = {item.name for item in fields(HistorySettings)}
    values: dict[str, bool] = {}
    for key, value in table.items():
        if key not in known:
            raise JdtoolError(f"{path}: unknown history setting '{key}'; known: "
                              f"{', '.join(sorted(known))}", exit_code=2)
        if not isinstance(value, bool):
            raise JdtoolError(f"{path}: history setting '{key}' must be true or false",
                              exit_code=2)
        values[key] = value
    return HistorySettings(**values)
