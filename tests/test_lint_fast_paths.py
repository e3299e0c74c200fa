"""The lint rules' fast paths find exactly what the plain patterns they replace find.

Speed work on lint (issue 15) must not change a single finding: each pre-check or rewritten
pattern is compared with the obvious form on generated text full of the characters that
decide word boundaries.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jdtool.lint.correctness import _ACRONYM_PLURAL, _HYPHENATED, _hyphenated
from jdtool.lint.facts import _MONTH_HINT
from jdtool.lint.grammar import _ARTICLE
from jdtool.lint.inclusive import _PRONOUN
from jdtool.lint.structure import _ACRONYM, _DATE, _DEFINED_BEFORE, DAY_NAMES, MONTH_NAMES
from jdtool.lint.typography import _may_hold_dash
from jdtool.lint.vocabulary import SHARED_LISTS, compiled, letter_runs_of, literal_positions

TEXT = st.text(alphabet="aAbBsSzZ09 &-_'’()*\né.", max_size=60)

_PLAIN_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]*[A-Z](?:s\b|\b)(?!['’][a-rt-z])")
_PLAIN_DEFINED = re.compile(r"\b([A-Z][A-Z0-9&]*[A-Z])s?\s*\((?:[A-Za-z][a-z'’-]*\s+){1,}"
                            r"[A-Za-z][A-Za-z'’-]*\)")
_PLAIN_PLURAL = re.compile(
    r"\b([A-Z]{2,}\d*)['’]s(?=\s*(?:[,.;:!?)]|\s(?:and|or|are|were|have|should|must|will)\b|$))",
    re.MULTILINE)
_PLAIN_HINT = re.compile(r"[\w)] (?:\*|---?) |[a-z]--[a-z]")


Spans = list[tuple[tuple[int, int], tuple[str | None, ...]]]


def spans(pattern: re.Pattern[str], text: str) -> Spans:
    return [(match.span(), match.groups()) for match in pattern.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_patterns_starting_with_a_character_set_match_as_word_boundary_forms(text: str) -> None:
    assert spans(_ACRONYM, text) == spans(_PLAIN_ACRONYM, text)
    assert spans(_DEFINED_BEFORE, text) == spans(_PLAIN_DEFINED, text)
    assert spans(_ACRONYM_PLURAL, text) == spans(_PLAIN_PLURAL, text)


def test_the_rewritten_patterns_agree_on_written_cases() -> None:
    text = ("The NEC's and CVs; x3AB (Full Name) and NEC (National Executive) éAB's "
            "AB&CD (Full Name)")
    assert spans(_ACRONYM, text) == spans(_PLAIN_ACRONYM, text) != []
    assert spans(_DEFINED_BEFORE, text) == spans(_PLAIN_DEFINED, text) != []
    assert spans(_ACRONYM_PLURAL, "MPs and NEC's are here") == [((8, 13), ("NEC",))]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZ -*)\n", max_size=30))
def test_the_dash_pre_check_never_rules_out_a_typed_dash(text: str) -> None:
    if _PLAIN_HINT.search(text):
        assert _may_hold_dash(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="he sorandis/()\n", max_size=80))
def test_phrase_lists_find_what_a_plain_scan_of_each_pattern_finds(text: str) -> None:
    """The literal pre-checks (letter runs in the vocabulary) rule out no match."""
    phrases = compiled("inclusive.json", "pronouns")
    lowered = text.lower()
    vocabulary = " ".join(letter_runs_of(lowered))
    fast = [match.span() for match, _ in phrases.finditer(text, lowered, vocabulary)]
    slow = [match.span() for match, _ in phrases.finditer(text, lowered, lowered)]
    assert fast == slow


# Issue 15, round 3: patterns that start with plain letters, the hyphen search, and the
# phrase lists' literals found by one Aho-Corasick pass.

_PLAIN_DATE = re.compile(
    rf"\b(?P<weekday>{DAY_NAMES})\.?,?\s+(?:the\s+)?(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?:of\s+)?(?P<month>{MONTH_NAMES})\.?|(?P<month2>{MONTH_NAMES})\.?\s+(?P<day2>\d{{1,2}})"
    rf"(?:st|nd|rd|th)?)\b(?:,?\s+(?P<year>\d{{4}})\b)?", re.IGNORECASE)
_PLAIN_PRONOUN = re.compile(
    r"(?<![\w'’/(-])(he|she|him|his|her|hers|himself|herself)(?![\w'’/)-])", re.IGNORECASE)
_PLAIN_ARTICLE = re.compile(r"(?<![\w'’-])(a|an|A|An)\s+([A-Za-z][\w'’-]*)")
_PLAIN_MONTH_HINT = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d")
WORDY = st.lists(st.sampled_from(
    ["Monday", "mon", "Tue", "THURS", "thu.", "wed", "sat", "sunday", " ", " ", "\n", ",", ".",
     "3", "21st", "2026", "of", "the", "May", "sept", "March", "he", "She", "HIS", "her", "s",
     "hers", "himself", "/", "(", ")", "-", "'", "’", "a", "A", "an", "An", "n", "x", "_",
     "é", "co", "op", "9"]), max_size=30).map("".join)


def _lower_groups(match: re.Match[str]) -> tuple[tuple[int, int], dict[str, str | None]]:
    return match.span(), {name: value.lower() if value else value
                          for name, value in match.groupdict().items()}


@settings(max_examples=600, deadline=None)
@given(WORDY)
def test_patterns_starting_with_plain_letters_match_as_their_plain_forms(text: str) -> None:
    lowered = text.lower()
    assert [_lower_groups(m) for m in _DATE.finditer(lowered)] == \
        [_lower_groups(m) for m in _PLAIN_DATE.finditer(text)]
    assert [m.span() for m in _PRONOUN.finditer(text)] == \
        [m.span() for m in _PLAIN_PRONOUN.finditer(text)]
    assert [m.span() for m in _PRONOUN.finditer(text, 2)] == \
        [m.span() for m in _PLAIN_PRONOUN.finditer(text, 2)]
    assert spans(_ARTICLE, text) == spans(_PLAIN_ARTICLE, text)
    assert spans(_MONTH_HINT, lowered) == spans(_PLAIN_MONTH_HINT, lowered)
    assert [m.span() for m in _hyphenated(lowered)] == \
        [m.span() for m in _HYPHENATED.finditer(lowered)]


def test_the_plain_letter_patterns_agree_on_written_cases() -> None:
    text = "Interviews on Thurs. 3 March 2026, and on wed 4 sept; s/he and she or he. An MP."
    lowered = text.lower()
    assert [_lower_groups(m) for m in _DATE.finditer(lowered)] == \
        [_lower_groups(m) for m in _PLAIN_DATE.finditer(text)] != []
    assert [m.span() for m in _PRONOUN.finditer(text)] == \
        [m.span() for m in _PLAIN_PRONOUN.finditer(text)] != []
    assert spans(_ARTICLE, text) == spans(_PLAIN_ARTICLE, text) != []
    hyphens = "a co-op, post-holder and -x- or x--y co-op-"
    assert [m.group() for m in _hyphenated(hyphens)] == \
        [m.group() for m in _HYPHENATED.finditer(hyphens)] == ["co-op", "post-holder"]


LITERAL_TEXT = st.lists(st.sampled_from(
    ["he", "she", "/", "(s)he", "or", "chair", "man", "young", "blind", "their", "is",
     "driving licen", "ce", " ", "\n", "-", "a", "s", "your", "welcome", "thought leader",
     "synergy", "energetic", "able", "bodied", "x"]), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(LITERAL_TEXT)
def test_shared_phrase_lists_find_with_the_automaton_what_they_find_without(text: str) -> None:
    lowered = text.lower()
    vocabulary = " ".join(letter_runs_of(lowered))
    positions = literal_positions(lowered)
    for name, key in SHARED_LISTS:
        phrases = compiled(name, key)
        for literals in phrases.literals:
            for literal in literals or ():
                found = [i for i in range(len(lowered)) if lowered.startswith(literal, i)]
                assert positions.get(literal, []) == found
        fast = [(m.span(), e["replacement"]) for m, e in
                phrases.finditer(text, lowered, vocabulary, positions)]
        plain = [(m.span(), e["replacement"]) for m, e in
                 phrases.finditer(text, lowered, vocabulary)]
        assert fast == plain


_PLAIN_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)\]]*(?=\s+[^a-z\s])|\|")
_PLAIN_TOKEN = re.compile(r"(?<![\w'’@/.-])[A-Za-z]+(?:['’][A-Za-z]+)*(?:-[A-Za-z]+(?:['’]"
                          r"[A-Za-z]+)*)*(?![\w@/]|\.\w)")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aB .!?|\"')]’\n\t-@/", max_size=60))
def test_sentence_ends_and_tokens_match_their_lookbehind_forms(text: str) -> None:
    from jdtool.lint.prose import _SENTENCE_END
    from jdtool.lint.spelling import _TOKEN

    # A sentence now ends after its mark: the plain form's match starts just after it.
    ends = [(m.start() + (m.group() != "|"), m.end()) for m in _SENTENCE_END.finditer(text)]
    assert ends == [m.span() for m in _PLAIN_SENTENCE_END.finditer(text)]
    for start in range(len(text) + 1):
        assert [m.span() for m in _TOKEN.finditer(text, start)] == \
            [m.span() for m in _PLAIN_TOKEN.finditer(text, start)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ .İΣσςßﬁ’é\n-", max_size=50))
def test_the_lower_case_prose_in_place_holds_each_sentences_lower_case(text: str) -> None:
    from jdtool.core.documents import parse_document
    from jdtool.lint.correctness import lowered_in_place
    from jdtool.lint.prose import build

    document = parse_document(f"---\nkind: description\n---\n\n{text}\n", Path("post.md"))
    lint = build(document)
    lowered = lowered_in_place(lint)
    if lowered is None:
        return
    for sentence in lint.sentences():
        assert lowered[sentence.start:sentence.end] == sentence.text.lower()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a 09£٣５-", max_size=30))
def test_the_digit_pre_check_never_rules_out_a_digit(text: str) -> None:
    from jdtool.lint.vocabulary import may_hold_digit

    if re.search(r"\d", text):
        assert may_hold_digit(text)
    assert may_hold_digit(text) or not text.isascii() or not any(c.isdigit() for c in text)
