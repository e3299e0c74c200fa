"""Parsed documents kept between builds, so a build after a one-file commit parses one file.

A document's model depends only on its path, its text and the code that parsed it, so
``ParseCache.parse(text, path)`` looks the model up under a digest of the path and the text,
in a table kept under a fingerprint of jdtool's ``core`` package, Python's version and the
parsing libraries' (``code_fingerprint``). Anything else (no file, another fingerprint,
a broken table or entry, an entry filed under another key or naming another path) is a
miss: the text is parsed as if there were no cache, so a stale or damaged cache costs time
and never gives a wrong model. Only the entries a run used are written back, so the table
never outgrows the posts.

The table is a pickle (unpickling a model costs about half of parsing it; the build cache
folder already holds compiled template code, so it is trusted as the working tree is).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import pickle
import sys
from functools import cache
from pathlib import Path
from typing import Any

import markdown_it_pyrs
import msgspec

from jdtool.core.documents import parse_document
from jdtool.core.files import write_atomically
from jdtool.core.model import Document
from jdtool.core.problems import JdtoolError
from jdtool.core.resources import PACKAGE, code_fingerprint

FILE_NAME = "documents.pickle"
_PROTOCOL = 5


@cache
def parser_fingerprint() -> str:
    """Changes whenever the parsed model of a text could differ: jdtool's ``core`` package
    (which builds the model and imports nothing else of jdtool's), Python, the parsers."""
    # PyYAML by its file (which names its version), not imported: most builds never load it.
    spec = importlib.util.find_spec("yaml")
    yaml = [Path(spec.origin)] if spec is not None and spec.origin else []
    return code_fingerprint(
        [*(PACKAGE / "core").glob("*.py"), *yaml], sys.version,
        getattr(markdown_it_pyrs, "__version__", "?"), msgspec.__version__)


class ParseCache:
    """The models of the documents a build parsed last time, by path and text."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / FILE_NAME if folder is not None else None
        self._stored: dict[str, bytes] = self._load() if self.path is not None else {}
        self._used: dict[str, bytes] = {}
        self.hits = 0

    def _load(self) -> dict[str, bytes]:
        assert self.path is not None
        try:
            data = pickle.loads(self.path.read_bytes())
        except Exception:  # any broken or foreign file is just a miss
            return {}
        if not isinstance(data, dict) or data.get("fingerprint") != parser_fingerprint():
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def parse(self, text: str, path: Path) -> Document:
        """``parse_document(text, path)``, from the cache when this text was parsed before."""
        key = hashlib.sha256(f"{path}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()
        stored = self._stored.get(key)
        if stored is not None:
            document = _unpickled(stored, key, path)
            if document is not None:
                document.source = text  # kept out of the entry: the caller has just read it
                self._used[key] = stored
                self.hits += 1
                return document
        document = parse_document(text, path)
        self._used[key] = _pickled(document, key)
        return document

    def save(self) -> None:
        """Keep the entries this run used (and only those); an unwritable cache is skipped."""
        if self.path is None or self._used == self._stored:
            return
        payload = {"fingerprint": parser_fingerprint(), "entries": self._used}
        with contextlib.suppress(JdtoolError):
            write_atomically(self.path, pickle.dumps(payload, protocol=_PROTOCOL))


def _pickled(document: Document, key: str) -> bytes:
    """The model without its source text (the one large part a hit gets from its caller),
    with the key it is filed under, so that an entry moved to another key is a miss."""
    source, document.source = document.source, ""
    try:
        return pickle.dumps((key, document), protocol=_PROTOCOL)
    finally:
        document.source = source


def _unpickled(stored: bytes, key: str, path: Path) -> Document | None:
    try:
        entry: Any = pickle.loads(stored)
    except Exception:  # a damaged entry is a miss
        return None
    if not isinstance(entry, tuple) or len(entry) != 2 or entry[0] != key:
        return None
    document = entry[1]
    return document if isinstance(document, Document) and document.path == path else None
