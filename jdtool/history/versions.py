"""A document as it stood at one revision: its blob parsed once, and cached by blob sha.

Consecutive revisions of a pack share most of their blobs, and ``log``, ``blame`` and the
history pages all walk the same revisions, so every blob is decoded and parsed at most once.
A blob that cannot be a document (binary, not UTF-8, too large, broken front matter) becomes
a version with a ``failure`` that callers show as a clearly marked entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jdtool.core.problems import JdtoolError
from jdtool.history.repository import GitRepository

if TYPE_CHECKING:  # parsing modules load only when a blob is parsed: a cached log needs none
    from jdtool.core.model import Block, Document
    from jdtool.core.schema import Meta


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
    return (meta_key(document), document.title, _body_key(document))


def same_content(old: Document, new: Document, meta_keys: dict[int, tuple[Meta, str]]
                 ) -> bool:
    """``content_key(old) == content_key(new)``, part by part, cheapest first: most
    revisions change a front matter value (``revised``), and then the bodies' keys are never
    made. ``meta_keys`` keeps each front matter's key (by the identity of its ``Meta``, held
    there so that the identity stays its own): each revision is the new side of one pair and
    the old side of the next."""
    if _kept_meta_key(old, meta_keys) != _kept_meta_key(new, meta_keys):
        return False
    return old.title == new.title and _body_key(old) == _body_key(new)


def _kept_meta_key(document: Document, meta_keys: dict[int, tuple[Meta, str]]) -> str:
    own = document.own
    if own is None:
        return meta_key(document)
    kept = meta_keys.get(id(own))
    if kept is None:
        kept = meta_keys[id(own)] = (own, meta_key(document))
    return kept[1]


def meta_key(document: Document) -> str:
    """The front matter part of ``content_key``."""
    # Loaded here, not at the top: a cached log parses nothing (the schema is loaded by
    # then, with the document it reads).
    from jdtool.core.schema import as_dict

    return repr(as_dict(document.own, json=True) if document.own is not None else None)


def _body_key(document: Document) -> tuple[object, ...]:
    return tuple((section.level, section.heading,
                  tuple(_block_key(block) for block in section.blocks))
                 for section in document.body.walk())


def _block_key(block: Block) -> tuple[object, ...]:
    return (str(block.kind), block.number, block.depth, block.text, block.header)


@cache
def path_of(path: str) -> Path:
    """The ``Path`` of a git path, made once: thousands of revisions name the same few files,
    and making a ``Path`` costs more than most of what is done with it."""
    return Path(path)


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
        self._texts: dict[str, str | JdtoolError] = {}
        self._front_matters: dict[tuple[str, str], tuple[Meta | None, str | None]] = {}

    def text(self, blob: str, path: str, commit: str) -> str:
        """The blob's text, checked like a file on disk; ``JdtoolError`` if it is not text."""
        text = self._texts.get(blob)
        if text is None:
            from jdtool.core.files import decode_source

            label = f"{commit[:7]}:{path}"
            try:
                text = decode_source(self.repository.read_blob(blob), Path(label))
            except JdtoolError as error:
                text = error
            self._texts[blob] = text
        if isinstance(text, JdtoolError):
            raise text
        return text

    def prefetch(self, blobs: Iterable[str]) -> None:
        """Fetch every blob not yet read with one git process (see ``prefetch_blobs``)."""
        self.repository.prefetch_blobs(blob for blob in blobs if blob not in self._texts)

    def front_matter(self, blob: str, path: str, commit: str) -> tuple[Meta | None, str | None]:
        """The blob's own front matter, or why it is unusable, without parsing its body."""
        try:
            text = self.text(blob, path, commit)
        except JdtoolError as error:
            return None, _reason(error, front_matter=False)
        # Revisions mostly share their front matter: validate each distinct one once.
        end = text.find("\n---", 3)
        key = (text[:end] if end > 0 else text, path_of(path).name)
        known = self._front_matters.get(key)
        if known is None:
            known = _front_matter(text, path)
            self._front_matters[key] = known
        return known

    def version(self, blob: str, path: str, commit: str) -> Version:
        """The document in ``blob``, parsed as the file ``path`` (its name decides its kind)."""
        key = (blob, path_of(path).name)
        cached = self._versions.get(key)
        if cached is not None:
            return cached
        # Loaded only when a revision must be parsed: a cached `jdtool log` parses
        # nothing, and the parser stack (YAML, the schema, markdown-it) costs about 100 ms.
        from jdtool.core.documents import parse_document

        try:
            text = self.text(blob, path, commit)
        except JdtoolError as error:
            version = Version(None, _reason(error, front_matter=False))
        else:
            document = parse_document(text, path_of(path))
            version = Version(document, failure_of(document))
        self._versions[key] = version
        return version


def _front_matter(text: str, path: str) -> tuple[Meta | None, str | None]:
    from jdtool.core import frontmatter, schema

    try:
        matter, _ = frontmatter.load(text, path_of(path))
    except JdtoolError as error:
        return None, _reason(error, front_matter=True)
    own, problems = schema.validate(matter, path_of(path))
    if own is None:
        first = problems[0] if problems else None
        return None, (f"front matter is broken (line {first.line}: {first.message})"
                      if first else "front matter is unusable")
    return own, None


def _reason(error: JdtoolError, *, front_matter: bool) -> str:
    problem = error.problem
    if problem is None:
        return str(error)
    if front_matter:
        return f"front matter is broken (line {problem.line}: {problem.message})"
    return problem.message
