"""``compare``: two documents in, one ``DocumentDiff`` out (front matter, sections, blocks)."""

from __future__ import annotations

import re
from typing import Any

from jdtool.core.model import Block, Document, Importance
from jdtool.core.schema import FIELDS, fields_set
from jdtool.diff.align import (
    Pairing,
    Side,
    anchor_in_order,
    fill_in_order,
    flatten,
    pair_identical_moves,
    pair_similar_moves,
)
from jdtool.diff.model import (
    PATH_SEPARATOR,
    SECTION_FIELD,
    BlockChange,
    BlockChangeKind,
    DiffStats,
    DocumentDiff,
    FieldChange,
    SectionChange,
    WordOp,
)
from jdtool.diff.sections import (
    displaced_sections,
    match_by_content,
    match_headings,
    moved_with_content,
    section_changes,
    travelling,
)
from jdtool.diff.words import template_tags, word_diff

_ESSENTIAL_LIST = re.compile(r"\b(essential|required|must[- ]haves?)\b", re.IGNORECASE)
_DESIRABLE_LIST = re.compile(r"\b(desirable|optional|nice[- ]to[- ]haves?|preferred|bonus)\b",
                             re.IGNORECASE)


def compare(old: Document, new: Document, *, ignore_quotes: bool = False) -> DocumentDiff:
    """Everything that differs between ``old`` and ``new``, as a reader would describe it."""
    old_side, new_side = flatten(old, ignore_quotes), flatten(new, ignore_quotes)
    matched = match_headings(old_side, new_side)
    displaced = displaced_sections(old_side, new_side, matched)
    pairing = align_blocks(old_side, new_side, matched, displaced)
    stray = moved_with_content(old_side, new_side, matched, displaced, pairing)
    if stray:
        displaced |= stray
        pairing = align_blocks(old_side, new_side, matched, displaced)
    match_by_content(old_side, new_side, matched, pairing)
    moved = displaced - travelling(old_side, new_side, matched, displaced)
    sections = section_changes(old_side, new_side, matched, moved)
    changes = _block_changes(old_side, new_side, matched, pairing, ignore_quotes)
    meta = meta_changes(old, new)
    return DocumentDiff(meta, sections, changes, _stats(sections, changes), ignore_quotes)


def align_blocks(old: Side, new: Side, matched: dict[int, int], displaced: set[int]) -> Pairing:
    """Blocks of sections that moved as a whole go with them; the rest align in order."""
    pairing = Pairing()
    runs = [(old.by_section[i], new.by_section[matched[i]]) for i in sorted(displaced)]
    away_new = {matched[i] for i in displaced}
    runs.append(([e.index for e in old.entries if e.section not in displaced],
                 [e.index for e in new.entries if e.section not in away_new]))
    anchors = [anchor_in_order(old, new, olds, news, matched, pairing) for olds, news in runs]
    # Identical text out of order is a move before any in-place pairing may claim it.
    pair_identical_moves(old, new, pairing)
    for (olds, news), kept in zip(runs, anchors, strict=True):
        fill_in_order(old, new, olds, news, kept, pairing)
    pair_similar_moves(old, new, pairing)
    return pairing


Placed = tuple[tuple[float, int], BlockChange]
"""A change with its sort key in the new document's reading order."""


def _block_changes(old: Side, new: Side, matched: dict[int, int], pairing: Pairing,
                   ignore_quotes: bool) -> list[BlockChange]:
    placed = _removed(old, new, matched, pairing) + \
        _new_side(old, new, matched, pairing, ignore_quotes)
    return [change for _, change in sorted(placed, key=lambda item: item[0])]


def _removed(old: Side, new: Side, matched: dict[int, int], pairing: Pairing) -> list[Placed]:
    """Removed blocks, each just after the new place of the last old block kept in place."""
    placed: list[Placed] = []
    anchor = -1
    for entry in old.entries:
        j = pairing.new_of_old.get(entry.index)
        if j is not None:
            if pairing.how[entry.index] == "place":
                anchor = j
            continue
        counterpart = matched.get(entry.section)
        change = BlockChange(
            "removed", entry.block, None, old.paths[entry.section],
            new.paths[counterpart] if counterpart is not None else old.paths[entry.section],
            words=_whole("delete", entry.block.text), old_index=entry.index)
        placed.append(((anchor + 0.5, entry.index), change))
    return placed


def _new_side(old: Side, new: Side, matched: dict[int, int], pairing: Pairing,
              ignore_quotes: bool) -> list[Placed]:
    """Every block of the new document: added, or paired with its old block."""
    old_of_section = {j: i for i, j in matched.items()}
    old_of_new = {j: i for i, j in pairing.new_of_old.items()}
    placed: list[Placed] = []
    for entry in new.entries:
        i = old_of_new.get(entry.index)
        if i is None:
            counterpart = old_of_section.get(entry.section)
            change = BlockChange(
                "added", None, entry.block,
                old.paths[counterpart] if counterpart is not None else new.paths[entry.section],
                new.paths[entry.section], words=_whole("insert", entry.block.text),
                new_index=entry.index)
        else:
            change = _paired(old, new, i, entry.index, pairing.how[i], ignore_quotes)
            change.field_changes += _place_changes(old, new, matched, old_of_section, change)
        placed.append(((float(entry.index), -1), change))
    return placed


def _paired(old: Side, new: Side, i: int, j: int, how: str, ignore_quotes: bool) -> BlockChange:
    a, b = old.entries[i], new.entries[j]
    same_words = a.key == b.key
    kind: BlockChangeKind = "moved" if how == "moved" else \
        "unchanged" if same_words else "reworded"
    if a.block.text == b.block.text:
        words = _whole("equal", a.block.text)
    else:
        words = word_diff(a.block.text, b.block.text, ignore_quotes=ignore_quotes)
    return BlockChange(kind, a.block, b.block, old.paths[a.section], new.paths[b.section],
                       words=words, field_changes=block_field_changes(a.block, b.block),
                       old_index=i, new_index=j)


def _place_changes(old: Side, new: Side, matched: dict[int, int], old_of_section: dict[int, int],
                   change: BlockChange) -> list[FieldChange]:
    """A block now in the essential list instead of the desirable one (or the reverse) says
    so; a block kept in place under another existing heading gets a ``section`` change."""
    assert change.old_index is not None and change.new_index is not None
    a, b = old.entries[change.old_index].section, new.entries[change.new_index].section
    if change.old is not None and change.old.criterion is None and \
            change.old_section != change.new_section:
        before, after = list_importance(change.old_section), list_importance(change.new_section)
        if before is not None and after is not None and before != after:
            return [FieldChange("importance", str(before), str(after))]
    if change.kind == "moved" or matched.get(a, b) == b or b not in old_of_section:
        return []
    return [FieldChange(SECTION_FIELD, old.paths[a], new.paths[b])]


def list_importance(path: str) -> Importance | None:
    """Whether a section is a list of essential or of desirable criteria, by its headings
    ("Essential criteria", "Desirable skills", "Nice to have"), nearest heading first."""
    for heading in reversed(path.split(PATH_SEPARATOR)):
        essential, desirable = _ESSENTIAL_LIST.search(heading), _DESIRABLE_LIST.search(heading)
        if essential and not desirable:
            return Importance.ESSENTIAL
        if desirable and not essential:
            return Importance.DESIRABLE
    return None


def _whole(op: WordOp, text: str) -> list[tuple[WordOp, str]]:
    return [(op, text)] if text else []


def block_field_changes(old: Block, new: Block) -> list[FieldChange]:
    """Criterion importance and assessment stages, and the number of a numbered paragraph."""
    changes: list[FieldChange] = []
    if old.criterion is not None and new.criterion is not None:
        before, after = old.criterion, new.criterion
        if before.importance != after.importance:
            changes.append(FieldChange(
                "importance", str(before.importance) if before.importance else None,
                str(after.importance) if after.importance else None))
        if before.assessed_by != after.assessed_by:
            changes.append(FieldChange("assessed by", ", ".join(before.assessed_by) or None,
                                       ", ".join(after.assessed_by) or None))
    if old.number != new.number and old.number is not None and new.number is not None:
        changes.append(FieldChange("number", old.number, new.number))
    if old.kind is not new.kind:
        changes.append(FieldChange("kind", str(old.kind), str(new.kind)))
    old_tags, new_tags = template_tags(old.text), template_tags(new.text)
    if old_tags != new_tags:
        changes.append(FieldChange("template tags", " ".join(old_tags) or None,
                                   " ".join(new_tags) or None))
    return changes


def meta_changes(old: Document, new: Document) -> list[FieldChange]:
    """Front matter field by field, with fields inherited from the pack resolved."""
    before, after = _meta_values(old), _meta_values(new)
    changes = [FieldChange(name, before.get(name), after.get(name))
               for name in [*before, *(n for n in after if n not in before)]
               if before.get(name) != after.get(name)]
    if old.title != new.title:
        changes.append(FieldChange("heading", old.title, new.title))
    return changes


def _meta_values(document: Document) -> dict[str, str]:
    meta = document.meta
    if meta is None:
        return {}
    values: dict[str, str] = {}
    for name in FIELDS:
        value = getattr(meta, name)
        if value is None or value == [] or value == {}:
            continue
        if name == "extra":  # each key its own field: one changed date is one change
            values.update(_flat(value, "", set(FIELDS)))
            continue
        text = _describe(name, value, meta)
        if name == "status" and text == "draft" and "status" not in fields_set(meta):
            continue
        values[name] = text
    return values


def _flat(mapping: dict[str, Any], prefix: str, taken: set[str]) -> dict[str, str]:
    """``extra``'s keys as fields, nested mappings as dotted names (``params.team``); a key
    that is also a jdtool field's name is ``extra.KEY``."""
    values: dict[str, str] = {}
    for key, value in mapping.items():
        name = f"{prefix}{key}"
        if not prefix and name in taken:
            name = f"extra.{key}"
        if isinstance(value, dict) and value:
            values.update(_flat(value, f"{name}.", taken))
        elif value is not None and value != []:
            values[name] = _describe(name, value, None)
    return values


def _describe(name: str, value: Any, meta: Any) -> str:
    if name == "salary":
        return str(meta.salary_text())
    if name == "contact":
        return str(meta.contact_text())
    if name == "responsible_for":
        return str(meta.responsible_for_text())
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if hasattr(value, "isoformat") and hasattr(value, "hour"):
        return str(value.strftime("%Y-%m-%d %H:%M"))
    return str(value)


def _stats(sections: list[SectionChange], changes: list[BlockChange]) -> DiffStats:
    stats = DiffStats()
    for section in sections:
        stats.sections_added += section.kind == "added"
        stats.sections_removed += section.kind == "removed"
        stats.sections_renamed += section.renamed
        stats.sections_moved += section.moved
        stats.sections_relevelled += section.relevelled
    for change in changes:
        if change.kind == "added":
            stats.blocks_added += 1
        elif change.kind == "removed":
            stats.blocks_removed += 1
        elif change.kind == "reworded":
            stats.blocks_reworded += 1
        elif change.kind == "moved":
            stats.blocks_moved += 1
            stats.blocks_moved_within_section += change.moved_within_section
        elif change.regrouped:
            stats.blocks_regrouped += 1
        elif change.counted_field_changes():
            stats.blocks_field_changed += 1
        for op, text in change.words:
            if op == "insert":
                stats.words_added += len(text.split())
            elif op == "delete":
                stats.words_removed += len(text.split())
    return stats
