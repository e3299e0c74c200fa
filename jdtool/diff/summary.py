"""The short plain-English paragraph that opens every rendering of a diff."""

from __future__ import annotations

from jdtool.diff.model import DocumentDiff


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _listed(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def summarise(diff: DocumentDiff) -> str:
    if diff.is_empty:
        return "No changes: the two versions say the same thing."
    stats = diff.stats
    sentences: list[str] = []
    if diff.meta_changes:
        names = [change.name for change in diff.meta_changes]
        sentences.append(f"{_count(len(names), 'front matter field')} changed "
                         f"({', '.join(names)}).")
    section_parts = [f"{number} {what}" for number, what in (
        (stats.sections_added, "added"), (stats.sections_removed, "removed"),
        (stats.sections_renamed, "renamed"), (stats.sections_moved, "moved")) if number]
    if section_parts:
        total = sum((stats.sections_added, stats.sections_removed, stats.sections_renamed,
                     stats.sections_moved))
        noun = "Section" if total == 1 else "Sections"
        sentences.append(f"{noun}: {_listed(section_parts)}.")
    block_parts = []
    if stats.blocks_added:
        block_parts.append(f"{_count(stats.blocks_added, 'block')} added")
    if stats.blocks_removed:
        block_parts.append(f"{stats.blocks_removed} removed")
    if stats.blocks_reworded:
        block_parts.append(f"{stats.blocks_reworded} reworded")
    if stats.blocks_moved:
        within = stats.blocks_moved_within_section
        detail = f" ({within} within {'its' if within == 1 else 'their'} section)" \
            if within else ""
        block_parts.append(f"{stats.blocks_moved} moved{detail}")
    if stats.blocks_field_changed:
        block_parts.append(f"{stats.blocks_field_changed} with a changed criterion field")
    if block_parts:
        sentences.append(f"Paragraphs, bullets, rows and criteria: {_listed(block_parts)}.")
    if stats.words_added or stats.words_removed:
        sentences.append(f"In all, {_count(stats.words_added, 'word')} added and "
                         f"{stats.words_removed} removed.")
    return " ".join(sentences)
