"""What changed, in words a member reads: one phrase per changed section, then the details.

``Leading the union: 2 passages reworded, 1 added``; ``“Staff” renamed “Staff management”``;
``term of office changed``. ``jdtool log`` and the site's history pages say this for each
revision, where counts alone ("~2 +1") tell a reader nothing about where to look.
"""

from __future__ import annotations

from collections import Counter

from jdtool.core.facts import field_label
from jdtool.core.model import BlockKind
from jdtool.core.plural import counted
from jdtool.diff.model import PATH_SEPARATOR, ROOT_PATH, BlockChange, DocumentDiff, SectionChange

QUIET_FIELDS = frozenset({"revised"})
"""Fields the revision's own name already states ("the March 2018 revision")."""

_VERBS = ("reworded", "added", "removed", "moved")


def changes_in_words(diff: DocumentDiff) -> list[str]:
    """The phrases, in the document's reading order; [] when nothing a reader sees changed."""
    phrases: list[str] = []
    counts: dict[str, Counter[str]] = {}
    nouns: dict[str, set[str]] = {}
    for change in diff.changes:
        what = _what(change)
        if what is None:
            continue
        section = change.section
        counts.setdefault(section, Counter())[what] += 1
        nouns.setdefault(section, set()).add(_noun(change))
    events = {section.path: section for section in diff.sections if section.kind != "unchanged"}
    for path in _paths_in_order(diff, counts, events):
        event = _section_event(events.get(path))
        tally = _tally(counts.get(path, Counter()), nouns.get(path, set()))
        if event and tally:
            phrases.append(f"{event}: {tally}")
        elif event:
            phrases.append(event)
        elif tally:
            phrases.append(f"{_name(path)}: {tally}")
    phrases += [f"{field_label(change.name).lower()} {_field_verb(change.kind)}"
                for change in diff.meta_changes if change.name not in QUIET_FIELDS]
    return phrases


def _noun(change: BlockChange) -> str:
    block = change.new or change.old
    return "criterion" if block is not None and block.kind is BlockKind.CRITERION else "passage"


def _what(change: BlockChange) -> str | None:
    if change.kind in _VERBS:
        return change.kind
    names = {field_change.name for field_change in change.counted_field_changes()}
    if "importance" in names:
        return "changed importance"
    if names:
        return "changed assessment"
    return None


def _tally(counts: Counter[str], nouns: set[str]) -> str:
    if not counts:
        return ""
    order = [*_VERBS, "changed importance", "changed assessment"]
    parts = [(counts[verb], verb) for verb in order if counts[verb]]
    noun = "criterion" if nouns == {"criterion"} else "passage"
    plural = "criteria" if noun == "criterion" else None
    first_count, first_verb = parts[0]
    words = [f"{counted(first_count, noun, plural)} {first_verb}"]
    words += [f"{count} {verb}" for count, verb in parts[1:]]
    return ", ".join(words)


def _section_event(section: SectionChange | None) -> str:
    if section is None:
        return ""
    name = _name(section.path)
    if section.kind == "added":
        return f"new section \u201c{name}\u201d"
    if section.kind == "removed":
        return f"section \u201c{name}\u201d removed"
    if section.renamed:
        moved = " and moved" if section.moved else ""
        return f"\u201c{_name(section.old_path)}\u201d renamed \u201c{name}\u201d{moved}"
    return f"section \u201c{name}\u201d moved"


def _paths_in_order(diff: DocumentDiff, counts: dict[str, Counter[str]],
                    events: dict[str, SectionChange]) -> list[str]:
    order = [section.path for section in diff.sections]
    wanted = set(counts) | set(events)
    known = [path for path in order if path in wanted]
    return known + sorted(wanted - set(known))


def _name(path: str | None) -> str:
    if not path or path == ROOT_PATH:
        return "Opening text"
    return path.rsplit(PATH_SEPARATOR, 1)[-1]


def _field_verb(kind: str) -> str:
    return {"added": "added", "removed": "removed"}.get(kind, "changed")
