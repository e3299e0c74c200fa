"""Align two documents' blocks as one sequence each, in order, across section boundaries.

A reader compares two versions top to bottom, so the blocks are aligned that way first and
the headings are a layer on top (``jdtool.diff.sections``). The order is conservative on
purpose (a wrong "moved" is worse than a missed one):

1. blocks of sections that moved as a whole (decided from the headings) are aligned with
   the same section's blocks, so that they travel with it;
2. every other block is aligned in document order, whatever section it stands in: first the
   longest in-order run of identical blocks of some length (Hunt-Szymanski: LIS over the
   matching pairs), then, between two of those, identical short blocks in order, then the
   rest in order by similarity (the in-order pairing of greatest total similarity, a
   Needleman-Wunsch table): those were reworded in place, or only gained a heading above;
3. only blocks outside that alignment can have moved: identical text is always paired (it
   is never shown as removed and added), edited text only as a clear, mutual best match
   that keeps most of its words in order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel, LCSseq
from rapidfuzz.process import extract

from jdtool.core.model import Block, Document, Section
from jdtool.diff.model import PATH_SEPARATOR, ROOT_PATH
from jdtool.diff.words import comparison_key, heaviest_increasing, words_of

REWORD_SIMILARITY = 0.5
"""Two blocks between the same aligned neighbours are one block reworded from this similarity."""
GROWN_CONTAINMENT = 0.8
"""...or when this share of the shorter one's words stands, in order, in the longer one (a
sentence that only grew, or was only cut)."""
GROWN_MIN_WORDS = 3
MOVE_SIMILARITY = 0.75
"""An edited block found elsewhere is called moved only from this similarity (Indel over its
characters: most of its words kept in order, lightly edited)... Measured on the 305 real
revision pairs of ../shared: 0.8 missed 4 real moved-and-edited bullets that 0.75 finds, and
0.7 finds nothing more; the trap of a new duty in the same sentence pattern scores 0.74."""
GROWN_MOVE = 0.9
"""...or when this share of the shorter version's words stands in order in the longer one
(a sentence that moved and grew), the shorter one having ``GROWN_MOVE_WORDS`` words."""
GROWN_MOVE_WORDS = 6
GROWN_PAIRS_LIMIT = 10_000
MOVE_MIN_WORDS = 4
"""Edited short blocks elsewhere are not evidence of a move; nor do identical short blocks
("None", "Essential") anchor the alignment before longer ones."""
DP_LIMIT = 2_500
"""Largest gap (old blocks times new blocks) paired by dynamic programming, not a window."""
WINDOW = 8
ALL_PAIRS_LIMIT = 250_000
ALL_COPIES_LIMIT = 64
"""A text repeated up to this (old copies times new copies) is paired every way."""
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
    _tokens: list[str] | None = None

    @property
    def tokens(self) -> list[str]:
        """The key's words, case folded (made on first use: most blocks never need them)."""
        if self._tokens is None:
            self._tokens = words_of(self.key)
        return self._tokens


@dataclass(slots=True)
class Side:
    """One document flattened: its sections (with paths and parents) and its blocks."""

    sections: list[Section]
    paths: list[str]
    parents: list[int]
    entries: list[Entry]
    by_section: list[list[int]] = field(default_factory=list)
    first_entry: list[int] = field(default_factory=list)
    """Per section, the first block at or after its heading (``len(entries)`` if none)."""


@dataclass(slots=True)
class Pairing:
    """Which old block became which new block, and how the pair was found."""

    new_of_old: dict[int, int] = field(default_factory=dict)
    how: dict[int, str] = field(default_factory=dict)
    """Old index -> "place" (in the in-order alignment, or travelled with its section),
    "moved"."""

    def add(self, old: int, new: int, how: str) -> None:
        self.new_of_old[old] = new
        self.how[old] = how

    def in_place(self) -> Iterator[tuple[int, int]]:
        return ((i, j) for i, j in self.new_of_old.items() if self.how[i] == "place")


def flatten(document: Document, ignore_quotes: bool) -> Side:
    sections: list[Section] = []
    paths: list[str] = []
    parents: list[int] = []
    entries: list[Entry] = []
    first: list[int] = []

    def visit(section: Section, path: str, parent: int) -> None:
        sections.append(section)
        paths.append(path)
        parents.append(parent)
        first.append(len(entries))
        number = len(sections) - 1
        for block in section.blocks:
            key = comparison_key(block.text, ignore_quotes)
            entries.append(Entry(len(entries), block, number, key, key.count(" ") + 1))
        for child in section.children:
            visit(child, f"{path}{PATH_SEPARATOR}{child.heading}" if path else child.heading,
                  number)

    visit(document.body, ROOT_PATH, -1)
    side = Side(sections, paths, parents, entries, first_entry=first)
    side.by_section = [[] for _ in sections]
    for entry in entries:
        side.by_section[entry.section].append(entry.index)
    return side


# The in-order alignment ---------------------------------------------------------------------

def anchor_in_order(old: Side, new: Side, olds: list[int], news: list[int],
                    matched: dict[int, int], pairing: Pairing) -> list[tuple[int, int]]:
    """Pair identical blocks of ``olds`` and ``news`` (entry indexes in reading order) keeping
    their order: as many long blocks as can be, then as many short ones as fit between them.
    Returns the pairs."""
    anchors = sorted(_identical_in_order(old, new, olds, news, matched))
    for i, j in anchors:
        pairing.add(i, j, "place")
    return anchors


def fill_in_order(old: Side, new: Side, olds: list[int], news: list[int],
                  anchors: list[tuple[int, int]], pairing: Pairing) -> None:
    """Between consecutive anchors, pair what is still free in order by similarity."""
    kept_old = {i for i, _ in anchors}
    kept_new = {j for _, j in anchors}
    taken = set(pairing.new_of_old.values())
    olds = [i for i in olds if i in kept_old or i not in pairing.new_of_old]
    news = [j for j in news if j in kept_new or j not in taken]
    for gap_old, gap_new in _gaps(olds, news, anchors):
        for i, j in _pair_gap(old, new, gap_old, gap_new):
            pairing.add(i, j, "place")


def _identical_in_order(old: Side, new: Side, olds: list[int], news: list[int],
                        matched: dict[int, int]) -> list[tuple[int, int]]:
    """The best in-order run of identical blocks (Hunt-Szymanski: LIS over matching pairs).

    One weighted pass, not long blocks first and short ones after: which copy of a repeated
    long block is kept must leave room for the short blocks around it. The weights rank runs
    by the number of long blocks, then of short ones, then of blocks kept under their own
    heading, each tier worth less than one unit of the tier above.

    A text repeated a few times offers every pairing, so the run is a true longest common
    subsequence; a text repeated very often pairs its k-th old with its k-th new copy, which
    keeps the number of pairs, and the time, linear.
    """
    if not olds or not news:
        return []
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
    short = 1.0 / (len(pairs) + 1)
    bonus = short * short
    weights = [(1.0 if new.entries[j].words >= MOVE_MIN_WORDS else short)
               + bonus * (matched.get(old.entries[i].section) == new.entries[j].section)
               for i, j in pairs]
    return [pairs[k] for k in heaviest_increasing([j for _, j in pairs], weights)]


def _gaps(olds: list[int], news: list[int], pairs: list[tuple[int, int]]
          ) -> Iterator[tuple[list[int], list[int]]]:
    """The runs of ``olds`` and ``news`` between consecutive in-order ``pairs`` (and ends)."""
    at_old = at_new = 0
    for i, j in [*pairs, (-1, -1)]:
        gap_old: list[int] = []
        gap_new: list[int] = []
        while at_old < len(olds) and olds[at_old] != i:
            gap_old.append(olds[at_old])
            at_old += 1
        while at_new < len(news) and news[at_new] != j:
            gap_new.append(news[at_new])
            at_new += 1
        at_old, at_new = at_old + 1, at_new + 1
        if gap_old and gap_new:
            yield gap_old, gap_new


def reword_similarity(a: Entry, b: Entry) -> float:
    """How alike two blocks are for pairing in place; 0.0 when they are not one block."""
    similarity = float(Indel.normalized_similarity(a.key, b.key))
    if similarity >= REWORD_SIMILARITY:
        return similarity
    shorter = min(len(a.tokens), len(b.tokens))
    if shorter >= GROWN_MIN_WORDS and \
            LCSseq.similarity(a.tokens, b.tokens) >= GROWN_CONTAINMENT * shorter:
        return max(similarity, 0.01)
    return 0.0


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
            score = reword_similarity(old.entries[i], new.entries[j])
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
    similar = [[reword_similarity(old.entries[i], new.entries[j]) for j in gap_new]
               for i in gap_old]
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for r in range(rows - 1, -1, -1):
        for c in range(cols - 1, -1, -1):
            best = max(score[r + 1][c], score[r][c + 1])
            if similar[r][c]:
                best = max(best, similar[r][c] + score[r + 1][c + 1])
            score[r][c] = best
    pairs: list[tuple[int, int]] = []
    r = c = 0
    while r < rows and c < cols:
        if similar[r][c] and abs(score[r][c] - (similar[r][c] + score[r + 1][c + 1])) < 1e-9:
            pairs.append((gap_old[r], gap_new[c]))
            r, c = r + 1, c + 1
        elif score[r][c] == score[r + 1][c]:
            r += 1
        else:
            c += 1
    return pairs


# Moves --------------------------------------------------------------------------------------

def pair_identical_moves(old: Side, new: Side, pairing: Pairing) -> None:
    """Identical text left out of the alignment moved: it is never shown removed and added."""
    taken = set(pairing.new_of_old.values())
    waiting: dict[str, list[int]] = defaultdict(list)
    for entry in reversed(new.entries):
        if entry.index not in taken:
            waiting[entry.key].append(entry.index)
    for entry in old.entries:
        stack = waiting.get(entry.key)
        if entry.index not in pairing.new_of_old and stack:
            pairing.add(entry.index, stack.pop(), "moved")


def pair_similar_moves(old: Side, new: Side, pairing: Pairing) -> None:
    """Moves with edits: only a clear (unique), mutual best match, above the bar, long enough."""
    free_old, free_new = _free_entries(old, new, pairing, MOVE_MIN_WORDS)
    if not free_old or not free_new:
        return
    forward = _move_candidates(free_old, free_new)
    backward = _move_candidates(free_new, free_old)
    for a in free_old:
        b = _clear_best(a, forward(a))
        if b is not None and _clear_best(b, backward(b)) is a:
            pairing.add(a.index, b.index, "moved")
    _pair_grown_moves(old, new, pairing)


def _free_entries(old: Side, new: Side, pairing: Pairing, min_words: int
                  ) -> tuple[list[Entry], list[Entry]]:
    taken = set(pairing.new_of_old.values())
    return ([e for e in old.entries if e.index not in pairing.new_of_old and e.words >= min_words],
            [e for e in new.entries if e.index not in taken and e.words >= min_words])


def _pair_grown_moves(old: Side, new: Side, pairing: Pairing) -> None:
    """A sentence that moved and grew (or was cut): all but a few of the shorter version's
    words in order in the longer one, and no other candidate for either."""
    free_old, free_new = _free_entries(old, new, pairing, GROWN_MOVE_WORDS)
    if not free_old or not free_new or len(free_old) * len(free_new) > GROWN_PAIRS_LIMIT:
        return
    found = [(a, b) for a in free_old for b in free_new if _grown(a, b)]
    olds = Counter(a.index for a, _ in found)
    news = Counter(b.index for _, b in found)
    for a, b in found:
        if olds[a.index] == 1 and news[b.index] == 1:
            pairing.add(a.index, b.index, "moved")


def _grown(a: Entry, b: Entry) -> bool:
    shorter = min(len(a.tokens), len(b.tokens))
    return shorter >= GROWN_MOVE_WORDS and \
        LCSseq.similarity(a.tokens, b.tokens) >= GROWN_MOVE * shorter


def _clear_best(entry: Entry, candidates: list[Entry]) -> Entry | None:
    """The one candidate clearly most similar to ``entry``, or None if none or a near tie.

    A block that moved and was lightly rewritten is found; one that only shares a theme and
    a sentence pattern with another ("Agree the branch's ... for the year with the ...") is not.
    """
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
