"""What history has already worked out, kept between runs: git objects never change.

A blob's facts (its ``revised`` value, or why it is unreadable), the statistics of a pair of
blobs, and the blame of a document at a commit depend only on those objects and on the code
that computed them, so they are stored in ``.git/jdtool/history/facts.json`` (for a site
build, in its cache folder) under a fingerprint of that code, and reused until the code
changes. Parsing is what costs time (markdown-it on every revision); with this cache a
second ``jdtool log`` parses nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import msgspec

from jdtool.core.files import write_atomically
from jdtool.core.problems import JdtoolError
from jdtool.core.resources import PACKAGE, code_fingerprint
from jdtool.version import __version__

FILE_NAME = "facts.json"


@cache
def engine_fingerprint() -> str:
    """Changes whenever the history code or the diff engine could compute differently."""
    files = [path for folder in ("history", "diff") for path in (PACKAGE / folder).iterdir()
             if path.suffix in (".py", ".jinja")]
    return code_fingerprint([*files, *(PACKAGE / "core" / name for name in (
        "parser.py", "markdown.py", "frontmatter.py", "schema.py", "documents.py"))],
        __version__)


class HistoryCache:
    """JSON tables (``blobs``, ``sizes``, ``pairs``, ``blame``), read once, written atomically."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / FILE_NAME if folder is not None else None
        self.tables: dict[str, dict[str, Any]] = {"blobs": {}, "sizes": {}, "pairs": {},
                                                 "blame": {}}
        self._dirty = False
        self._added: dict[str, dict[str, Any]] = {}
        if self.path is not None:
            self._load(self.path)

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("fingerprint") == engine_fingerprint():
            for name in self.tables:
                table = data.get(name)
                if isinstance(table, dict):
                    self.tables[name] = table

    def get(self, table: str, key: str) -> Any:
        return self.tables[table].get(key)

    def put(self, table: str, key: str, value: Any) -> None:
        self.tables[table][key] = value
        self._added.setdefault(table, {})[key] = value
        self._dirty = True

    def take_added(self) -> dict[str, dict[str, Any]]:
        """What was put since the last call: a worker process hands it to its parent."""
        added, self._added = self._added, {}
        return added

    def merge(self, added: dict[str, dict[str, Any]]) -> None:
        """Put everything another process's ``take_added`` gave."""
        for table, values in added.items():
            for key, value in values.items():
                self.put(table, key, value)

    def save(self) -> None:
        """Write the cache if anything was added; a cache that cannot be written is skipped."""
        if self.path is None or not self._dirty:
            return
        try:
            write_atomically(self.path, json.dumps({"fingerprint": engine_fingerprint(),
                                                    **self.tables}))
            self._dirty = False
        except JdtoolError:
            pass


def cache_folder(git_dir: Path) -> Path:
    """Where ``log`` and ``blame`` keep their cache: inside the repository's ``.git`` folder,
    so that reading history never leaves an untracked file in the working tree."""
    return git_dir / "jdtool" / "history"


LOGS = "logs"
"""Folder (beside ``facts.json``) of whole logs, one file per path, each under its key."""


def _log_file(folder: Path, relative: str) -> Path:
    return folder / LOGS / (hashlib.sha256(relative.encode()).hexdigest()[:32] + ".json")


def stored_log(folder: Path, relative: str, key: str) -> list[dict[str, Any]] | None:
    """The whole log of ``relative`` stored under ``key``, or None (absent, stale, broken).

    A cached ``log`` then costs one ``git rev-parse`` and one file read: no ``git log``, no
    GitPython, nothing parsed."""
    try:
        # msgspec reads the JSON of 2,000 revisions in a third of json's time.
        data = msgspec.json.decode(_log_file(folder, relative).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    entries = data.get("entries")
    return entries if isinstance(entries, list) else None


def store_log(folder: Path, relative: str, key: str, entries: list[dict[str, Any]]) -> None:
    """Keep the whole log of ``relative`` under ``key`` (replacing the one for an older HEAD);
    a cache that cannot be written is skipped."""
    with contextlib.suppress(JdtoolError):
        write_atomically(_log_file(folder, relative),
                         json.dumps({"key": key, "entries": entries}, ensure_ascii=False))
