"""Compare two revisions through the sections that changed, not the whole document.

Parsing is what a long history costs: markdown-it takes milliseconds for every revision,
while a revision usually rewords one duty. A body is cut into its ``##`` sections (a ``##``
line always starts a section: it ends any list, table or paragraph above it), the sections
both revisions start with and end with are dropped, and only the rest is parsed and compared.
Dropped sections hold the same blocks in the same places on both sides, so they can only
contribute "unchanged" blocks: the statistics and the words are those of the whole
comparison. (Unchanged sections between two changed ones are kept: a passage moved across
them has really moved, which it would not seem to have without them.)

Anything that could make a section depend on another (fenced code, setext headings, link
reference definitions, a ``#`` heading after the title, a repeated heading or line, since the
engine pairs repeated passages by where they stand) or a change of section order falls back
to parsing whole documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from jdtool.core.problems import JdtoolError
from jdtool.history.versions import path_of

if TYPE_CHECKING:
    from jdtool.core.model import Document, Section
    from jdtool.core.schema import Meta

# Each pattern starts at a newline and is searched in "\n" + body: a literal first character
# lets the regex engine skip ahead between lines, about ten times faster than ``^`` in
# MULTILINE mode, which is tried at every character.
_SECTION_START = re.compile(r"\n## ")
_CROSS_SECTION = re.compile(
    r"\n {0,3}(?:```|~~~|=+[ \t]*(?=\n|\Z)|-+[ \t]*(?=\n|\Z)|\[[^\]\n]*\]:)")
_LEVEL_ONE = re.compile(r"\n {0,3}#(?=[ \t\n]|\Z)")
_ANY_NAME = Path("document.md")
"""The name cutting a text is done under: a text that cannot be cut is compared whole, and
that comparison reports any problem under the file's own name."""


@dataclass(frozen=True, slots=True)
class SplitText:
    """A document's front matter (with its ``---`` lines) and its body cut into sections."""

    head: str
    sections: tuple[str, ...]


def split_sections(text: str) -> SplitText | None:
    """Cut ``text`` at its ``##`` lines, or None if its sections might depend on each other."""
    # The core's parsing modules load only when a revision is parsed: a cached log parses
    # nothing and must not pay for YAML, the schema and markdown-it (about 100 ms).
    from jdtool.core import frontmatter

    try:
        _, body, _ = frontmatter.split(text, _ANY_NAME)
    except JdtoolError:
        return None
    lines = "\n" + body  # a match's start in ``lines`` is its line's start in ``body``
    if _CROSS_SECTION.search(lines) or len(_LEVEL_ONE.findall(lines)) > 1:
        return None
    if _repeats_a_line(body):
        return None  # the engine pairs repeated passages by where they are: whole documents
    first = _LEVEL_ONE.search(lines)
    if first is not None and body[:first.start()].strip():
        return None  # a '#' heading that is not the title
    head = text[:len(text) - len(body)]
    cuts = [match.start() for match in _SECTION_START.finditer(lines)]
    bounds = [0, *cuts, len(body)] if not cuts or cuts[0] else [*cuts, len(body)]
    sections = tuple(_terminated(body[start:end]) for start, end in pairwise(bounds))
    return SplitText(head, sections)


def _repeats_a_line(body: str) -> bool:
    lines = [line for line in body.split("\n") if line.strip()]
    return len(set(lines)) != len(lines)


def _terminated(section: str) -> str:
    return section if section.endswith("\n") else section + "\n"


class SectionParser:
    """Parses each distinct section once: a revision's old side is the previous one's new side.

    Only the body of a section is parsed (``parse_body``); the front matter of the revision
    comes from ``VersionCache.front_matter``, which validates each distinct one once.
    """

    def __init__(self) -> None:
        self._parsed: dict[str, tuple[Section, str | None]] = {}

    def parse(self, section: str, path: str) -> tuple[Section, str | None]:
        parsed = self._parsed.get(section)
        if parsed is None:
            from jdtool.core.parser import parse_body

            root, title, _ = parse_body(section, path_of(path), 1)
            parsed = (root, title)
            self._parsed[section] = parsed
        return parsed

    def document(self, own: Meta, sections: list[str], path: str) -> Document:
        """The document made of ``sections`` alone, assembled from their separate parses."""
        from jdtool.core.model import Document, Section, Span

        root = Section("", 0, Span(1, 1))
        title = None
        for section in sections:
            part, part_title = self.parse(section, path)
            title = title or part_title
            root.blocks.extend(part.blocks)
            root.children.extend(part.children)
        return Document(path_of(path), "".join(sections), own, root, meta=own, title=title)


def pruned_pair(old: SplitText, new: SplitText, owns: tuple[Meta, Meta], path: str,
                parser: SectionParser) -> tuple[Document, Document] | None:
    """Both revisions reduced to the sections that differ, or None if that is not safe."""
    if _repeats_heading(old) or _repeats_heading(new):
        return None  # the engine matches repeated headings by position: whole documents only
    common = set(old.sections) & set(new.sections)
    kept_old = [section for section in old.sections if section in common]
    kept_new = [section for section in new.sections if section in common]
    if kept_old != kept_new:
        return None  # sections moved, or a section repeated: compare whole documents
    before, after = _trimmed(old.sections, new.sections)
    return parser.document(owns[0], before, path), parser.document(owns[1], after, path)


def _trimmed(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Both lists of sections without the run of sections they start with and the run they
    end with. Unchanged sections between changed ones stay: without them a passage moved
    from one changed section to another would seem to stay where it was."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return list(old[start:len(old) - end]), list(new[start:len(new) - end])


def _repeats_heading(split: SplitText) -> bool:
    headings = [section.partition("\n")[0].strip() for section in split.sections]
    return len(set(headings)) != len(headings)
