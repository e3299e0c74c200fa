"""A document as it stood at one revision: its blob parsed once, and cached by blob sha.

Consecutive revisions of a pack share most of their blobs, and ``log``, ``blame`` and the
history pages all walk the same revisions, so every blob is decoded and parsed at most once.
A blob that cannot be a document (binary, not UTF-8, too large, broken front matter) becomes
a version with a ``failure`` that callers show as a clearly marked entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jdtool.history.revisions import GitRepository
from jdtool.model import Block, Document
from jdtool.packs import parse_document
from jdtool.problems import JdtoolError
from jdtool.reader import decode_source


@dataclass(frozen=True, slots=True)
class Version:
    """A parsed document at a revision, or why there is none."""

    document: Document | None
    failure: str | None = None

    @property
    def usable(self) -> bool:
        return self.document is not None and self.failure is None


def content_key(document: Document) -> tuple[object, ...]:
    """What a reader reads: front matter values, headings and block texts, not the layout.

    Two revisions with the same key differ only in formatting (wrapping, list markers,
    spacing, table alignment).
    """
    meta = document.own.model_dump(mode="json") if document.own is not None else None
    body = tuple((section.level, section.heading,
                  tuple(_block_key(block) for block in section.blocks))
                 for section in document.body.walk())
    return (repr(meta), document.title, body)


def _block_key(block: Block) -> tuple[object, ...]:
    return (str(block.kind), block.number, block.depth, block.text, block.header)


def failure_of(document: Document) -> str | None:
    """A one-line reason the document's front matter is unusable, or None."""
    if document.own is not None:
        return None
    first = document.problems[0] if document.problems else None
    if first is None:
        return "front matter is unusable"
    return f"front matter is broken (line {first.line}: {first.message})"


class VersionCache:
    """Parse each blob once; keep the result for every later request of the same blob."""

    def __init__(self, repository: GitRepository) -> None:
        self.repository = repository
        self._versions: dict[tuple[str, str], Version] = {}

    def version(self, blob: str, path: str, commit: str) -> Version:
        """The document in ``blob``, parsed as the file ``path`` (its name decides its kind)."""
        key = (blob, Path(path).name)
        cached = self._versions.get(key)
        if cached is not None:
            return cached
        label = f"{commit[:7]}:{path}"
        try:
            data = self.repository.read_blob(blob, label)
            text = decode_source(data, Path(label))
        except JdtoolError as error:
            problem = error.problem
            reason = problem.message if problem is not None else str(error)
            version = Version(None, reason)
        else:
            document = parse_document(text, Path(path))
            version = Version(document, failure_of(document))
        self._versions[key] = version
        return version
