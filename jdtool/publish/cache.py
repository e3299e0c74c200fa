"""The build cache: rendered pages and typeset PDFs stored under the hash of what made them.

An unchanged pack has the same key on the next build, so its page and PDF are copied from
the cache instead of being rendered or typeset again. Copied, never hard-linked: a site file
linked into the cache shares the cache entry's mode and owner (a web server then refuses it),
and an upload tool that preserves links would publish the cache. Entries a build did
not use are pruned afterwards, so the cache holds one site's worth of files.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from jdtool.core.files import write_atomically


def content_key(*parts: str | bytes) -> str:
    """A stable hash of every input that can change an output."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class BuildCache:
    """Files by ``(kind, key)`` under ``root``; with no root nothing is ever cached."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.used: set[Path] = set()

    def _path(self, kind: str, key: str) -> Path | None:
        return None if self.root is None else self.root / "publish" / kind / key

    def holds(self, kind: str) -> bool:
        """Whether any entry of ``kind`` is cached (a build without PDFs then need not work
        out each pack's PDF key to find none)."""
        path = self._path(kind, "x")
        if path is None:
            return False
        try:
            with os.scandir(path.parent) as entries:
                return any(True for _ in entries)
        except OSError:
            return False

    def read(self, kind: str, key: str) -> bytes | None:
        """A cached entry's bytes (a page, a PDF, a PDF's page count), or None."""
        path = self._path(kind, key)
        if path is None or not path.is_file():
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None  # unreadable entry (another user's cache): make the file afresh
        self.used.add(path)
        return data

    def store(self, kind: str, key: str, source: Path | bytes) -> None:
        """Keep a copy of a freshly written output (or the bytes given) for the next build."""
        path = self._path(kind, key)
        if path is None:
            return
        write_atomically(path, source if isinstance(source, bytes) else source.read_bytes())
        self.used.add(path)

    def mark(self, kind: str, key: str) -> None:
        """Record that this build used an entry (placed or stored in a worker process)."""
        path = self._path(kind, key)
        if path is not None:
            self.used.add(path)

    def prune(self, kind: str) -> None:
        """Delete the entries of ``kind`` this build did not use."""
        path = self._path(kind, "x")
        if path is None or not path.parent.is_dir():
            return
        for entry in path.parent.iterdir():
            if entry not in self.used:
                entry.unlink(missing_ok=True)
