"""Align two documents: sections by heading, then blocks in place, by hash, in order, and moves.

The order is conservative on purpose (a wrong "moved" is worse than a missed one):

1. sections are matched by heading path, then by heading text, then renamed ones by
   similarity of heading and content;
2. inside each matched pair of sections, identical blocks are aligned in place (the longest
   in-order run of identical blocks, found in O(n log n) with duplicates paired in order);
3. identical blocks left over anywhere are paired by hash: they moved;
4. blocks left over between two aligned neighbours are paired in order by similarity: they
   were reworded in place;
5. only what is still left is compared across the document, and only a clear, mutual, highly
   similar match is called a move.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel
from rapidfuzz.process import extract

from jdtool.core.model import Block, Document, Section
from jdtool.diff.model import PATH_SEPARATOR, ROOT_PATH, SectionChange
from jdtool.diff.words import comparison_key, longest_increasing, word_diff

REWORD_SIMILARITY = 0.5
"""Two blocks between the same aligned neighbours are one block reworded from this similarity."""
MOVE_SIMILARITY = 0.8
"""An edited block found elsewhere is called moved only from this similarity."""
MOVE_MIN_WORDS = 4
"""Identical short blocks ("None", "Essential") elsewhere are not evidence of a move."""
RENAME_CONTENT = 0.5
DP_LIMIT = 2_500
"""Largest gap (old blocks times new blocks) paired by dynamic programming, not a window."""
WINDOW = 8
ALL_PAIRS_LIMIT = 250_000
ALL_COPIES_LIMIT = 64
"""A text repeated in a section up to this (old copies times new copies) is paired every way."""
CANDIDATES = 24
TIE_MARGIN = 0.02
"""Two candidates closer than this in similarity are a tie: no move is claimed."""


@dataclass(slots=True)
class Entry:
    """One block with where it stands, and its comparison key."""

    index: int
    block: Block
    section: int
    key: str
    words: int


@dataclass(slots=True)
class Side:
    """One document flattened: its sections (with paths and parents) and its blocks."""

    sections: list[Section]
    paths: list[str]
    parents: list[int]
    entries: list[Entry]
    by_section: list[list[int]] = field(default_factory=list)


@dataclass(slots=True)
class Pairing:
    """Which old block became which new block, and how the pair was found."""

    new_of_old: dict[int, int] = field(default_factory=dict)
    how: dict[int, str] = field(default_factory=dict)
    """Old index -> "place" (aligned in its section), "moved"."""

    def add(self, old: int, new: int, how: str) -> None:
        self.new_of_old[old] = new
        self.how[old] = how


def flatten(document: Document, ignore_quotes: bool) -> Side:
    sections: list[Section] = []
    paths: list[str] = []
    parents: list[int] = []
    entries: list[Entry] = []

    def visit(section: Section, path: str, parent: int) -> None:
        number = len(sections)
        sections.append(section)
        paths.append(path)
        parents.append(parent)
        for block in section.blocks:
            key = comparison_key(block.text, ignore_quotes)
            entries.append(Entry(len(entries), block, number, key, key.count(" ") + 1))
        for child in section.children:
            visit(child, f"{path}{PATH_SEPARATOR}{child.heading}" if path else child.heading,
                  number)

    visit(document.body, ROOT_PATH, -1)
    side = Side(sections, paths, parents, entries)
    side.by_section = [[] for _ in sections]
    for entry in entries:
        side.by_section[entry.section].append(entry.index)
    return side


# Sections ---------------------------------------------------------------------------------

def match_sections(old: Side, new: Side) -> dict[int, int]:
    """Old section number -> new section number; the roots always match."""
    matched: dict[int, int] = {0: 0}
    _pair_in_order(matched, old.paths, new.paths, skip_new=set(matched.values()))
    free_old = [i for i in range(1, len(old.sections)) if i not in matched]
    free_new = [j for j in range(1, len(new.sections)) if j not in set(matched.values())]
    headings_old = [old.sections[i].heading for i in free_old]
    headings_new = [new.sections[j].heading for j in free_new]
    for i, j in _unique_pairs(free_old, headings_old, free_new, headings_new):
        matched[i] = j
    _match_renamed(old, new, matched)
    return matched


def _pair_in_order(matched: dict[int, int], old: Sequence[str], new: Sequence[str],
                   skip_new: set[int]) -> None:
    waiting: dict[str, list[int]] = defaultdict(list)
    for j, path in enumerate(new):
        if j not in skip_new:
            waiting[path].append(j)
    for i, path in enumerate(old):
        if i in matched or not waiting.get(path):
            continue
        matched[i] = waiting[path].pop(0)


def _unique_pairs(old_ids: Sequence[int], old_names: Sequence[str], new_ids: Sequence[int],
                  new_names: Sequence[str]) -> Iterable[tuple[int, int]]:
    old_count: dict[str, int] = defaultdict(int)
    new_where: dict[str, list[int]] = defaultdict(list)
    for name in old_names:
        old_count[name] += 1
    for identity, name in zip(new_ids, new_names, strict=True):
        new_where[name].append(identity)
    for identity, name in zip(old_ids, old_names, strict=True):
        if old_count[name] == 1 and len(new_where.get(name, ())) == 1:
            yield identity, new_where[name][0]


def _match_renamed(old: Side, new: Side, matched: dict[int, int]) -> None:
    taken = set(matched.values())
    free_old = [i for i in range(1, len(old.sections)) if i not in matched]
    free_new = [j for j in range(1, len(new.sections)) if j not in taken]
    if not free_old or not free_new or len(free_old) * len(free_new) > 10_000:
        return
    keys_old = {i: {old.entries[e].key for e in old.by_section[i]} for i in free_old}
    keys_new = {j: {new.entries[e].key for e in new.by_section[j]} for j in free_new}
    scored: list[tuple[float, int, int]] = []
    for i in free_old:
        for j in free_new:
            content = _overlap(keys_old[i], keys_new[j])
            heading = Indel.normalized_similarity(old.sections[i].heading.lower(),
                                                  new.sections[j].heading.lower())
            same_parent = matched.get(old.parents[i]) == new.parents[j]
            if content >= RENAME_CONTENT or (heading >= 0.7 and same_parent
                                             and (content >= 0.2 or not keys_old[i])):
                scored.append((content + heading, i, j))
    for _, i, j in sorted(scored, reverse=True):
        if i not in matched and j not in taken:
            matched[i] = j
            taken.add(j)


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))


def section_changes(old: Side, new: Side, matched: dict[int, int]) -> list[SectionChange]:
    """Every section of both documents, in new reading order with removed ones at their place."""
    moved = _moved_sections(old, new, matched)
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


def _moved_sections(old: Side, new: Side, matched: dict[int, int]) -> set[int]:
    """Matched sections that changed parent, or left the in-order run among their siblings."""
    moved: set[int] = set()
    siblings: dict[int, list[int]] = defaultdict(list)
    for i in sorted(matched):
        if i == 0:
            continue
        if matched.get(old.parents[i]) != new.parents[matched[i]]:
            moved.add(i)
        else:
            siblings[old.parents[i]].append(i)
    for group in siblings.values():
        kept = {group[k] for k in longest_increasing([matched[i] for i in group])}
        moved.update(i for i in group if i not in kept)
    return moved


# Blocks -----------------------------------------------------------------------------------

def pair_blocks(old: Side, new: Side, matched: dict[int, int]) -> Pairing:
    pairing = Pairing()
    for i, j in matched.items():
        _align_in_place(old, new, old.by_section[i], new.by_section[j], pairing)
    _pair_identical_elsewhere(old, new, pairing)
    for i, j in matched.items():
        _pair_reworded(old, new, old.by_section[i], new.by_section[j], pairing)
    _pair_similar_elsewhere(old, new, pairing)
    return pairing


def _align_in_place(old: Side, new: Side, olds: list[int], news: list[int],
                    pairing: Pairing) -> None:
    """The longest in-order run of identical blocks (Hunt-Szymanski: LIS over matching pairs).

    A text repeated a few times offers every pairing, so the run is a true longest common
    subsequence; a text repeated very often pairs its k-th old with its k-th new copy, which
    keeps the number of pairs, and the time, linear.
    """
    where_new: dict[str, list[int]] = defaultdict(list)
    for j in news:
        where_new[new.entries[j].key].append(j)
    old_count: dict[str, int] = defaultdict(int)
    for i in olds:
        old_count[old.entries[i].key] += 1
    seen: dict[str, int] = defaultdict(int)
    pairs: list[tuple[int, int]] = []
    for i in olds:
        key = old.entries[i].key
        copies = where_new.get(key)
        if not copies:
            continue
        if old_count[key] * len(copies) <= ALL_COPIES_LIMIT:
            pairs.extend((i, j) for j in reversed(copies))
        elif seen[key] < len(copies):
            pairs.append((i, copies[seen[key]]))
        seen[key] += 1
    kept = [pairs[k] for k in longest_increasing([j for _, j in pairs])]
    for i, j in kept:
        pairing.add(i, j, "place")
    taken = {j for _, j in kept}
    # Identical blocks left over in the same section changed place within it.
    waiting: dict[str, list[int]] = defaultdict(list)
    for j in reversed(news):
        if j not in taken:
            waiting[new.entries[j].key].append(j)
    for i in olds:
        if i in pairing.new_of_old:
            continue
        stack = waiting.get(old.entries[i].key)
        if stack:
            pairing.add(i, stack.pop(), "moved")


def _pair_identical_elsewhere(old: Side, new: Side, pairing: Pairing) -> None:
    taken = set(pairing.new_of_old.values())
    waiting: dict[str, list[int]] = defaultdict(list)
    for entry in reversed(new.entries):
        if entry.index not in taken and entry.words >= MOVE_MIN_WORDS:
            waiting[entry.key].append(entry.index)
    for entry in old.entries:
        if entry.index in pairing.new_of_old or entry.words < MOVE_MIN_WORDS:
            continue
        stack = waiting.get(entry.key)
        if stack:
            pairing.add(entry.index, stack.pop(), "moved")


def _pair_reworded(old: Side, new: Side, olds: list[int], news: list[int],
                   pairing: Pairing) -> None:
    """Pair leftovers between the same two in-place neighbours, in order, by similarity."""
    taken = set(pairing.new_of_old.values())
    anchors = [(i, pairing.new_of_old[i]) for i in olds if pairing.how.get(i) == "place"]
    at_old = at_new = 0
    for a_hi, b_hi in [*anchors, (len(old.entries), len(new.entries))]:
        gap_old: list[int] = []
        gap_new: list[int] = []
        while at_old < len(olds) and olds[at_old] <= a_hi:
            if olds[at_old] not in pairing.new_of_old:
                gap_old.append(olds[at_old])
            at_old += 1
        while at_new < len(news) and news[at_new] <= b_hi:
            if news[at_new] not in taken:
                gap_new.append(news[at_new])
            at_new += 1
        if gap_old and gap_new:
            for i, j in _pair_gap(old, new, gap_old, gap_new):
                pairing.add(i, j, "place")


def _similarity(a: Entry, b: Entry, cutoff: float) -> float:
    return float(Indel.normalized_similarity(a.key, b.key, score_cutoff=cutoff))


def _pair_gap(old: Side, new: Side, gap_old: list[int],
              gap_new: list[int]) -> list[tuple[int, int]]:
    if len(gap_old) * len(gap_new) <= DP_LIMIT:
        return _pair_by_table(old, new, gap_old, gap_new)
    pairs: list[tuple[int, int]] = []
    start = 0
    for i in gap_old:
        window = gap_new[start:start + WINDOW]
        best, best_score = -1, 0.0
        for offset, j in enumerate(window):
            score = _similarity(old.entries[i], new.entries[j], REWORD_SIMILARITY)
            if score > best_score:
                best, best_score = offset, score
        if best >= 0:
            pairs.append((i, window[best]))
            start += best + 1
    return pairs


def _pair_by_table(old: Side, new: Side, gap_old: list[int],
                   gap_new: list[int]) -> list[tuple[int, int]]:
    """The in-order pairing with the greatest total similarity (each pair above the bar)."""
    rows, cols = len(gap_old), len(gap_new)
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for r in range(rows - 1, -1, -1):
        for c in range(cols - 1, -1, -1):
            similarity = _similarity(old.entries[gap_old[r]], new.entries[gap_new[c]],
                                     REWORD_SIMILARITY)
            best = max(score[r + 1][c], score[r][c + 1])
            if similarity:
                best = max(best, similarity + score[r + 1][c + 1])
            score[r][c] = best
    pairs: list[tuple[int, int]] = []
    r = c = 0
    while r < rows and c < cols:
        similarity = _similarity(old.entries[gap_old[r]], new.entries[gap_new[c]],
                                 REWORD_SIMILARITY)
        if similarity and abs(score[r][c] - (similarity + score[r + 1][c + 1])) < 1e-9:
            pairs.append((gap_old[r], gap_new[c]))
            r, c = r + 1, c + 1
        elif score[r][c] == score[r + 1][c]:
            r += 1
        else:
            c += 1
    return pairs


def _pair_similar_elsewhere(old: Side, new: Side, pairing: Pairing) -> None:
    """Moves with edits: only a clear (unique), mutual best match, above the bar, long enough."""
    taken = set(pairing.new_of_old.values())
    free_old = [e for e in old.entries
                if e.index not in pairing.new_of_old and e.words >= MOVE_MIN_WORDS]
    free_new = [e for e in new.entries if e.index not in taken and e.words >= MOVE_MIN_WORDS]
    if not free_old or not free_new:
        return
    forward = _move_candidates(free_old, free_new)
    backward = _move_candidates(free_new, free_old)
    for a in free_old:
        b = _clear_best(a, forward(a))
        if b is not None and _clear_best(b, backward(b)) is a:
            pairing.add(a.index, b.index, "moved")


def _clear_best(entry: Entry, candidates: list[Entry]) -> Entry | None:
    """The one candidate clearly most similar to ``entry``, or None if none or a near tie."""
    best = extract(entry.key, [c.key for c in candidates], scorer=Indel.normalized_similarity,
                   limit=2, score_cutoff=MOVE_SIMILARITY)
    if not best or (len(best) == 2 and best[0][1] - best[1][1] < TIE_MARGIN):
        return None
    return candidates[best[0][2]]


def _move_candidates(free_old: list[Entry], free_new: list[Entry]) -> _Candidates:
    if len(free_old) * len(free_new) <= ALL_PAIRS_LIMIT:
        return _Candidates(free_new, None)
    # Too many to compare all: a lightly edited block keeps its opening or closing words.
    index: dict[str, list[Entry]] = defaultdict(list)
    for entry in free_new:
        for shingle in _shingles(entry.key):
            bucket = index[shingle]
            if len(bucket) < CANDIDATES:
                bucket.append(entry)
    return _Candidates(free_new, index)


class _Candidates:
    def __init__(self, everything: list[Entry], index: dict[str, list[Entry]] | None) -> None:
        self.everything = everything
        self.index = index

    def __call__(self, entry: Entry) -> list[Entry]:
        if self.index is None:
            return self.everything
        found: dict[int, Entry] = {}
        for shingle in _shingles(entry.key):
            for candidate in self.index.get(shingle, ()):
                found[candidate.index] = candidate
        return list(found.values())


def _shingles(key: str) -> tuple[str, str]:
    words = key.split(" ")
    return "<" + " ".join(words[:3]), ">" + " ".join(words[-3:])
