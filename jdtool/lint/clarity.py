"""Clarity rules: readability, long sentences, jargon and hollow phrases, passive voice, and
the house vocabulary a configuration rejects."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from jdtool.core.model import BlockKind
from jdtool.core.plural import counted
from jdtool.core.problems import Severity
from jdtool.lint.config import Settings
from jdtool.lint.prose import LintDocument, Sentence
from jdtool.lint.readability import Readability, measure
from jdtool.lint.rules import Category, Hit, Rule, RuleCheck
from jdtool.lint.vocabulary import PhraseList, compiled, data, phrase_list

HARD_TO_READ = Rule(
    "JD301", "hard-to-read", Category.CLARITY, Severity.SUGGESTION,
    "A low Flesch reading ease or a high Flesch–Kincaid grade means long sentences and long "
    "words; candidates, including those reading in a second language, may give up.")
LONG_SENTENCE = Rule(
    "JD302", "long-sentence", Category.CLARITY, Severity.SUGGESTION,
    "Long sentences are hard to follow; split them or use a list. A suggestion: editors of "
    "real job documents rarely mark length alone.")
JARGON = Rule(
    "JD303", "jargon", Category.CLARITY, Severity.WARNING,
    "Buzzwords, cliches and hollow phrases say little and put off candidates from outside "
    "the sector; say what the post-holder will actually do.")
PASSIVE = Rule(
    "JD304", "passive-voice", Category.CLARITY, Severity.SUGGESTION,
    "The passive voice hides who does what in a duty ('reports are prepared'); say who "
    "acts. Off by default, and then only in list items: elsewhere it is mostly fine "
    "('the post is based in Leeds').", enabled=False)
REJECTED_TERM = Rule(
    "JD305", "rejected-term", Category.CLARITY, Severity.WARNING,
    "A word the configuration's house vocabulary rejects ('reject' setting).")

_BE = r"(?:am|is|are|was|were|be|been|being)"
_ADVERBS = r"(?:not|also|then|usually|normally|always|often|sometimes|still|all|fully|being|" \
    r"\w+ly)"


def hard_to_read(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    # Once per document: a verdict per section repeated the same advice over and over.
    sentences = [s for s in lint.sentences() if _is_prose(s)]
    if not sentences:
        return
    minimum = settings.option("min-reading-ease")
    maximum = settings.option("max-grade")
    whole = measure([s.words() for s in sentences])
    if _too_hard(whole, minimum, maximum):
        first = lint.position(lint.source_offset(sentences[0].start))[0]
        yield Hit(f"the document is hard to read: {_scores(whole)} (thresholds: ease ≥ "
                  f"{minimum:g}, grade ≤ {maximum:g})", line=first,
                  suggestion="shorter sentences and plainer words")


def _is_prose(sentence: Sentence) -> bool:
    block = sentence.segment.block
    return block is not None and block.kind not in (BlockKind.ROW, BlockKind.CRITERION)


def _too_hard(scores: Readability, minimum: float, maximum: float) -> bool:
    return scores.reading_ease < minimum or scores.grade > maximum


def _scores(scores: Readability) -> str:
    return (f"Flesch reading ease {scores.reading_ease:.0f}, Flesch–Kincaid grade "
            f"{scores.grade:.1f} ({counted(scores.words, 'word')} in "
            f"{counted(scores.sentences, 'sentence')})")


def long_sentences(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    limit = settings.option("max-sentence-words")
    for sentence in lint.sentences():
        count = len(sentence.words())
        if count > limit and _is_prose(sentence):
            yield Hit(f"sentence of {count} words (more than {limit}); split it or use a list",
                      sentence.start, sentence.end)


def jargon(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    phrases = compiled("clarity.json", "jargon")
    for match, entry in phrases.finditer(lint.prose, lint.lowered, lint.vocabulary,
                                         lint.literals):
        text = lint.prose[match.start():match.end()]
        yield Hit(f"'{text}' is {_KINDS[entry['category']]}; {entry['replacement']}",
                  match.start(), match.end(),
                  suggestion=entry["replacement"], matched=text)


_KINDS = {"buzzword": "a buzzword", "cliche": "a cliché", "hollow": "a hollow phrase",
          "expectation": "an unreasonable expectation"}


@cache
def _passive() -> re.Pattern[str]:
    irregular = "|".join(data("clarity.json")["irregular_participles"])
    return re.compile(rf"\b{_BE}\s+(?:{_ADVERBS}\s+){{0,2}}((?:\w+ed|{irregular}))\b",
                      re.IGNORECASE)


def passive_voice(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    exceptions = set(data("clarity.json")["passive_exceptions"])
    pattern = _passive()
    for sentence in lint.sentences():
        if sentence.segment.kind not in ("bullet", "numbered"):
            continue  # a duty is a list item; "the post is based in Leeds" is fine prose
        for match in pattern.finditer(lint.prose, sentence.start, sentence.end):
            if match[1].lower() in exceptions or match[1].lower() in ("need", "speed", "feed"):
                continue
            yield Hit(f"passive voice '{match.group()}': say who does it", match.start(),
                      match.end(), matched=match.group())
            break


@cache
def _rejected(words: tuple[tuple[str, str], ...]) -> PhraseList:
    return phrase_list([{"pattern": re.escape(word), "replacement": replacement}
                        for word, replacement in words])


def rejected_terms(lint: LintDocument, settings: Settings) -> Iterator[Hit]:
    if not settings.reject:
        return
    phrases = _rejected(settings.reject)
    for match, entry in phrases.finditer(lint.prose, lint.lowered, lint.vocabulary):
        replacement = entry["replacement"]
        advice = f"; use '{replacement}'" if replacement else ""
        text = lint.prose[match.start():match.end()]
        yield Hit(f"'{text}' is not in the house style{advice}", match.start(),
                  match.end(), suggestion=replacement or None, matched=text)


CHECKS = [
    RuleCheck(HARD_TO_READ, hard_to_read),
    RuleCheck(LONG_SENTENCE, long_sentences),
    RuleCheck(JARGON, jargon),
    RuleCheck(PASSIVE, passive_voice),
    RuleCheck(REJECTED_TERM, rejected_terms),
]
"""This module's rules, each with its check, in rule id order."""
