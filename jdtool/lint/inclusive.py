"""Inclusive-language rules: gendered pronouns and terms, gender-coded wording, exclusion.

Equal-opportunities and positive-action sections are exempt (see ``sections``): they name
groups on purpose.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from functools import cache

from jdtool.core.problems import Severity
from jdtool.lint.config import Settings
from jdtool.lint.prose import LintDocument, Segment
from jdtool.lint.rules import Category, Hit, Rule, RuleCheck
from jdtool.lint.sections import is_equality_section
from jdtool.lint.vocabulary import PhraseList, compiled, data

GENDERED_PRONOUN = Rule(
    "JD201", "gendered-pronoun", Category.INCLUSIVE, Severity.WARNING,
    "Binary pronoun forms such as 'he or she' and 's/he' leave out people who are neither; "
    "'they' is clear, neutral and standard in UK public-sector writing.")
GENDERED_TERM = Rule(
    "JD202", "gendered-term", Category.INCLUSIVE, Severity.WARNING,
    "Job titles and words built on 'man' (chairman, manpower) suggest the post is for men.")
GENDER_CODED = Rule(
    "JD203", "gender-coded-wording", Category.INCLUSIVE, Severity.SUGGESTION,
    "Masculine-coded wording (Gaucher, Friesen & Kay 2011) makes a post less appealing to "
    "women without making it more appealing to men; the verdict weighs masculine against "
    "feminine-coded words.")
GENDER_CODED_WORD = Rule(
    "JD204", "gender-coded-word", Category.INCLUSIVE, Severity.SUGGESTION,
    "Each masculine-coded word, to find the words behind JD203's verdict (off by default).",
    enabled=False)
EXCLUSIONARY = Rule(
    "JD205", "exclusionary-wording", Category.INCLUSIVE, Severity.WARNING,
    "Ageist, ableist and other exclusionary wording discourages applicants and can be "
    "unlawful under the Equality Act 2010.")

_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def _phrases(lint: LintDocument,
             phrases: PhraseList) -> Iterator[tuple[re.Match[str], dict[str, str]]]:
    for match, entry in phrases.finditer(lint.prose, lint.lowered, lint.vocabulary,
                                         lint.literals):
        if not is_equality_section(lint.segment_at(match.start())):
            yield match, entry


_ROLE = re.compile(r"\b(?:the|a|an|each|every|this)\s+(?:successful\s+)?(?:post-?holders?|"
                   r"job-?holders?|candidates?|applicants?|appointees?|person appointed|"
                   r"employees?|officers?|managers?|organisers?|workers?|individuals?)\b",
                   re.IGNORECASE)
_PRONOUN = re.compile(r"[hHsS](?<![\w'’/(-].)(?i:(?<=h)(?:e|im|is|er|ers|imself|erself)|(?<=s)he)"
                      r"(?![\w'’/)-])")
"""he, she, him, his, her, hers, himself, herself as words. It starts with plain letters (the
lookbehind after the first one is a word start), so Python's engine skips to the next h or s
in C instead of trying every position (``structure.first_letter_branches``)."""
_NEUTRAL = {"he": "they", "she": "they", "him": "them", "his": "their", "her": "their",
            "hers": "theirs", "himself": "themselves", "herself": "themselves"}


def gendered_pronouns(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    reported: set[int] = set()
    for match, entry in _phrases(lint, compiled("inclusive.json", "pronouns")):
        text = lint.prose[match.start():match.end()]
        replacement = _keep_case(text, entry["replacement"])
        reported.update(range(match.start(), match.end()))
        yield Hit(f"'{text}' is a binary pronoun form; use '{replacement}'", match.start(),
                  match.end(), suggestion=replacement, matched=text)
    yield from _role_pronouns(lint, reported)


def _role_pronouns(lint: LintDocument, reported: set[int]) -> Iterator[Hit]:
    """'he' or 'her' standing for the post-holder or a candidate (a role named earlier in
    the same sentence): the post is for anyone."""
    # Only a sentence holding a pronoun can report one: their places, found once in the
    # prose, spare the role search in every other sentence.
    pronouns = [match.start() for match in _PRONOUN.finditer(lint.prose)]
    if not pronouns:
        return
    for sentence in lint.sentences():
        index = bisect_left(pronouns, sentence.start)
        if index == len(pronouns) or pronouns[index] >= sentence.end:
            continue
        role = _ROLE.search(sentence.text)
        if role is None or is_equality_section(sentence.segment):
            continue
        for match in _PRONOUN.finditer(sentence.text, role.end()):
            start = sentence.start + match.start()
            if start in reported:
                continue
            word = match.group()
            replacement = _keep_case(word, _NEUTRAL[word.lower()])
            yield Hit(f"'{word}' makes the {role.group().split()[-1]} a man or a woman; use "
                      f"'{replacement}'", start, start + len(word), suggestion=replacement,
                      matched=word)
            break  # once a sentence: the rewrite is the author's


def gendered_terms(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    for match, entry in _phrases(lint, compiled("inclusive.json", "gendered_terms")):
        text = lint.prose[match.start():match.end()]
        replacement = entry["replacement"]
        yield Hit(f"'{text}' is a gendered term; use {_quoted(replacement)}", match.start(),
                  match.end(), suggestion=replacement, matched=text)


def exclusionary(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    last: dict[str, int] = {}
    for match, entry in _phrases(lint, compiled("inclusive.json", "exclusionary")):
        # "a full driving licence and access to a car": one point, made once.
        category = entry["category"]
        if match.start() - last.get(category, -1000) < 80 and category == "driving-licence":
            continue
        last[category] = match.start()
        text = lint.prose[match.start():match.end()]
        yield Hit(f"'{text}' is {entry['category']} wording; {entry['replacement']}",
                  match.start(), match.end(), suggestion=entry["replacement"], matched=text)


def gender_coded(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    lists = settings.option("gender-lists")
    classify = _classifier(lists)
    found: list[str] = []
    for start, end in lint.stretches(_counted):
        found += _WORD.findall(lint.lowered, start, end)
    words = Counter(found)  # counted once: the same counts, in the same first-seen order
    masculine, feminine = _coded_counts(words, classify)
    male, female = sum(masculine.values()), sum(feminine.values())
    score = male - female
    # One or two coded words in a short introduction are noise, not a verdict.
    if score <= 0 or male < settings.option("gender-min-masculine"):
        return
    strength = "leans strongly masculine-coded" if score > 3 else "leans masculine-coded"
    listed = ", ".join(f"{w} ×{n}" if n > 1 else w for w, n in masculine.most_common(8))
    density = 100 * (male + female) / max(sum(words.values()), 1)
    name = {"both": "Gaucher et al. and gender-decoder", "gaucher": "Gaucher et al."}.get(
        lists, "gender-decoder")
    start, end = _first(lint, [s for s in lint.segments if _counted(s)], set(masculine))
    yield Hit(f"the wording {strength} ({name} lists): {male} masculine-coded words "
              f"({listed}) against {female} feminine-coded, {density:.1f} coded words per "
              "100; research finds such wording puts some women off applying",
              start, end,
              suggestion="where it fits the post, add communal wording (support, "
                         "collaborate, understand) or use plainer words", matched="")


def _coded_counts(words: Counter[str], classify: _Classifier
                  ) -> tuple[Counter[str], Counter[str]]:
    """The masculine- and feminine-coded words of ``words`` with their counts, in the order
    ``words`` has them."""
    masculine: Counter[str] = Counter()
    feminine: Counter[str] = Counter()
    # Most words were classified for a document before: only the new ones are, and then
    # only the coded words are looked at one by one (set operations in C), in text order.
    for word in words.keys() - classify.cache.keys():
        classify(word)
    coded = classify.coded
    if coded.keys().isdisjoint(words.keys()):
        return masculine, feminine
    for word in [word for word in words if word in coded]:
        # "Lead" and "leader" name what a senior post does; counting them would mark every
        # head of department down for its job title.
        if word.startswith("lead"):
            continue
        if coded[word] == "masculine":
            masculine[word] = words[word]
        else:
            feminine[word] = words[word]
    return masculine, feminine


def _counted(segment: Segment) -> bool:
    """Whether the verdict counts this segment's words: a block outside equality sections."""
    return segment.block is not None and not is_equality_section(segment)


def _first(lint: LintDocument, spans: list[Segment], wanted: set[str]) -> tuple[int, int]:
    for segment in spans:
        for match in _WORD.finditer(lint.lowered, segment.start, segment.end):
            if match.group() in wanted:
                return match.start(), match.end()
    return spans[0].start, spans[0].start + 1


def gender_coded_words(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    for start, end, word, coding in _coded_words(lint, settings.option("gender-lists")):
        if coding == "masculine":
            yield Hit(f"'{word}' is masculine-coded", start, end, matched=word)


def _coded_words(lint: LintDocument, lists: str) -> Iterator[tuple[int, int, str, str | None]]:
    """Every word outside equality sections, with its coding (or ``None``)."""
    classify = _classifier(lists)
    for segment in lint.block_segments():
        if is_equality_section(segment):
            continue
        for match in _WORD.finditer(lint.prose, segment.start, segment.end):
            word = match.group().lower()
            yield match.start(), match.end(), word, classify(word)


@cache
def _classifier(lists: str) -> _Classifier:
    return _Classifier(lists)


class _Classifier:
    """Stem matching on word starts, with the words that share a stem but are not coded."""

    def __init__(self, lists: str) -> None:
        table = data("gender-coded.json")
        names = ["gaucher", "gender-decoder"] if lists == "both" else [lists]
        self.stems: dict[str, str] = {}
        self.exact: dict[str, str] = {}
        for name in names:
            for coding in ("masculine", "feminine"):
                for entry in table[name][coding]:
                    target = self.stems if entry.endswith("*") else self.exact
                    target.setdefault(entry.rstrip("*"), coding)
        self.exceptions = [entry for entry in table["not-coded"]]
        self.cache: dict[str, str | None] = {}
        self.coded: dict[str, str] = {}
        """The words of ``cache`` that are coded, with their coding."""

    def __call__(self, word: str) -> str | None:
        if word in self.cache:
            return self.cache[word]
        coding = self._classify(word)
        if coding is None and "-" in word:
            coding = next((c for c in map(self._classify, word.split("-")) if c), None)
        self.cache[word] = coding
        if coding is not None:
            self.coded[word] = coding
        return coding

    def _classify(self, word: str) -> str | None:
        if len(word) < 3 or self._excepted(word):
            return None
        if word in self.exact:
            return self.exact[word]
        for length in range(len(word), 2, -1):
            coding = self.stems.get(word[:length])
            if coding is not None:
                return coding
        return None

    def _excepted(self, word: str) -> bool:
        return any(word.startswith(e[:-1]) if e.endswith("*") else word == e
                   for e in self.exceptions)


def _keep_case(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def _quoted(replacement: str) -> str:
    return f"'{replacement}'" if " " not in replacement or len(replacement) < 30 \
        else replacement


CHECKS = [
    RuleCheck(GENDERED_PRONOUN, gendered_pronouns),
    RuleCheck(GENDERED_TERM, gendered_terms),
    RuleCheck(GENDER_CODED, gender_coded),
    RuleCheck(GENDER_CODED_WORD, gender_coded_words),
    RuleCheck(EXCLUSIONARY, exclusionary),
]
"""This module's rules, each with its check, in rule id order."""
