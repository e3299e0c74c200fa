"""The lint rules' fast paths find exactly what the plain patterns they replace find.

Speed work on lint (issue 15) must not change a single finding: each pre-check or rewritten
pattern is compared with the obvious form on generated text full of the characters that
decide word boundaries.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jdtool.lint.correctness import _ACRONYM_PLURAL
from jdtool.lint.structure import _ACRONYM, _DEFINED_BEFORE
from jdtool.lint.typography import _may_hold_dash
from jdtool.lint.vocabulary import compiled, letter_runs_of

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
