"""The short plain-English paragraph that opens every rendering of a diff.

A "passage" is what the model calls a block: a paragraph, bullet, table row or criterion.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jdtool.core.facts import field_label
from jdtool.core.plural import counted as _count

if TYPE_CHECKING:
    # DocumentDiff.summary() calls this module: a run-time import would be a cycle.
    from jdtool.diff.model import DocumentDiff


def _listed(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _sentence(parts: list[str], noun: str) -> str:
    """``["2 added", "1 removed"]`` -> "2 passages were added and 1 removed."."""
    number, what = parts[0].split(" ", 1)
    first = f"{_count(int(number), noun)} {'was' if number == '1' else 'were'} {what}"
    return _listed([first, *parts[1:]]) + "."


def summarise(diff: DocumentDiff) -> str:
    if diff.is_empty:
        return "No changes: the two versions say the same thing."
    stats = diff.stats
    sentences: list[str] = []
    if diff.meta_changes:
        names = [field_label(change.name).lower() for change in diff.meta_changes]
        sentences.append(f"{_count(len(names), 'detail')} of the post changed "
                         f"({', '.join(names)}).")
    section_parts = [f"{number} {what}" for number, what in (
        (stats.sections_added, "added"), (stats.sections_removed, "removed"),
        (stats.sections_renamed, "renamed"), (stats.sections_moved, "moved"),
        (stats.sections_relevelled, "re-levelled")) if number]
    if section_parts:
        sentences.append(_sentence(section_parts, "section"))
    block_parts = [f"{number} {what}" for number, what in (
        (stats.blocks_added, "added"), (stats.blocks_removed, "removed"),
        (stats.blocks_reworded, "reworded"), (stats.blocks_moved, "moved")) if number]
    within = stats.blocks_moved_within_section
    if within:
        block_parts[-1] += f" ({within} within {'its' if within == 1 else 'their'} section)"
    if block_parts:
        sentences.append(_sentence(block_parts, "passage"))
    if stats.blocks_regrouped:
        sentences.append(f"{_count(stats.blocks_regrouped, 'passage')} kept in place now "
                         f"{'stands' if stats.blocks_regrouped == 1 else 'stand'} under "
                         f"another heading.")
    if stats.blocks_field_changed:
        sentences.append(f"{_count(stats.blocks_field_changed, 'criterion', 'criteria')} "
                         f"changed importance or assessment only.")
    if stats.words_added or stats.words_removed:
        sentences.append(f"In all, {_count(stats.words_added, 'word')} "
                         f"{'was' if stats.words_added == 1 else 'were'} added and "
                         f"{stats.words_removed} removed.")
    return " ".join(sentences)
