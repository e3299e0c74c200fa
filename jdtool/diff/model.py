"""The change types a comparison produces: field, block and section changes, stats, the diff."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from jdtool.core.model import Block, Section
from jdtool.diff.summary import summarise

BlockChangeKind = Literal["unchanged", "added", "removed", "reworded", "moved"]
SectionChangeKind = Literal["unchanged", "added", "removed", "renamed", "moved", "relevelled"]
WordOp = Literal["equal", "delete", "insert"]

ROOT_PATH = ""
"""The heading path of the text before the first heading."""
PATH_SEPARATOR = " > "
SECTION_FIELD = "section"
"""The field change of a block kept in place whose heading changed."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One named value that differs: a front matter field, or a criterion's importance."""

    name: str
    old: str | None
    new: str | None

    @property
    def kind(self) -> Literal["added", "removed", "changed"]:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"

    def describe(self) -> str:
        if self.old is None:
            return f"{self.name}: added \u201c{self.new}\u201d"
        if self.new is None:
            return f"{self.name}: removed (was \u201c{self.old}\u201d)"
        return f"{self.name}: {self.old} \u2192 {self.new}"


@dataclass(slots=True)
class BlockChange:
    """What happened to one block; unchanged blocks are included so a reader sees context.

    ``words`` is the word-level diff: joining the ``equal`` and ``delete`` texts gives the old
    block's text, joining ``equal`` and ``insert`` gives the new one's.
    """

    kind: BlockChangeKind
    old: Block | None
    new: Block | None
    old_section: str
    new_section: str
    words: list[tuple[WordOp, str]] = field(default_factory=list)
    field_changes: list[FieldChange] = field(default_factory=list)
    old_index: int | None = None
    """Position of ``old`` among the old document's blocks (reading order)."""
    new_index: int | None = None

    @property
    def section(self) -> str:
        """The section a reader finds this block under: the new one, or where it was."""
        return self.new_section if self.new is not None else self.old_section

    @property
    def moved_within_section(self) -> bool:
        return self.kind == "moved" and self.old_section == self.new_section

    def old_text(self) -> str:
        return "".join(text for op, text in self.words if op != "insert")

    def new_text(self) -> str:
        return "".join(text for op, text in self.words if op != "delete")

    def counted_field_changes(self) -> list[FieldChange]:
        """Field changes that are real changes (a new number alone is only renumbering)."""
        return [change for change in self.field_changes if change.name != "number"]

    @property
    def regrouped(self) -> bool:
        """Kept in place, but now under another existing heading (``section`` field change)."""
        return any(change.name == SECTION_FIELD for change in self.field_changes)


@dataclass(slots=True)
class SectionChange:
    """How one section of either document corresponds to the other document."""

    old: Section | None
    new: Section | None
    old_path: str | None
    new_path: str | None
    renamed: bool = False
    moved: bool = False
    heading_words: list[tuple[WordOp, str]] = field(default_factory=list)

    @property
    def relevelled(self) -> bool:
        """The heading changed level (``##`` to ``###``): its place in the outline changed."""
        return self.old is not None and self.new is not None and self.old.level != self.new.level

    @property
    def case_only(self) -> bool:
        """Renamed only by a change of case or spacing ("Key Skills" -> "Key skills")."""
        return self.renamed and self.old is not None and self.new is not None and \
            " ".join(self.old.heading.casefold().split()) == \
            " ".join(self.new.heading.casefold().split())

    @property
    def kind(self) -> SectionChangeKind:
        """The main event; a section can also be renamed, moved and re-levelled at once."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        if self.renamed:
            return "renamed"
        if self.moved:
            return "moved"
        return "relevelled" if self.relevelled else "unchanged"

    @property
    def path(self) -> str:
        return self.new_path if self.new_path is not None else self.old_path or ROOT_PATH


@dataclass(slots=True)
class DiffStats:
    sections_added: int = 0
    sections_removed: int = 0
    sections_renamed: int = 0
    sections_moved: int = 0
    sections_relevelled: int = 0
    blocks_added: int = 0
    blocks_removed: int = 0
    blocks_reworded: int = 0
    blocks_moved: int = 0
    blocks_moved_within_section: int = 0
    blocks_field_changed: int = 0
    """Blocks whose wording is the same but a field (criterion importance, stages, the
    desirable or essential list it stands in, template tags) changed."""
    blocks_regrouped: int = 0
    """Blocks kept in place whose heading changed: an existing heading now stands before
    them instead of the one that did (not a move: their order and neighbours are kept)."""
    words_added: int = 0
    words_removed: int = 0

    @property
    def headings_changed(self) -> int:
        """Section events of every kind: a heading renamed is a change, never "0 changes"."""
        return self.sections_added + self.sections_removed + self.sections_renamed + \
            self.sections_moved + self.sections_relevelled

    def to_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(slots=True)
class DocumentDiff:
    """Everything that differs between two documents, in the new document's reading order."""

    meta_changes: list[FieldChange]
    sections: list[SectionChange]
    changes: list[BlockChange]
    stats: DiffStats
    ignore_quotes: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.meta_changes and \
            all(section.kind == "unchanged" for section in self.sections) and \
            all(change.kind == "unchanged" and not change.counted_field_changes()
                for change in self.changes)

    def section_change(self, path: str, *, old: bool = False) -> SectionChange | None:
        for section in self.sections:
            if (section.old_path if old else section.new_path) == path:
                return section
        return None

    def summary(self) -> str:
        return summarise(self)
