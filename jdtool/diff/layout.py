"""Reading order shared by the renderers: changes grouped by section, with moved-from marks.

A moved block is shown where it now stands, and a short mark is left where it used to be,
so a reader of either place learns about the move.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Literal

from jdtool.diff.model import (
    PATH_SEPARATOR,
    ROOT_PATH,
    BlockChange,
    DocumentDiff,
    SectionChange,
    WordOp,
)

Role = Literal["here", "moved-out"]


@dataclass(slots=True)
class Item:
    change: BlockChange
    role: Role


@dataclass(slots=True)
class Group:
    """A run of items under one section heading (the new heading, or the removed one's)."""

    path: str
    section: SectionChange | None
    items: list[Item] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return heading_name(self.path)

    @property
    def changed(self) -> bool:
        return any(item.change.kind != "unchanged" or item.change.counted_field_changes()
                   for item in self.items) or \
            (self.section is not None and self.section.kind != "unchanged")


TOP = "(before the first heading)"


def heading_name(path: str | None) -> str:
    """The last heading of a section path, as a reader names the section."""
    return path.rsplit(PATH_SEPARATOR, 1)[-1] if path else TOP


def parent_of(path: str | None) -> str:
    parts = (path or "").rsplit(PATH_SEPARATOR, 1)
    return parts[0] if len(parts) == 2 else ""


def section_note(section: SectionChange | None) -> str:
    """"renamed from “Main duties”, moved from under “Duties”", or "" when unchanged."""
    if section is None or section.kind == "unchanged":
        return ""
    if section.kind in ("added", "removed"):
        return "new section" if section.kind == "added" else "section removed"
    notes = []
    if section.renamed:
        notes.append(f"renamed from \u201c{heading_name(section.old_path)}\u201d"
                     + (" (case only)" if section.case_only else ""))
    if section.moved:
        before, after = parent_of(section.old_path), parent_of(section.new_path)
        if before == after:
            notes.append("moved")
        else:
            notes.append(f"moved from under \u201c{before}\u201d" if before
                         else "moved from the top level")
    if section.relevelled and section.old is not None and section.new is not None:
        notes.append(f"re-levelled {section.old.level} \u2192 {section.new.level}")
    text = ", ".join(notes)
    return text if section.renamed else "section " + text


def display_paths(diff: DocumentDiff) -> dict[str, str]:
    """Old section path -> the path a reader finds it under (its new path, if it survives)."""
    return {section.old_path: section.path for section in diff.sections
            if section.old_path is not None}


def items_in_order(diff: DocumentDiff) -> list[Item]:
    items = [Item(change, "here") for change in diff.changes]
    anchors = sorted((change.old_index, position) for position, change in enumerate(diff.changes)
                     if change.old_index is not None and change.kind != "moved")
    keys = [index for index, _ in anchors]
    stubs: list[tuple[float, Item]] = []
    for change in diff.changes:
        if change.kind != "moved" or change.old_index is None:
            continue
        slot = bisect_left(keys, change.old_index)
        after = anchors[slot - 1][1] if slot else -1
        stubs.append((after + 0.5, Item(change, "moved-out")))
    placed = [(float(position), item) for position, item in enumerate(items)] + stubs
    return [item for _, item in sorted(placed, key=lambda pair: pair[0])]


def groups(diff: DocumentDiff) -> list[Group]:
    """Items grouped by section; sections with no blocks appear when they changed."""
    paths = display_paths(diff)
    by_path = {section.path: section for section in diff.sections}
    result: list[Group] = []
    seen: set[str] = set()
    by_group: dict[str, Group] = {}
    for item in items_in_order(diff):
        change = item.change
        if item.role == "moved-out":
            path = paths.get(change.old_section, change.old_section)
        else:
            path = change.new_section
        if path not in by_group:
            # Each section once, where its first passage falls; a removed section's passages
            # stay together rather than splitting the section they stood beside.
            by_group[path] = Group(path, by_path.get(path))
            result.append(by_group[path])
            seen.add(path)
        by_group[path].items.append(item)
    # A section with no passages of its own (a heading over sub-sections, or an emptied one)
    # still gets its heading, after the section that precedes it: changed, or the parent of
    # a section shown, so that the outline keeps its hierarchy.
    parents = {parent_of(path) for path in seen}
    previous: str | None = None
    for section in diff.sections:
        if section.path in seen:
            previous = section.path
            continue
        if section.kind == "unchanged" and section.path not in parents:
            continue
        where = next((index + 1 for index in range(len(result) - 1, -1, -1)
                      if result[index].path == previous), 0)
        result.insert(where, Group(section.path, section))
        seen.add(section.path)
        previous = section.path
    if result and result[0].path == ROOT_PATH and not result[0].items:
        result.pop(0)
    return result


def display_words(words: list[tuple[WordOp, str]]) -> list[tuple[WordOp, str]]:
    """The ops for showing: a space shared by every op of a change stands outside the marks.

    ``on{+ proposed+} rule`` reads as ``on {+proposed+} rule``. For display only: the ops of a
    ``BlockChange`` stay exact.
    """
    shown: list[tuple[WordOp, str]] = []
    index = 0
    while index < len(words):
        if words[index][0] == "equal":
            shown.append(words[index])
            index += 1
            continue
        end = index
        while end < len(words) and words[end][0] != "equal":
            end += 1
        run = words[index:end]
        lead = _shared(run, leading=True)
        trail = _shared([(op, text[len(lead):]) for op, text in run], leading=False)
        if lead:
            shown.append(("equal", lead))
        for op, text in run:
            inner = text[len(lead):len(text) - len(trail)] if trail else text[len(lead):]
            if inner:
                shown.append((op, inner))
        if trail:
            shown.append(("equal", trail))
        index = end
    return shown


def _shared(run: list[tuple[WordOp, str]], *, leading: bool) -> str:
    edges = {(text[:1] if leading else text[-1:]) for _, text in run}
    if len(edges) == 1:
        edge = edges.pop()
        if edge.isspace() and all(len(text) > 1 for _, text in run):
            return edge
    return ""
