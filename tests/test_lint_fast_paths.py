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
from jdtool.lint.grammar import _AGREEMENT_LIST, _ARTICLE, _MISSING
from jdtool.lint.inclusive import _PRONOUN
from jdtool.lint.structure import _ACRONYM, _DATE, _DEFINED_BEFORE, DAY_NAMES, MONTH_NAMES
from jdtool.lint.typography import _may_hold_dash
from jdtool.lint.vocabulary import (
    _SHARED_IN_CODE,
    SHARED_LISTS,
    compiled,
    letter_runs_of,
    literal_positions,
)

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
     "synergy", "energetic", "able", "bodied", "x", "post-holder", "have", "they", "was",
     "must", "responsible", "the", "candidates", "as well", "need", "work"]),
    max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(LITERAL_TEXT)
def test_shared_phrase_lists_find_with_the_automaton_what_they_find_without(text: str) -> None:
    lowered = text.lower()
    vocabulary = " ".join(letter_runs_of(lowered))
    positions = literal_positions(lowered)
    for phrases in [compiled(name, key) for name, key in SHARED_LISTS] + _SHARED_IN_CODE:
        for literals in phrases.literals:
            for literal in literals or ():
                found = [i for i in range(len(lowered)) if lowered.startswith(literal, i)]
                assert positions.get(literal, []) == found
        fast = [(m.span(), e["replacement"]) for m, e in
                phrases.finditer(text, lowered, vocabulary, positions)]
        plain = [(m.span(), e["replacement"]) for m, e in
                 phrases.finditer(text, lowered, vocabulary)]
        assert fast == plain


def test_the_grammar_lists_are_shared_and_found_on_written_cases() -> None:
    assert _AGREEMENT_LIST in _SHARED_IN_CODE and _MISSING in _SHARED_IN_CODE
    text = "the post-holder have the keys; they was there; you must responsible the team"
    positions = literal_positions(text)
    for phrases in (_AGREEMENT_LIST, _MISSING):
        assert [m.span() for m, _ in phrases.finditer(text, text, text, positions)] == \
            [m.span() for m, _ in phrases.finditer(text, text, text)] != []


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


# Issue 15, round 5: the prose view searched in place, markers at line starts, lazily
# compiled phrase patterns found from their literals, and the listed variants by one set
# intersection.

MARKDOWN = st.lists(st.sampled_from(
    ["- ", "* ", "1. ", "# ", "> ", "  ", "\n", "\t", "a", "Word", "_", "*", "`", "[", "]",
     "(", ")", "<!-- c -->", "https://x.org", "www.", "@", "b@x.org", "\\", "~~", "!", "é",
     ".", "-"]), max_size=30).map("".join)


def _in_place(pattern: re.Pattern[str], source: str, begin: int, finish: int) -> Spans:
    return [((m.start() - begin, m.end() - begin), (m.lastgroup,))
            for m in pattern.finditer(source, begin, finish)]


def _line_starts(text: str) -> list[int]:
    return [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]


@settings(max_examples=500, deadline=None)
@given(MARKDOWN, MARKDOWN, MARKDOWN)
def test_a_block_searched_in_place_matches_as_the_block_alone(before: str, block: str,
                                                             after: str) -> None:
    from jdtool.lint.prose import _MARKER, _MARKUP, _MARKUP_BUT_EMAIL, _markers

    source = f"{before}\n{block}\n{after}"
    begin, finish = len(before) + 1, len(before) + len(block) + 2
    alone = source[begin:finish]
    assert _in_place(_MARKUP, source, begin, finish) == _in_place(_MARKUP, alone, 0, len(alone))
    markers = [(m.span(), m.group()) for m in _MARKER.finditer(alone)]
    assert [((m.start() - begin, m.end() - begin), m.group())
            for m in _markers(source, begin, finish)] == markers
    if "@" not in alone:
        assert _in_place(_MARKUP_BUT_EMAIL, source, begin, finish) == \
            _in_place(_MARKUP, alone, 0, len(alone))


def test_markers_and_addresses_on_written_cases() -> None:
    from jdtool.lint.prose import _MARKER, _markers

    text = "- one\n  2. two\n# three\nno marker - here\n> four"
    assert [m.group() for m in _markers(text, 0, len(text))] == \
        [m.group() for m in _MARKER.finditer(text)] == ["- ", "  2. ", "# ", "> "]
    assert [m.group() for m in _markers(text, 6, 15)] == ["  2. "]


def _plain_sentences(prose: str, segment: object) -> list[tuple[int, int, str]]:
    """The sentence split as it was: the segment's text copied, then searched."""
    from jdtool.lint.prose import _SENTENCE_END, WORD, _is_abbreviation

    start, end_of = segment.start, segment.end  # type: ignore[attr-defined]
    text = prose[start:end_of]
    found = []

    def add(first: int, last: int) -> None:
        raw = prose[first:last].rstrip("| \n\t")
        stripped = raw.lstrip("| \n\t")
        if WORD.search(stripped):
            offset = first + len(raw) - len(stripped)
            found.append((offset, offset + len(stripped), stripped))

    for match in _SENTENCE_END.finditer(text):
        stop = segment.start + match.end()  # type: ignore[attr-defined]
        mark = text[match.start()]
        end = segment.start + match.start() + (mark != "|")  # type: ignore[attr-defined]
        if mark == "." and _is_abbreviation(prose, end):
            continue
        add(start, stop)
        start = stop
    add(start, end_of)
    return found


SENTENCES = st.lists(st.sampled_from(
    ["Word", "word", " ", ".", "!", "?", "|", "\"", "'", ")", "e.g.", "etc.", "No.", "\n",
     "Mr.", "x"]), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(SENTENCES, SENTENCES)
def test_sentences_searched_in_place_are_the_sentences_of_each_block_alone(
        first: str, second: str) -> None:
    from jdtool.core.documents import parse_document
    from jdtool.lint.prose import build

    document = parse_document(f"---\nkind: description\n---\n\n- {first}\n- {second}\n",
                              Path("post.md"))
    lint = build(document)
    expected = [s for segment in lint.block_segments()
                for s in _plain_sentences(lint.prose, segment)]
    assert [(s.start, s.end, s.text) for s in lint.sentences()] == expected


def test_phrase_patterns_are_compiled_only_when_a_text_calls_for_them() -> None:
    from jdtool.lint.vocabulary import phrase_list

    phrases = phrase_list([{"pattern": r"\bchairman\b", "replacement": "chair"},
                           {"pattern": r"\bforeman\b", "replacement": "supervisor"}])
    assert phrases.users == {"chairman": (0,), "foreman": (1,)}
    assert phrases.unanchored == ()
    lowered = "the chairman spoke"
    found = phrases.finditer(lowered, lowered, lowered, {"chairman": [4]})
    assert [match.group() for match, _ in found] == ["chairman"]
    assert phrases._patterns[1] is None  # never needed: never compiled
    assert phrases.pattern(0).pattern == phrases.sources[0]


VARIANT_TEXT = st.lists(st.sampled_from(
    ["organisation", "organization", "post-holder", "postholder", "e-mail", "email", " ",
     "-", "co", "ordinate", "centre", "center", "x", "\n"]), max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(VARIANT_TEXT)
def test_the_listed_variants_present_are_those_a_look_up_of_each_finds(text: str) -> None:
    from jdtool.core.documents import parse_document
    from jdtool.lint.correctness import _present, _variants
    from jdtool.lint.prose import build

    lint = build(parse_document(f"---\nkind: description\n---\n\n{text or 'x'}\n",
                                Path("post.md")))
    groups = _variants()
    plain = [v for v in groups if (v in lint.letter_runs if v.isalpha() and v.isascii()
                                   else v in lint.lowered)]
    assert _present(groups, lint) == plain


def test_the_listed_variants_present_on_a_written_case() -> None:
    from jdtool.core.documents import parse_document
    from jdtool.lint.correctness import _present, _variants
    from jdtool.lint.prose import build

    lint = build(parse_document("---\nkind: description\n---\n\nThe post-holder will "
                                "co-ordinate the email, online.\n", Path("post.md")))
    present = _present(_variants(), lint)
    assert {"post-holder", "co-ordinate", "email", "online"} <= set(present)
    order = list(_variants())
    assert present == sorted(present, key=order.index)


CODED_WORDS = st.lists(st.sampled_from(
    ["lead", "leader", "leading", "ambitious", "ambition", "assertive", "support", "supportive",
     "collaborate", "compassion", "decisive", "driven", "the", "team", "analytical", "warm",
     "competitive", "understand", "yield", "force", "forceful", "child", "children"]),
    max_size=40)


@settings(max_examples=300, deadline=None)
@given(CODED_WORDS, CODED_WORDS)
def test_coded_words_are_counted_as_a_look_up_of_every_word_counts_them(
        seen: list[str], words: list[str]) -> None:
    from collections import Counter

    from jdtool.lint.inclusive import _Classifier, _coded_counts

    for lists in ("gender-decoder", "gaucher", "both"):
        classify = _Classifier(lists)
        for word in seen:  # a classifier that has seen some words in earlier documents
            classify(word)
        counts = Counter(words)
        plain = _Classifier(lists)
        masculine: Counter[str] = Counter()
        feminine: Counter[str] = Counter()
        for word, count in counts.items():
            coding = None if word.startswith("lead") else plain(word)
            if coding == "masculine":
                masculine[word] = count
            elif coding == "feminine":
                feminine[word] = count
        fast = _coded_counts(counts, classify)
        assert [list(c.items()) for c in fast] == [list(masculine.items()),
                                                   list(feminine.items())]


def test_coded_words_on_a_written_case() -> None:
    from collections import Counter

    from jdtool.lint.inclusive import _Classifier, _coded_counts

    words = Counter(["ambitious", "support", "leader", "driven", "warm", "the", "driven"])
    masculine, feminine = _coded_counts(words, _Classifier("gender-decoder"))
    assert list(masculine.items()) == [("ambitious", 1), ("driven", 2)]
    assert list(feminine.items()) == [("support", 1), ("warm", 1)]
