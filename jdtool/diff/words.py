"""The word-level diff inside one block, cleaned up so a reworded clause reads as one change.

Words are compared with whitespace normalised (a reflow is not a change); the ops keep the
original text, so equal+delete rebuilds the old text and equal+insert the new text exactly.
``difflib.SequenceMatcher(autojunk=False)`` is used on small blocks; very long blocks are
first cut at words that occur once in each (patience anchors) so that no input is quadratic.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

from jdtool.diff.model import WordOp

Opcode = tuple[str, int, int, int, int]

TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|<%.*?%>|\{#.*?#\}")
"""A template tag left in a file (Jinja/Liquid ``{% %}``, ``{{ }}``, ``{# #}``; ERB ``<% %>``)."""
_TOKEN = re.compile(r"(\{%.*?%\}|\{\{.*?\}\}|<%.*?%>|\{#.*?#\}|[\w'\u2019-]+|[^\w\s])")
"""A template tag (one token, never split into words), a word (with its apostrophes and
hyphens) or one punctuation mark."""
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
                         "\u2032": "'", "\u2033": '"'})
ANCHOR_COPIES = 8
MATCHER_LIMIT = 1_000_000
"""Largest words-times-words product handed to SequenceMatcher (its worst case is quadratic)."""


def normalise_quotes(text: str) -> str:
    return text.translate(_QUOTES)


def comparison_key(text: str, ignore_quotes: bool = False) -> str:
    """What two blocks must share to be the same wording: whitespace folded, quotes optional.

    Template tags are not wording: a bullet that gained ``{% if %}`` on its last line says the
    same thing (the tags are compared on their own, see ``template_tags``). A block that is
    nothing but tags keeps them, so that ``{% if %}`` and ``{% endif %}`` stay different.
    """
    if ("{" in text or "<%" in text) and TEMPLATE_TAG.search(text):
        prose = TEMPLATE_TAG.sub(" ", text)
        text = prose if prose.strip() else text
    if "  " in text or not text.isprintable() or text != text.strip():
        text = " ".join(text.split())
    return normalise_quotes(text) if ignore_quotes else text


def template_tags(text: str) -> list[str]:
    """The template tags of a block's text, in order, whitespace inside them folded."""
    if "{" not in text and "<%" not in text:
        return []
    return [" ".join(tag.split()) for tag in TEMPLATE_TAG.findall(text)]


def words_of(text: str) -> list[str]:
    """The words and punctuation of ``text``, case folded: what "words kept in order" counts."""
    return [token.casefold() for token in _TOKEN.findall(text)]


class Tokens:
    """A text cut into words, remembering the whitespace before each word and at the end."""

    __slots__ = ("keys", "spaces", "tail", "words")

    def __init__(self, text: str, ignore_quotes: bool) -> None:
        # split() with a capturing group alternates: space, word, space, word, ..., tail.
        parts = _TOKEN.split(text)
        self.words: list[str] = parts[1::2]
        self.spaces: list[str] = parts[0:-1:2]
        self.tail = parts[-1]
        self.keys = [normalise_quotes(w) for w in self.words] if ignore_quotes else self.words


def word_diff(old: str, new: str, *, ignore_quotes: bool = False) -> list[tuple[WordOp, str]]:
    """The ops turning ``old`` into ``new``, word by word, merged for reading."""
    a, b = Tokens(old, ignore_quotes), Tokens(new, ignore_quotes)
    opcodes = merge_confetti(align_words(a.keys, b.keys))
    return _ops(a, b, opcodes)


def align_words(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """Opcodes like ``SequenceMatcher.get_opcodes``, safe on inputs of any size."""
    opcodes: list[Opcode] = []
    _align(a, b, 0, len(a), 0, len(b), opcodes)
    return _join(opcodes)


def _align(a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int,
           out: list[Opcode]) -> None:
    start_a, start_b = alo, blo
    while alo < ahi and blo < bhi and a[alo] == b[blo]:
        alo, blo = alo + 1, blo + 1
    if alo > start_a:
        out.append(("equal", start_a, alo, start_b, blo))
    end_a, end_b = ahi, bhi
    while ahi > alo and bhi > blo and a[ahi - 1] == b[bhi - 1]:
        ahi, bhi = ahi - 1, bhi - 1
    _align_middle(a, b, alo, ahi, blo, bhi, out)
    if ahi < end_a:
        out.append(("equal", ahi, end_a, bhi, end_b))


def _align_middle(a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int,
                  out: list[Opcode]) -> None:
    if alo == ahi and blo == bhi:
        return
    if alo == ahi or blo == bhi:
        out.append(("insert" if alo == ahi else "delete", alo, ahi, blo, bhi))
        return
    if (ahi - alo) * (bhi - blo) <= MATCHER_LIMIT:
        matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            out.append((tag, i1 + alo, i2 + alo, j1 + blo, j2 + blo))
        return
    anchors = unique_anchors(a[alo:ahi], b[blo:bhi])
    if not anchors:
        anchors = unique_anchors(a[alo:ahi], b[blo:bhi], copies=ANCHOR_COPIES)
    if not anchors:
        # No word occurs as often on each side: this long stretch really is rewritten.
        out.append(("replace", alo, ahi, blo, bhi))
        return
    i, j = alo, blo
    for anchor_a, anchor_b in anchors:
        _align(a, b, i, alo + anchor_a, j, blo + anchor_b, out)
        i, j = alo + anchor_a + 1, blo + anchor_b + 1
        out.append(("equal", i - 1, i, j - 1, j))
    _align(a, b, i, ahi, j, bhi, out)


def unique_anchors(a: Sequence[str], b: Sequence[str], copies: int = 1
                   ) -> list[tuple[int, int]]:
    """Positions of items occurring exactly once in each (patience diff), longest in order.

    With ``copies`` above 1, an item occurring the same number of times (up to ``copies``)
    on each side pairs its k-th occurrences: anchors for text with no unique word.
    """
    count_a, count_b = Counter(a), Counter(b)
    where_b: dict[str, list[int]] = {}
    for index, item in enumerate(b):
        if count_b[item] <= copies and count_a[item] == count_b[item]:
            where_b.setdefault(item, []).append(index)
    seen: Counter[str] = Counter()
    pairs: list[tuple[int, int]] = []
    for index, item in enumerate(a):
        if item in where_b:
            pairs.append((index, where_b[item][seen[item]]))
            seen[item] += 1
    chosen = longest_increasing([j for _, j in pairs])
    return [pairs[k] for k in chosen]


def longest_increasing(values: Sequence[int]) -> list[int]:
    """Indexes of a longest strictly increasing subsequence of ``values`` (O(n log n))."""
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(values)
    for index, value in enumerate(values):
        slot = bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[slot] = value
            tail_index[slot] = index
        previous[index] = tail_index[slot - 1] if slot else -1
    result: list[int] = []
    index = tail_index[-1] if tail_index else -1
    while index != -1:
        result.append(index)
        index = previous[index]
    return result[::-1]


def heaviest_increasing(values: Sequence[int], weights: Sequence[float]) -> list[int]:
    """Indexes of a strictly increasing subsequence of ``values`` of greatest total weight.

    O(n log n): a Fenwick tree over the ranks of the values holds, for each prefix, the best
    total of a subsequence ending below it. Ties keep the earlier subsequence.
    """
    ranks = {value: rank for rank, value in enumerate(sorted(set(values)), 1)}
    size = len(ranks)
    tree_best = [0.0] * (size + 1)
    tree_at = [-1] * (size + 1)
    best = [0.0] * len(values)
    previous = [-1] * len(values)
    for index, value in enumerate(values):
        rank = ranks[value]
        total, at, slot = 0.0, -1, rank - 1
        while slot > 0:
            if tree_best[slot] > total:
                total, at = tree_best[slot], tree_at[slot]
            slot -= slot & -slot
        best[index], previous[index] = total + weights[index], at
        slot = rank
        while slot <= size:
            if best[index] > tree_best[slot]:
                tree_best[slot], tree_at[slot] = best[index], index
            slot += slot & -slot
    result: list[int] = []
    index = max(range(len(values)), key=lambda k: (best[k], -k)) if values else -1
    while index != -1:
        result.append(index)
        index = previous[index]
    return result[::-1]


def _join(opcodes: list[Opcode]) -> list[Opcode]:
    """Merge neighbours of the same tag; turn a delete next to an insert into a replace."""
    merged: list[Opcode] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if i1 == i2 and j1 == j2:
            continue
        if merged:
            ptag, pi1, _, pj1, _ = merged[-1]
            if ptag == tag or (ptag != "equal" and tag != "equal"):
                new_tag = tag if ptag == tag else "replace"
                merged[-1] = (new_tag, pi1, i2, pj1, j2)
                continue
        merged.append((tag, i1, i2, j1, j2))
    return merged


def merge_confetti(opcodes: list[Opcode]) -> list[Opcode]:
    """Fold short equal runs squeezed between changes into one replacement, in one pass.

    "advise on [rule] changes and on the [rule book]" reads better as one change of the whole
    clause when only a word or two in the middle survive.
    """
    result: list[Opcode] = []
    for index, opcode in enumerate(opcodes):
        tag, i1, i2, _, j2 = opcode
        previous = result[-1] if result else None
        if previous is None or previous[0] == "equal":
            result.append(opcode)
            continue
        following = opcodes[index + 1] if index + 1 < len(opcodes) else None
        kept = i2 - i1
        absorb = tag != "equal" or (
            following is not None and kept <= 2 and kept <= _size(previous)
            and kept <= _size(following))
        if absorb:
            result[-1] = ("replace", previous[1], i2, previous[3], j2)
        else:
            result.append(opcode)
    return result


def _size(opcode: Opcode) -> int:
    _, i1, i2, j1, j2 = opcode
    return max(i2 - i1, j2 - j1)


def _ops(a: Tokens, b: Tokens, opcodes: list[Opcode]) -> list[tuple[WordOp, str]]:
    ops: list[tuple[WordOp, str]] = []
    emit = _emitter(ops)
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            if a.words[i1:i2] == b.words[j1:j2] and a.spaces[i1 + 1:i2] == b.spaces[j1 + 1:j2]:
                # The usual case: the same words with the same spaces, emitted in one piece.
                _spacing(a.spaces[i1], b.spaces[j1], emit)
                emit("equal", _span_text(a, i1, i2)[len(a.spaces[i1]):])
                continue
            for offset in range(i2 - i1):
                _equal_word(a, b, i1 + offset, j1 + offset, emit)
            continue
        old_text = _span_text(a, i1, i2)
        new_text = _span_text(b, j1, j2)
        if old_text[:1].isspace() and new_text[:1] == old_text[:1]:
            # "for a [-four-year-]{+five-year+} term": the shared space belongs to neither.
            emit("equal", old_text[0])
            old_text, new_text = old_text[1:], new_text[1:]
        emit("delete", old_text)
        emit("insert", new_text)
    _spacing(a.tail, b.tail, emit)
    return ops


def _equal_word(a: Tokens, b: Tokens, i: int, j: int,
                emit: Callable[[WordOp, str], None]) -> None:
    _spacing(a.spaces[i], b.spaces[j], emit)
    if a.words[i] == b.words[j]:
        emit("equal", a.words[i])
    else:
        # The same word only once quotes are normalised: keep both spellings so text is exact.
        emit("delete", a.words[i])
        emit("insert", b.words[j])


def _spacing(old: str, new: str, emit: Callable[[WordOp, str], None]) -> None:
    if old == new:
        emit("equal", old)
        return
    common = " " if old and new else ""
    # A reflow is not a change: show one shared space and keep the exact whitespace as ops.
    if common and old.startswith(common) and new.startswith(common):
        emit("equal", common)
        old, new = old[1:], new[1:]
    emit("delete", old)
    emit("insert", new)


def _span_text(tokens: Tokens, start: int, end: int) -> str:
    parts: list[str] = []
    for index in range(start, end):
        parts.append(tokens.spaces[index])
        parts.append(tokens.words[index])
    return "".join(parts)


def _emitter(ops: list[tuple[WordOp, str]]) -> Callable[[WordOp, str], None]:
    def emit(op: WordOp, text: str) -> None:
        if not text:
            return
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + text)
        elif op == "delete" and ops and ops[-1][0] == "insert" and len(ops) >= 2 \
                and ops[-2][0] == "delete":
            ops[-2] = ("delete", ops[-2][1] + text)
        else:
            ops.append((op, text))
    return emit
