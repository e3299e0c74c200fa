"""The word lists under ``data/``, loaded once and compiled into matchers the rules share."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import ahocorasick


@cache
def data(name: str) -> Any:
    """A JSON data file of this package, parsed."""
    return json.loads(resources.files("jdtool.lint").joinpath("data", name).read_text("utf-8"))


@cache
def known_acronyms() -> frozenset[str]:
    text = resources.files("jdtool.lint").joinpath("data", "acronyms.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


@dataclass(frozen=True, slots=True)
class PhraseList:
    """Many phrase patterns, each run only on text that holds one of its required literals.

    One alternation of a hundred patterns costs Python's regex engine a try of every branch at
    every position; a substring test per pattern is far cheaper, and most patterns have no
    chance in a given document.
    """

    sources: tuple[str, ...]
    """Each pattern's text, compiled only when a text first calls for it (``pattern``): a
    document needs a few of them, and compiling them all cost a one-document lint ~30 ms."""
    literals: tuple[frozenset[str] | None, ...]
    entries: tuple[dict[str, Any], ...]
    shared: bool = False
    """One of ``SHARED_LISTS``: its literals are in ``literal_positions``' automaton."""
    checks: tuple[tuple[tuple[str, tuple[str, ...] | None], ...] | None, ...] = ()
    """Per pattern, its literals each with the letter runs tested in the vocabulary first
    (``None`` for a literal of letters alone, which the vocabulary holds exactly when the
    text does); worked out once here, not for every literal of every document."""

    users: dict[str, tuple[int, ...]] = field(init=False, repr=False, default_factory=dict)
    """Each literal with the patterns that need it, in pattern order: a document's found
    literals name the few patterns worth trying, without a look at every pattern's."""
    unanchored: tuple[int, ...] = field(init=False, repr=False, default=())
    """The patterns without required literals: tried in every text."""
    _patterns: list[re.Pattern[str] | None] = field(init=False, repr=False,
                                                    default_factory=list)

    def __post_init__(self) -> None:
        if not self.checks:
            object.__setattr__(self, "checks", tuple(
                None if literals is None else tuple(
                    (literal, runs_test(literal))
                    for literal in sorted(literals))
                for literals in self.literals))
        users: dict[str, list[int]] = {}
        for index, literals in enumerate(self.literals):
            for literal in literals or ():
                users.setdefault(literal, []).append(index)
        object.__setattr__(self, "users", {literal: tuple(indexes)
                                           for literal, indexes in users.items()})
        object.__setattr__(self, "unanchored", tuple(
            index for index, checks in enumerate(self.checks) if checks is None))
        object.__setattr__(self, "_patterns", [None] * len(self.sources))

    def pattern(self, index: int) -> re.Pattern[str]:
        """The ``index``-th pattern, compiled."""
        pattern = self._patterns[index]
        if pattern is None:
            pattern = self._patterns[index] = re.compile(self.sources[index])
        return pattern

    def finditer(self, text: str, lowered: str | None = None, vocabulary: str | None = None,
                 positions: dict[str, list[int]] | None = None
                 ) -> list[tuple[re.Match[str], dict[str, Any]]]:
        """Non-overlapping matches in text order (at one position, the first entry wins).

        Matches are found in the lower-case text (same offsets). A pattern with required
        literals is tried only at the word starts shortly before each place a literal occurs
        (``str.find`` is fast); Python's engine would otherwise try every branch of it at
        every position of the text. ``positions`` (``literal_positions``: every literal of
        the shared lists with where it occurs) spares looking for each literal in turn.
        """
        lowered = text.lower() if lowered is None else lowered
        vocabulary = lowered if vocabulary is None else vocabulary
        if positions is not None and not self.shared:
            positions = None  # its literals are not the shared lists': looked for here
        found: list[tuple[int, int, re.Match[str]]] = []
        if positions is not None:
            # Only the patterns a found literal names, and those without literals.
            candidates = set(self.unanchored)
            for literal in positions.keys() & self.users.keys():
                candidates.update(self.users[literal])
            indexes: Iterable[int] = sorted(candidates)
        else:
            indexes = range(len(self.sources))
        for index in indexes:
            checks = self.checks[index]
            if checks is None:
                found.extend((m.start(), index, m) for m in self.pattern(index).finditer(lowered)
                             if starts_word(lowered, m.start()))
                continue
            if positions is not None:
                places = [(literal, positions[literal]) for literal, _ in checks
                          if literal in positions]
            else:
                places = [(literal, _places(literal, lowered)) for literal, runs in checks
                          if occurs(literal, runs, vocabulary, lowered)]
            if places:
                _around(self.pattern(index), lowered, places, index, found)
        # By place, then pattern: no two entries share both (a pattern matches once at a
        # place), so the tuples sort as they are, without a key function.
        found.sort()
        result: list[tuple[re.Match[str], dict[str, Any]]] = []
        end = -1
        for start, index, match in found:
            if start >= end:
                result.append((match, self.entries[index]))
                end = max(match.end(), start + 1)
        return result


_WORD_START = re.compile(r"(?<![\w'’-])[\w(£$]")
_REACH = 80
"""How far before its required literal a phrase may start."""
_TAIL = 200
"""How far after its required literal a phrase may end."""


def _places(literal: str, lowered: str) -> list[int]:
    """Every place ``literal`` starts in ``lowered`` (overlapping ones too)."""
    places = []
    position = lowered.find(literal)
    while position != -1:
        places.append(position)
        position = lowered.find(literal, position + 1)
    return places


def _around(pattern: re.Pattern[str], lowered: str, places: list[tuple[str, list[int]]],
            index: int, found: list[tuple[int, int, re.Match[str]]]) -> None:
    """Add to ``found`` the matches of pattern ``index`` in windows around each occurrence of
    its literals (each literal with the places it starts), each with its start."""
    if len(places) == 1 and len(places[0][1]) == 1:  # most often: one place, one window
        literal, (position,) = places[0]
        windows = [(max(0, position - _REACH), position + len(literal) + _TAIL)]
    else:
        windows = _merged([(max(0, position - _REACH), position + len(literal) + _TAIL)
                           for literal, starts in places for position in starts])
    end = len(lowered)
    # The windows are merged where they meet, so no match is found twice.
    for low, high in windows:
        for match in pattern.finditer(lowered, low, min(high, end)):
            # A match stopping at a window's cut may only look complete: the text goes on.
            start = match.start()
            if (match.end() < high or high >= end) and starts_word(lowered, start):
                found.append((start, index, match))


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(windows):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return merged


_LETTERS = re.compile(r"[a-z]+")


def letter_runs_of(lowered: str) -> frozenset[str]:
    """The distinct runs of lower-case letters of a text. Joined, they are a few kilobytes
    that hold every letter run a literal could need, so most literals are ruled out without
    scanning the whole text; and a word of letters alone stands whole in the text only if it
    is one of them."""
    return frozenset(_LETTERS.findall(lowered))


@cache
def _runs(literal: str) -> tuple[str, ...]:
    return tuple(_LETTERS.findall(literal))


def runs_test(literal: str) -> tuple[str, ...] | None:
    """The letter runs ``occurs`` tests in the vocabulary before it looks for ``literal`` in
    the text (``None``: a literal of letters alone, in the text exactly when a run of it)."""
    return None if _runs(literal) == (literal,) else _runs(literal)


def occurs(literal: str, runs: tuple[str, ...] | None, vocabulary: str, lowered: str) -> bool:
    """Whether ``literal`` occurs in ``lowered``, ruled out first on the shorter vocabulary
    by its letter ``runs`` (``None``: letters alone, in the text exactly when in a letter
    run of it)."""
    if runs is None:
        return literal in vocabulary
    for run in runs:  # a loop, not any() over a generator: this runs ~300 times a document
        if run not in vocabulary:
            return False
    return literal in lowered


def may_hold_digit(text: str) -> bool:
    """False only if ``text`` holds no digit (``\\d``), which every date pattern needs: ten
    substring tests in C for ASCII text, far cheaper than a pattern that must try every
    position (a digit outside ASCII is left to the patterns)."""
    return not text.isascii() or any(map(text.__contains__, "0123456789"))


def starts_word(text: str, start: int) -> bool:
    """No letter, digit, apostrophe or hyphen stands just before ``start``."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_'’-")


def phrase_list(entries: list[dict[str, Any]], shared: bool = False) -> PhraseList:
    """A ``PhraseList`` of ``entries``; ``shared``: its literals are found by the shared
    automaton (``literal_positions``), for a list every document is searched for. A rule
    module makes its shared lists when it is imported, before any document is linted."""
    phrases = _phrase_list(entries, shared)
    if shared:
        _SHARED_IN_CODE.append(phrases)
        _automaton.cache_clear()  # the next document's literals include these
    return phrases


def _phrase_list(entries: list[dict[str, Any]], shared: bool) -> PhraseList:
    sources = tuple("(?:" + _lower(entry["pattern"]).removeprefix("\\b") + r")(?![\w’-]|'\w)"
                    for entry in entries)
    literals = tuple(frozenset(entry["literals"]) if "literals" in entry else
                     required_literals(entry["pattern"]) for entry in entries)
    return PhraseList(sources, literals, tuple(entries), shared)


def _lower(pattern: str) -> str:
    """A pattern's literal letters in lower case (escapes such as ``\\S`` kept)."""
    return re.sub(r"(\\.|\(\?P<\w+>)|([A-Z])", lambda m: m[1] or m[2].lower(), pattern)


def required_literals(pattern: str) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` contains (None: unknown)."""
    from re import _parser  # type: ignore[attr-defined]

    try:
        parsed = _parser.parse(pattern)
    except re.error:
        return None
    return _required(list(parsed), _parser)


_COMMON = frozenset(re.findall(r"\w+", "the a an and or of to in on for with be is are will must "
                                         "may can you your our their we it as at by from not "
                                         "all have has"))


def _rarity(literals: frozenset[str]) -> int:
    """How selective a literal set is: its shortest member, less if made of common words."""
    def score(literal: str) -> int:
        words = literal.split()
        common = all(word in _COMMON for word in words) or not words
        return len(literal.strip()) - (10 if common else 0)
    return min(score(literal) for literal in literals)


def _required(nodes: list[Any], parser: Any) -> frozenset[str] | None:
    constants = parser
    best: frozenset[str] | None = None
    run = ""

    def consider(candidate: frozenset[str] | None) -> None:
        nonlocal best
        if candidate and _rarity(candidate) >= 3 and (
                best is None or _rarity(candidate) > _rarity(best)):
            best = candidate

    for op, value in nodes:
        if op is constants.LITERAL:
            run += chr(value).lower()
            continue
        consider(frozenset({run}) if run else None)
        run = ""
        if op is constants.SUBPATTERN:
            consider(_required(list(value[-1]), parser))
        elif op is constants.BRANCH:
            branches = [_required(list(branch), parser) for branch in value[1]]
            if all(branches):
                consider(frozenset().union(*branches))  # type: ignore[arg-type]
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT) and value[0] >= 1:
            consider(_required(list(value[2]), parser))
    consider(frozenset({run}) if run else None)
    return best


@cache
def compiled(name: str, key: str) -> PhraseList:
    return _phrase_list(data(name)[key], shared=(name, key) in SHARED_LISTS)


SHARED_LISTS = (("inclusive.json", "pronouns"), ("inclusive.json", "gendered_terms"),
                ("inclusive.json", "exclusionary"), ("correctness.json", "confused"),
                ("clarity.json", "jargon"))
"""The phrase lists every document is searched for, whose literals are found together."""
_SHARED_IN_CODE: list[PhraseList] = []
"""The shared lists the rule modules make themselves (``phrase_list(..., shared=True)``)."""


@cache
def _automaton() -> Any:
    """An Aho-Corasick automaton of every literal of ``SHARED_LISTS`` and the shared lists
    made in code."""
    automaton = ahocorasick.Automaton()
    lists = [compiled(name, key) for name, key in SHARED_LISTS] + _SHARED_IN_CODE
    for phrases in lists:
        for literals in phrases.literals:
            for literal in literals or ():
                automaton.add_word(literal, literal)
    automaton.make_automaton()
    return automaton


def literal_positions(lowered: str) -> dict[str, list[int]]:
    """Where each literal of the shared phrase lists starts in ``lowered`` (overlapping
    places too), found in one pass in C: looking for three hundred literals one by one
    cost a document more than all the searches they spare."""
    found: dict[str, list[int]] = {}
    for end, literal in _automaton().iter(lowered):
        found.setdefault(literal, []).append(end - len(literal) + 1)
    return found
