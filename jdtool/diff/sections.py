"""Headings as a layer over the aligned blocks: which section became which, and section events.

Sections are matched by heading first (path, then heading text, then the same text in
another case, then identical content under a new heading); a matched section that left the
document's order of headings moved as a whole and its blocks travel with it. After the
blocks are aligned, headings still unmatched are matched by what stands under them (most of
their blocks aligned to one new section, their sub-sections gone under one new heading) or
by standing at the same place with a similar heading. What is left was inserted or removed.
A matched section may be renamed (a change of case included), re-levelled and moved; a
section whose place among the headings is kept is not moved because its level or parent
changed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz.distance import Indel

from jdtool.diff.align import Pairing, Side
from jdtool.diff.model import SectionChange
from jdtool.diff.words import heaviest_increasing, longest_increasing, word_diff

_SECTION_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*[.)]?\s+")
RENAME_CONTENT = 0.5
"""Unmatched sections sharing this much identical content are one section renamed."""
SLOT_HEADING = 0.5
"""Headings alone at the same place in both documents are one heading edited from this
similarity (when others share the place, from ``NEAR_HEADING``)."""
NEAR_HEADING = 0.85
"""Anywhere in the document, a clear best heading this similar is the same heading edited."""
TIE_MARGIN = 0.02


def match_headings(old: Side, new: Side) -> dict[int, int]:
    """Old section number -> new section number, from headings alone; the roots always match."""
    matched: dict[int, int] = {0: 0}
    _pair_in_order(matched, old.paths, new.paths)
    for fold in (False, True):
        free_old, free_new = _free(old, new, matched)
        names_old = [_name(old.sections[i].heading, fold) for i in free_old]
        names_new = [_name(new.sections[j].heading, fold) for j in free_new]
        matched.update(_unique_pairs(free_old, names_old, free_new, names_new))
    _match_near_headings(old, new, matched)
    _match_same_content(old, new, matched)
    return matched


def _match_near_headings(old: Side, new: Side, matched: dict[int, int]) -> None:
    """A heading lightly edited ("team members" -> "their team"): the clear mutual best."""
    free_old, free_new = _free(old, new, matched)
    if not free_old or not free_new or len(free_old) * len(free_new) > 10_000:
        return
    scored = [(_heading_similarity(old, new, i, j), i, j) for i in free_old for j in free_new]
    best_old: dict[int, list[float]] = defaultdict(list)
    best_new: dict[int, list[float]] = defaultdict(list)
    for score, i, j in scored:
        best_old[i].append(score)
        best_new[j].append(score)
    clear = [(score, i, j) for score, i, j in scored if score >= NEAR_HEADING
             and _clearly_best(score, best_old[i]) and _clearly_best(score, best_new[j])]
    _take_best(matched, clear)


def _clearly_best(score: float, scores: list[float]) -> bool:
    return sum(1 for other in scores if other > score - TIE_MARGIN) == 1


def _heading_similarity(old: Side, new: Side, i: int, j: int) -> float:
    return float(Indel.normalized_similarity(_name(old.sections[i].heading, True),
                                             _name(new.sections[j].heading, True)))


def _name(heading: str, fold: bool) -> str:
    """The heading as written, or folded: case, spacing and a leading section number
    ("2.1 Pay" and "3.1 pay" are one heading renumbered) set aside."""
    if not fold:
        return heading
    return " ".join(_SECTION_NUMBER.sub("", heading).casefold().split())


def _free(old: Side, new: Side, matched: dict[int, int]) -> tuple[list[int], list[int]]:
    taken = set(matched.values())
    return ([i for i in range(1, len(old.sections)) if i not in matched],
            [j for j in range(1, len(new.sections)) if j not in taken])


def _pair_in_order(matched: dict[int, int], old: Sequence[str], new: Sequence[str]) -> None:
    taken = set(matched.values())
    waiting: dict[str, list[int]] = defaultdict(list)
    for j, path in enumerate(new):
        if j not in taken:
            waiting[path].append(j)
    for i, path in enumerate(old):
        if i not in matched and waiting.get(path):
            matched[i] = waiting[path].pop(0)


def _unique_pairs(old_ids: Sequence[int], old_names: Sequence[str], new_ids: Sequence[int],
                  new_names: Sequence[str]) -> Iterable[tuple[int, int]]:
    old_count = Counter(old_names)
    new_where: dict[str, list[int]] = defaultdict(list)
    for identity, name in zip(new_ids, new_names, strict=True):
        new_where[name].append(identity)
    for identity, name in zip(old_ids, old_names, strict=True):
        if old_count[name] == 1 and len(new_where.get(name, ())) == 1:
            yield identity, new_where[name][0]


def _match_same_content(old: Side, new: Side, matched: dict[int, int]) -> None:
    free_old, free_new = _free(old, new, matched)
    if not free_old or not free_new or len(free_old) * len(free_new) > 10_000:
        return
    keys_old = {i: {old.entries[e].key for e in old.by_section[i]} for i in free_old}
    keys_new = {j: {new.entries[e].key for e in new.by_section[j]} for j in free_new}
    scored = [(_overlap(keys_old[i], keys_new[j]), i, j) for i in free_old for j in free_new]
    _take_best(matched, [(score, i, j) for score, i, j in scored if score >= RENAME_CONTENT])


def _take_best(matched: dict[int, int], scored: list[tuple[float, int, int]]) -> None:
    taken = set(matched.values())
    for _, i, j in sorted(scored, key=lambda item: (-item[0], item[1], item[2])):
        if i not in matched and j not in taken:
            matched[i] = j
            taken.add(j)


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))


def displaced_sections(old: Side, new: Side, matched: dict[int, int]) -> set[int]:
    """Matched sections outside the heaviest in-order run of headings: they changed place.

    Each section weighs its blocks (plus one), and a little more when its parent is kept, so
    that of two sections that swapped, the smaller one, or the one that changed parent, moved.
    """
    order = sorted(i for i in matched if i)
    weights = [len(old.by_section[i]) + 1.0 +
               (0.5 if matched.get(old.parents[i]) == new.parents[matched[i]] else 0.0)
               for i in order]
    kept = {order[k] for k in heaviest_increasing([matched[i] for i in order], weights)}
    return {i for i in order if i not in kept}


def moved_with_content(old: Side, new: Side, matched: dict[int, int], displaced: set[int],
                       pairing: Pairing) -> set[int]:
    """Sections kept in the run of headings whose blocks the alignment found out of order,
    but in order among themselves, under the same heading: the section moved, its blocks did
    not (move it and realign). Blocks shuffled inside a section are not in order among
    themselves, and stay moves within it."""
    stray: set[int] = set()
    for i, j in matched.items():
        if not i or i in displaced:
            continue
        kept = 0
        moved: list[int] = []
        for e in old.by_section[i]:
            partner = pairing.new_of_old.get(e)
            if partner is not None and new.entries[partner].section == j:
                kept += pairing.how[e] == "place"
                if pairing.how[e] == "moved":
                    moved.append(partner)
        if len(moved) > kept and len(longest_increasing(moved)) > kept:
            stray.add(i)
    return stray


def travelling(old: Side, new: Side, matched: dict[int, int], displaced: set[int]) -> set[int]:
    """Displaced sections that only went along with their displaced parent."""
    return {i for i in displaced if old.parents[i] in displaced
            and matched.get(old.parents[i]) == new.parents[matched[i]]}


def match_by_content(old: Side, new: Side, matched: dict[int, int], pairing: Pairing) -> None:
    """Headings still unmatched, matched by what stands under them or by where they stand."""
    _match_by_blocks(old, new, matched, pairing)
    _match_by_children(old, new, matched)
    _match_by_slot(old, new, matched, pairing)


def _match_by_blocks(old: Side, new: Side, matched: dict[int, int], pairing: Pairing) -> None:
    """A heading whose blocks now mostly stand, in place, under one new heading: renamed."""
    free_old, free_new = map(set, _free(old, new, matched))
    votes: Counter[tuple[int, int]] = Counter()
    for i, j in pairing.in_place():
        a, b = old.entries[i].section, new.entries[j].section
        if a in free_old and b in free_new:
            votes[a, b] += 1
    scored = [(float(count), a, b) for (a, b), count in votes.items()
              if 2 * count >= min(len(old.by_section[a]), len(new.by_section[b]))]
    _take_best(matched, scored)


def _match_by_children(old: Side, new: Side, matched: dict[int, int]) -> None:
    """A heading over sub-sections (no blocks of its own) whose sub-sections all went under
    one new heading, at the same place: the same parent, renamed."""
    free_old, free_new = _free(old, new, matched)
    children: dict[int, list[int]] = defaultdict(list)
    for i in range(1, len(old.sections)):
        children[old.parents[i]].append(i)
    free_set = set(free_new)
    for i in reversed(free_old):
        parents = {new.parents[matched[c]] for c in children[i] if c in matched}
        if len(parents) == 1 and not old.by_section[i]:
            j = parents.pop()
            if j in free_set and not new.by_section[j]:
                matched[i] = j
                free_set.discard(j)


def _match_by_slot(old: Side, new: Side, matched: dict[int, int], pairing: Pairing) -> None:
    """Headings standing before the same aligned block, with similar wording: one heading."""
    free_old, free_new = _free(old, new, matched)
    if not free_old or not free_new:
        return
    placed = dict(pairing.in_place())
    next_old = _next_placed(old, set(placed))
    next_new = _next_placed(new, set(placed.values()))
    slots_new: dict[int, list[int]] = defaultdict(list)
    for j in free_new:
        slots_new[next_new[new.first_entry[j]]].append(j)
    scored: list[tuple[float, int, int]] = []
    slots_old: dict[int, list[int]] = defaultdict(list)
    for i in free_old:
        after = next_old[old.first_entry[i]]
        slots_old[placed[after] if after in placed else len(new.entries)].append(i)
    for slot, olds in slots_old.items():
        news = slots_new.get(slot, [])
        bar = SLOT_HEADING if len(olds) == len(news) == 1 else NEAR_HEADING
        scored += [(similarity, i, j) for i in olds for j in news
                   if (similarity := _heading_similarity(old, new, i, j)) >= bar]
    _take_best(matched, scored)


def _next_placed(side: Side, placed: set[int]) -> list[int]:
    """For each block position, the first aligned block at or after it (``len(entries)`` if
    none); one more slot for a heading after the last block."""
    following = [len(side.entries)] * (len(side.entries) + 1)
    for index in range(len(side.entries) - 1, -1, -1):
        following[index] = index if index in placed else following[index + 1]
    return following


def section_changes(old: Side, new: Side, matched: dict[int, int],
                    moved: set[int]) -> list[SectionChange]:
    """Every section of both documents, in new reading order with removed ones at their place."""
    old_of_new = {j: i for i, j in matched.items()}
    changes: list[tuple[tuple[float, int], SectionChange]] = []
    last_new = -1
    for i in range(len(old.sections)):
        if i in matched:
            last_new = matched[i]
            continue
        changes.append(((last_new + 0.5, i), SectionChange(
            old.sections[i], None, old.paths[i], None)))
    for j in range(len(new.sections)):
        i = old_of_new.get(j, -1)
        if i < 0:
            change = SectionChange(None, new.sections[j], None, new.paths[j])
        else:
            before, after = old.sections[i].heading, new.sections[j].heading
            change = SectionChange(old.sections[i], new.sections[j], old.paths[i], new.paths[j],
                                   renamed=before != after, moved=i in moved,
                                   heading_words=word_diff(before, after))
        changes.append(((float(j), -1), change))
    return [change for _, change in sorted(changes, key=lambda item: item[0])]
