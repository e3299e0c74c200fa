"""Lint rules on small documents: exact positions, what the prose view hides, suppression
comments, equality-section exemption and the gender-coded word lists."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from jdtool.core.documents import parse_document
from jdtool.lint.config import Settings, load_config
from jdtool.lint.engine import lint_document
from jdtool.lint.inclusive import _classifier
from jdtool.lint.prose import build
from jdtool.lint.readability import measure, syllables

HEAD = "---\nkind: description\ntitle: Test Post\nstatus: draft\n---\n\n"


def findings(body: str, **options: object) -> list[tuple[str, int, int]]:
    document = parse_document(HEAD + body, Path("post.md"))
    options.setdefault("disable", ["structure"])
    config = load_config(None, today="2026-11-25", **options)
    return [(f.rule, f.line, f.column)
            for f in lint_document(document, None, config.for_path(Path("post.md")))]


def rules(body: str, **options: object) -> list[str]:
    return [rule for rule, _, _ in findings(body, **options)]


def test_positions_point_at_the_word_in_the_source() -> None:
    body = "## Job purpose\n\nThe post reports to the **chairman** of the board.\n"
    assert ("JD202", 9, 27) in findings(body)
    table = "## Duties\n\n| Task | When |\n|---|---|\n| Brief the chairman | Monday |\n"
    assert ("JD202", 11, 13) in findings(table)
    nested = "## Key tasks\n\n- Lead the team\n  - Help plan the manpower for events\n"
    assert ("JD202", 10, 19) in findings(nested)


def test_links_code_and_comments_are_not_prose() -> None:
    body = ("## Job purpose\n\nSee [the guide](https://example.org/chairman-manpower) and "
            "`the the` <!-- he or she --> for details.\n")
    assert rules(body) == []


def test_a_word_repeated_across_blocks_is_not_a_repeat() -> None:
    assert "JD403" not in rules("## Interviews\n\nInterviews are held in May.\n")
    assert "JD403" in rules("## Job purpose\n\nWe ask that the\nthe panel meets twice.\n")


def test_suppression_comments() -> None:
    body = ("## Job purpose\n\n<!-- jdtool-disable JD202 -->\n\nAsk the chairman.\n\n"
            "<!-- jdtool-enable JD202 -->\n\nAsk the chairman again.\n\n"
            "<!-- jdtool-disable-next-line -->\nPlan the manpower.\n\nPlan the manpower.\n")
    assert [line for rule, line, _ in findings(body) if rule == "JD202"] == [15, 20]


def test_equality_sections_are_exempt_from_inclusive_rules() -> None:
    body = ("## Equal opportunities\n\nWe welcome older workers and young graduates, and "
            "we guarantee an interview to disabled candidates.\n")
    assert not {"JD205", "JD201", "JD202"} & set(rules(body))
    assert "JD205" in rules(body.replace("## Equal opportunities", "## About you"))


def test_gender_coded_stems_respect_the_exception_list() -> None:
    decoder = _classifier("gender-decoder")
    assert decoder("responsibilities") is None  # gender-decoder's prefix match says feminine
    assert decoder("responsive") == "feminine"
    assert decoder("committee") is None
    assert decoder("commitment") == "feminine"
    assert decoder("competent") is None
    assert decoder("competitive") == "masculine"
    assert decoder("confidential") is None
    assert decoder("objectives") is None
    assert decoder("self-reliant") == "masculine"
    gaucher = _classifier("gaucher")
    assert gaucher("collaborative") is None  # only in gender-decoder's list
    assert gaucher("decisive") == "masculine"


def test_gender_verdict_names_the_list_and_density() -> None:
    body = ("## Job purpose\n\nAn ambitious, competitive and fearless leader who will dominate "
            "the market, lead decisively and challenge every rival.\n")
    document = parse_document(HEAD + body, Path("post.md"))
    settings_ = load_config(None, **{"gender-lists": "gaucher"}).for_path(Path("post.md"))
    verdicts = [f for f in lint_document(document, None, settings_) if f.rule == "JD203"]
    assert len(verdicts) == 1
    assert "strongly masculine-coded" in verdicts[0].message
    assert "Gaucher" in verdicts[0].message and "per 100" in verdicts[0].message


def test_readability_scores_follow_the_formulas() -> None:
    scores = measure([["The", "cat", "sat", "on", "the", "mat"]])
    assert scores.words == 6 and scores.sentences == 1 and scores.syllables == 6
    assert round(scores.reading_ease, 1) == round(206.835 - 1.015 * 6 - 84.6, 1)
    assert syllables("organisation") == 5
    assert syllables("table") == 2
    assert syllables("post-holder") == 3


def test_rules_can_be_disabled_by_id_name_or_category() -> None:
    body = "## Job purpose\n\nAsk the chairman about manpower.\n"
    assert "JD202" not in rules(body, disable=["JD202"])
    assert "JD202" not in rules(body, disable=["gendered-term"])
    assert "JD202" not in rules(body, disable=["inclusive"])
    assert "JD204" in rules("## Job purpose\n\nLead the team.\n", enable=["JD204"])


_PIECES = st.sampled_from([
    "plain words", "**bold**", "_italic_", "`code`", "[a link](https://x.org/a)",
    "chairman", "he or she", " , ", "the the", "<!-- note -->", "£30,000", "s/he", "e.g.",
    "o ", "•", "3 year", "\n", "it's", "Tuesday 16 May 2018",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_PIECES, min_size=1, max_size=8), min_size=1, max_size=4))
def test_prose_letters_map_back_to_the_same_source_letters(paragraphs: list[list[str]]) -> None:
    body = "## Section\n\n" + "\n\n".join("- " + " ".join(p) for p in paragraphs) + "\n"
    document = parse_document(HEAD + body, Path("post.md"))
    lint = build(document)
    for index, character in enumerate(lint.prose):
        if character.isalpha() and character != "x":
            assert lint.source[lint.source_offset(index)] == character
    for finding in lint_document(document, None, Settings()):
        assert 1 <= finding.line <= document.source.count("\n") + 1
        assert finding.column >= 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_PIECES, min_size=1, max_size=8), min_size=1, max_size=4))
@example([["•", "\n", "o ", "plain words"]])  # a glyph line, then a line starting with "o "
def test_fixes_keep_the_structure_and_leave_nothing_to_fix(paragraphs: list[list[str]]) -> None:
    from jdtool.lint.fix import apply_edits

    body = "## Section\n\n" + "\n\n".join("- " + " ".join(p) for p in paragraphs) + "\n"
    document = parse_document(HEAD + body, Path("post.md"))
    found = lint_document(document, None, Settings())
    fixed_text, _ = apply_edits(document.source, [f.edit for f in found if f.edit])
    fixed = parse_document(fixed_text, Path("post.md"))
    assert [b.kind for _, b in fixed.blocks()] == [b.kind for _, b in document.blocks()]
    again = lint_document(fixed, None, Settings())
    assert not [f for f in again if f.edit is not None]


def test_fixing_a_glyph_alone_on_its_line_keeps_the_item_text_in_the_list() -> None:
    from jdtool.lint.fix import apply_edits

    document = parse_document(HEAD + "## Section\n\n- •\n plain words\n", Path("post.md"))
    found = lint_document(document, None, Settings())
    fixed_text, _ = apply_edits(document.source, [f.edit for f in found if f.edit])
    assert fixed_text.endswith("## Section\n\n- plain words\n")
