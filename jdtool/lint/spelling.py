"""Spelling in British English, and US spellings as a consistency finding.

The dictionary is SCOWL's British English word list as Debian packages it (``wbritish-large``,
``/usr/share/dict/british-english-large``; the American list beside it tells a US spelling
from a typo). ``make system-deps`` installs both. Measured against pyspellchecker (US-biased:
it rejects organisation, programme, centre, behaviour) and spylls with hunspell's en_GB
dictionary (about 1.1 s to load, 47 µs a word), a set of 170,000 words loads in about 50 ms
and answers in a set look-up, so the whole rule costs a look-up per distinct word.

What is not in the dictionary but still right is learned, not reported: names (any word the
document writes with a capital), words the document uses three times or more (a field's own
terms: "deaccession", "informatician"), ``[tool.jdtool.lint] vocabulary``, and text that is
mostly unknown words (a paragraph in another language, or text a PDF garbled).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from jdtool.core.problems import Severity
from jdtool.lint.config import Settings
from jdtool.lint.correctness import is_mixed_spelling_term
from jdtool.lint.prose import LintDocument
from jdtool.lint.rules import Category, Hit, Rule, RuleCheck

SPELLING = Rule(
    "JD409", "spelling", Category.CORRECTNESS, Severity.WARNING,
    "A word not in the British English dictionary, nor a name or term the document itself "
    "uses; add real terms to [tool.jdtool.lint] vocabulary.")
US_SPELLING = Rule(
    "JD410", "us-spelling", Category.CORRECTNESS, Severity.WARNING,
    "A US spelling ('organization', 'program', 'center') in a document otherwise written in "
    "British English; reported only where British spellings are the majority.")

WORD_LISTS = {
    "british": ("/usr/share/dict/british-english-large", "/usr/share/dict/british-english-huge",
                "/usr/share/dict/british-english"),
    "american": ("/usr/share/dict/american-english-large",
                 "/usr/share/dict/american-english-huge", "/usr/share/dict/american-english"),
}
"""Where Debian's SCOWL word lists are, the preferred size first."""

_TOKEN = re.compile(r"[A-Za-z](?<![\w'’@/.-].)[A-Za-z]*(?:['’][A-Za-z]+)*"
                    r"(?:-[A-Za-z]+(?:['’][A-Za-z]+)*)*(?![\w@/]|\.\w)")
"""A word, with its apostrophes and hyphens. It starts with a letter, the lookbehind after it
(nothing of a word, address or path before it), so Python's engine skips to the next letter in
C rather than trying the lookbehind at every position (``structure.first_letter_branches``)."""
_CLITICS = ("'s", "'ll", "'re", "'ve", "'d", "'m", "n't")
_FRAGMENTS = frozenset({"tion", "tions", "sion", "sions", "ment", "ments", "ness", "ance",
                        "ence", "ally", "ities", "ings"})
"""Word endings a PDF's text layer leaves on their own when it breaks a word across lines."""
_LEARN_FROM = 3
"""A word used this often in one document is one of its terms, not a typo."""
_GARBLED = 0.25
"""A block in which more than this share of the words are unknown is another language or
text a PDF garbled: its words are not reported one by one."""


class Dictionary:
    """The British word list, with the American list and the list of ordinary (lower-case)
    words read only when a rule first needs them: most documents have no unknown word."""

    def __init__(self, british: list[str], extra: frozenset[str]) -> None:
        self._lines = british
        self._extra = extra
        self.british: frozenset[str] = frozenset(map(str.lower, british)) | extra
        """Every British word in lower case (names and abbreviations too)."""
        self._american: frozenset[str] | None = None
        self._listed: frozenset[str] | None = None

    @property
    def american(self) -> frozenset[str]:
        if self._american is None:
            lines = _read(WORD_LISTS["american"])
            self._american = frozenset("\n".join(lines).lower().split())
        return self._american

    def knows(self, word: str) -> bool:
        return word in self.british

    def is_american(self, word: str) -> bool:
        return word not in self.british and word in self.american

    def is_word(self, word: str) -> bool:
        """Whether ``word`` (lower case) is an ordinary word: 'unison' is, 'fbi' is not."""
        if self._listed is None:
            # The list as it is spelt (half the cost of picking out its lower-case words).
            self._listed = frozenset(self._lines)
        return (word in self._listed and word.islower()) or word in self._extra


def _extra() -> frozenset[str]:
    text = resources.files("jdtool.lint").joinpath("data", "spelling-extra.txt").read_text(
        "utf-8")
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def _read(paths: tuple[str, ...]) -> list[str]:
    for name in paths:
        path = Path(name)
        if path.is_file():
            return path.read_text(encoding="utf-8", errors="replace").split()
    return []


@cache
def dictionary() -> Dictionary | None:
    """The British word list, read once per process (``None`` when it is not installed)."""
    british = _read(WORD_LISTS["british"])
    return Dictionary(british, _extra()) if british else None


def _forms(word: str) -> Iterator[str]:
    """The word and what it is built on: without a possessive or contraction ending."""
    word = word.replace("’", "'")
    yield word
    for clitic in _CLITICS:
        if word.endswith(clitic) and len(word) > len(clitic) + 1:
            yield word[:-len(clitic)]
    if word.endswith("s'"):
        yield word[:-1]


def _known(words: Dictionary, word: str, learned: frozenset[str]) -> bool:
    forms = list(_forms(word))
    if any(form in learned or words.knows(form) for form in forms):
        return True
    # A US spelling is no derivation ("center" is not "cent" + "er").
    return not any(form in words.american for form in forms) and \
        any(_derived(words, form) for form in forms)


_PREFIXES = ("un", "re", "pre", "non", "co", "de", "dis", "mis", "sub", "inter", "intra",
             "multi", "over", "under", "self", "anti", "post", "bio", "geo", "micro", "cross",
             "extra", "semi", "cyber", "eco", "hyper", "mega", "meta", "mid", "out", "up", "trans",
             "poly")
_SUFFIXES = (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
             ("er", ""), ("ers", ""), ("ful", ""), ("ly", ""), ("ally", ""), ("ness", ""),
             ("al", ""), ("ment", ""), ("ise", ""), ("ised", ""), ("ising", ""))


def _derived(words: Dictionary, word: str) -> bool:
    """A regular derivation of a dictionary word that the list does not spell out:
    'relocations', 'uncurated', 'siloed', 'databasing' (hunspell's affix rules, roughly)."""
    for prefix in _PREFIXES:
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) >= 4 and (
                words.knows(rest) or _suffixed(words, rest)):
            return True
    return _suffixed(words, word)


def _suffixed(words: Dictionary, word: str) -> bool:
    return any(word.endswith(suffix) and len(word) - len(suffix) >= 3 and
               words.knows(word[:-len(suffix)] + restored)
               for suffix, restored in _SUFFIXES)


@dataclass(slots=True)
class _Unknown:
    start: int
    end: int
    word: str
    american: bool


def _unknown_words(lint: LintDocument, settings: Settings, words: Dictionary
                   ) -> list[_Unknown]:
    """Every occurrence of a word the dictionary and the document do not vouch for, outside
    garbled blocks; worked out once per document for both rules (``LintDocument.memo``)."""
    memo = lint.memo.get("spelling")
    if memo is None:
        memo = lint.memo["spelling"] = _find_unknown(lint, settings, words)
    return memo  # type: ignore[return-value]


def _find_unknown(lint: LintDocument, settings: Settings, words: Dictionary
                  ) -> list[_Unknown]:
    # Sets first, in C: most documents have no unknown word at all, and then no
    # occurrence is looked at one by one.
    tokens = _TOKEN.findall(lint.prose)
    distinct = set(tokens)
    suspects = {token for token in distinct
                if token.lower() not in words.british and _suspect_parts(token, words)}
    if not suspects:
        return []
    learned = _learned(tokens, distinct, settings)
    suspects = {token for token in suspects if _suspect_parts(token, words, learned)}
    if not suspects:
        return []
    found: list[_Unknown] = []
    prose = lint.prose
    for match in _TOKEN.finditer(prose):
        token = match.group()
        if token not in suspects or _BREAK_AFTER.match(prose, match.end()) or \
                _BREAK_BEFORE.search(prose, max(0, match.start() - 3), match.start()) or \
                _broken(prose, match, words):
            continue  # "pre- and post-award"; a word a PDF broke in two ("suc‐ cessful")
        for start, part in _parts(token, match.start(), words):
            if _unknown(part, words, learned):
                american = any(words.is_american(form) for form in _forms(part.lower()))
                found.append(_Unknown(start, start + len(part), part, american))
    return _without_garbled(lint, found)


def _suspect_parts(token: str, words: Dictionary, learned: frozenset[str] = frozenset()
                   ) -> bool:
    return any(_unknown(part, words, learned) for _, part in _parts(token, 0, words))


def _unknown(part: str, words: Dictionary, learned: frozenset[str]) -> bool:
    # A capital anywhere makes a name or an abbreviation; "xxx" masks an address.
    if len(part) < 4 or not part.islower() or part in _FRAGMENTS or part in _PREFIXES or \
            set(part) <= {"x"}:
        return False  # a prefix alone is "intra- and inter-team" with its hyphen lost
    return not _known(words, part, learned)


def _without_garbled(lint: LintDocument, found: list[_Unknown]) -> list[_Unknown]:
    """Drop the unknown words of blocks that are mostly unknown words."""
    by_segment: dict[int, list[_Unknown]] = {}
    for unknown in found:
        segment = lint.segment_at(unknown.start)
        by_segment.setdefault(segment.start if segment else -1, []).append(unknown)
    kept: list[_Unknown] = []
    for start, unknowns in by_segment.items():
        segment = lint.segment_at(start) if start >= 0 else None
        total = len(_TOKEN.findall(lint.prose, segment.start, segment.end)) if segment else 0
        if len(unknowns) >= 3 and len(unknowns) > _GARBLED * total:
            continue
        kept.extend(unknowns)
    return kept


_NEIGHBOUR = re.compile(r"[A-Za-z]+")
_BREAK_AFTER = re.compile(r" ?[-‐]")
_BREAK_BEFORE = re.compile(r"[-‐] ?$")


def _broken(prose: str, match: re.Match[str], words: Dictionary) -> bool:
    """Whether the token joined to the word before or after it makes a dictionary word that
    neither half is: a word split by a line break in a PDF's text layer."""
    token = match.group().lower()
    if "-" in token:
        return False
    after = _NEIGHBOUR.match(prose, match.end() + 1) if prose[match.end():match.end() + 1] in \
        " \n" else None
    before_text = prose[max(0, match.start() - 20):match.start()]
    before = re.search(r"([A-Za-z]+)[ \n]$", before_text)
    joined = [token + after.group().lower()] if after else []
    if before:
        joined.append(before[1].lower() + token)
    return any(len(word) > len(token) + 1 and words.knows(word) for word in joined)


def _parts(token: str, start: int, words: Dictionary) -> Iterator[tuple[int, str]]:
    """A hyphenated compound's parts, each checked alone ('post-holder': 'post', 'holder');
    a compound the dictionary lists whole is one part, and a prefix ('co-', 'pre-') none."""
    if "-" not in token:
        yield start, token
        return
    lower = token.lower()
    # Listed whole, or written elsewhere without its hyphens ("co-ordinate", "coordinate").
    if words.knows(lower) or words.knows(lower.replace("-", "")):
        return
    offset = start
    parts = token.split("-")
    for index, part in enumerate(parts):
        if index == len(parts) - 1 or part.lower() not in _PREFIXES:
            yield offset, part
        offset += len(part) + 1


def _learned(tokens: list[str], distinct: set[str], settings: Settings) -> frozenset[str]:
    """Words the document vouches for: names it capitalises, terms it uses often, and the
    configured vocabulary."""
    parts = [part for token in tokens for part in token.lower().replace("’", "'").split("-")]
    counts = Counter(parts)
    names = {part for token in distinct if not token.islower()
             for part in token.lower().replace("’", "'").split("-")}
    often = {word for word, count in counts.items() if count >= _LEARN_FROM}
    return frozenset(often | names | settings.vocabulary)


def spelling(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    words = dictionary()
    if words is None:
        return
    for unknown in _unknown_words(lint, settings, words):
        if not unknown.american:
            yield from _typo(unknown, words)


def _typo(typo: _Unknown, words: Dictionary) -> Iterator[Hit]:
    """A word one edit from a dictionary word is a typo; two words run together are
    reported as such; a word far from any (a field's own term) is left alone."""
    lower = typo.word.lower()
    halves = run_together(lower, words)
    if halves:
        yield Hit(f"'{typo.word}' looks like two words run together ('{halves}')",
                  typo.start, typo.end, suggestion=halves, matched=typo.word)
        return
    options = suggestions(lower, words)
    if options:
        quoted = " or ".join(f"'{option}'" for option in options)
        yield Hit(f"'{typo.word}' is not in the en-GB dictionary; did you mean {quoted}?",
                  typo.start, typo.end, suggestion=options[0], matched=typo.word)


def run_together(word: str, words: Dictionary) -> str | None:
    """'specimen based' for 'specimenbased': two dictionary words of three letters or more."""
    for cut in range(3, len(word) - 3):
        left, right = word[:cut], word[cut:]
        if left not in _PREFIXES and words.knows(left) and words.knows(right):
            return f"{left} {right}"
    return None


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def suggestions(word: str, words: Dictionary, limit: int = 3) -> list[str]:
    """Dictionary words one edit away, in the order typists make them: two letters swapped,
    a letter left out, a letter doubled or added, a wrong letter."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    deletes = [a + b[1:] for a, b in splits if b]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    found: list[str] = []
    for candidate in swaps + inserts + deletes + replaces:
        if candidate != word and candidate not in found and words.knows(candidate):
            found.append(candidate)
            if len(found) == limit:
                break
    return found


_BRITISH_FORMS = ((r"iz(e|es|ed|ing|ation|ations|er|ers|able)$", r"is\1"),
                  (r"yz(e|es|ed|ing)$", r"ys\1"), (r"or(s|ed|ing|ful|ite|ites|able)?$", r"our\1"),
                  (r"er(s)?$", r"re\1"), (r"og(s)?$", r"ogue\1"),
                  (r"l(ed|ing|er|ers)$", r"ll\1"), (r"ense(s)?$", r"ence\1"),
                  (r"^program(s)?$", r"programme\1"), (r"eled$", "elled"))


def british_form(word: str, words: Dictionary) -> str | None:
    """The British spelling of a US one, if a regular change of ending finds it."""
    for pattern, replacement in _BRITISH_FORMS:
        candidate = re.sub(pattern, replacement, word)
        if candidate != word and words.knows(candidate):
            return candidate
    return None


def us_spelling(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    words = dictionary()
    if words is None:
        return
    american = [u for u in _unknown_words(lint, settings, words) if u.american]
    if not american or (len(american) > 1 and len(american) > _british_only(lint, words)):
        return  # a document written in US English is consistent; jdtool does not convert it
    for word in american:
        british = british_form(word.word.lower(), words)
        if british and is_mixed_spelling_term(word.word.lower()) and \
                re.search(rf"(?<![\w-]){british}(?![\w-])", lint.lowered):
            continue  # JD407 already says it is spelt the British way elsewhere
        advice = f"; en-GB: '{british}'" if british else ""
        yield Hit(f"'{word.word}' is a US spelling{advice}", word.start, word.end,
                  suggestion=british, matched=word.word)


def _british_only(lint: LintDocument, words: Dictionary) -> int:
    """How many words the document spells the British way (not valid US spellings)."""
    counts = Counter(_TOKEN.findall(lint.lowered))
    return sum(count for word, count in counts.items()
               if word in words.british and word not in words.american)


CHECKS = [
    RuleCheck(SPELLING, spelling),
    RuleCheck(US_SPELLING, us_spelling),
]
"""This module's rules, each with its check, in rule id order."""
