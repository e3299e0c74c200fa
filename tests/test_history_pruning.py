"""Comparing only the changed sections gives the same statistics as comparing whole documents."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jdtool.core.documents import parse_document
from jdtool.core.schema import Meta, from_mapping
from jdtool.diff import compare
from jdtool.history.pruning import SectionParser, SplitText, pruned_pair, split_sections

WORDS = st.sampled_from(["union", "members", "branch", "budget", "report", "staff", "policy"])
BULLET = st.lists(WORDS, min_size=2, max_size=6).map(lambda words: " ".join(words) + ".")
SECTIONS = st.lists(st.tuples(st.sampled_from(["Duties", "Finance", "Staff", "Policy"]),
                              st.lists(BULLET, min_size=1, max_size=4)),
                    min_size=1, max_size=4, unique_by=lambda section: section[0])


def render(sections: list[tuple[str, list[str]]], revised: str) -> str:
    lines = ["---", "kind: description", "title: Organiser", f"revised: {revised}", "---",
             "", "Opening paragraph of the description.", ""]
    for heading, bullets in sections:
        lines += [f"## {heading}", ""] + [f"- {bullet}" for bullet in bullets] + [""]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None)
@given(old=SECTIONS, new=SECTIONS, same_month=st.booleans())
def test_pruned_statistics_equal_whole_document_statistics(
        old: list[tuple[str, list[str]]], new: list[tuple[str, list[str]]],
        same_month: bool) -> None:
    old_text = render(old, "2020-01")
    new_text = render(new, "2020-01" if same_month else "2020-02")
    path = Path("organiser.md")
    whole = compare(parse_document(old_text, path), parse_document(new_text, path))
    before, after = split_sections(old_text), split_sections(new_text)
    if before is None or after is None:
        return  # a repeated line: the caller compares whole documents
    owns = (parse_document(old_text, path).own, parse_document(new_text, path).own)
    assert owns[0] is not None and owns[1] is not None
    pair = pruned_pair(before, after, (owns[0], owns[1]), str(path), SectionParser())
    if pair is None:
        return  # sections reordered or repeated: the caller compares whole documents
    pruned = compare(*pair)
    assert pruned.stats.to_dict() == whole.stats.to_dict()
    assert len(pruned.meta_changes) == len(whole.meta_changes)
    assert pruned.is_empty == whole.is_empty


def test_documents_whose_sections_depend_on_each_other_are_not_split() -> None:
    fenced = "---\nkind: description\n---\n\n## A\n\n```\n## not a heading\n```\n"
    setext = "---\nkind: description\n---\n\nHeading\n-------\n\n## A\n\n- x\n"
    reference = "---\nkind: description\n---\n\n## A\n\n[x]: https://example.org\n"
    for text in (fenced, setext, reference):
        assert split_sections(text) is None
    # A repeated heading, or any repeated line: the engine pairs repeated passages by place.
    assert split_sections("---\nkind: description\n---\n\n## A\n\n- x\n\n## A\n\n- y\n") is None
    assert split_sections("---\nkind: description\n---\n\n## A\n\n- x\n\n## B\n\n- x\n") is None
    repeated = SplitText("---\n---\n", ("## A\n\n- x\n", "## A\n\n- y\n"))
    assert pruned_pair(repeated, repeated, (_meta(), _meta()), "a.md", SectionParser()) is None
    split = split_sections("---\nkind: description\n---\n# Title\n\nIntro.\n\n## A\n\n- x\n")
    assert split is not None and [s.split("\n")[0] for s in split.sections] == ["# Title", "## A"]


def _meta() -> Meta:
    return from_mapping({"kind": "description"})


# The line-start patterns as first written (``^`` in MULTILINE mode): the reference that the
# faster newline-anchored ones must agree with, on lines built to sit at their edges.
_REFERENCE_CROSS = re.compile(
    r"^ {0,3}(?:```|~~~|=+[ \t]*$|-+[ \t]*$|\[[^\]\n]*\]:)", re.MULTILINE)
_REFERENCE_LEVEL_ONE = re.compile(r"^ {0,3}#(?:[ \t]|$)", re.MULTILINE)
_REFERENCE_SECTION = re.compile(r"^## ", re.MULTILINE)
EDGE_LINES = st.sampled_from([
    "## Duties", "# Title", "#", "   # x", "    # code", "#hashtag", "```", "  ~~~", "===",
    "--- ", "-", "- item", "-x", "[x]: /url", "[x] y", "plain text", "", " ", "   ---",
    "    ---", "#\t", "\t#", "## ", "##", "### Sub"])


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(EDGE_LINES, max_size=8), final_newline=st.booleans())
def test_split_sections_agrees_with_the_line_start_patterns(lines: list[str],
                                                            final_newline: bool) -> None:
    body = "\n".join(lines) + ("\n" if final_newline else "")
    split = split_sections("---\nkind: description\n---\n" + body)
    levels = [match.start() for match in _REFERENCE_LEVEL_ONE.finditer(body)]
    filled = [line for line in body.split("\n") if line.strip()]
    depends = bool(_REFERENCE_CROSS.search(body)) or len(levels) > 1 or \
        bool(levels and body[:levels[0]].strip()) or len(set(filled)) != len(filled)
    assert (split is None) == depends
    if split is not None:
        cuts = [match.start() for match in _REFERENCE_SECTION.finditer(body)]
        assert [section.rstrip("\n") for section in split.sections] == [
            body[start:end].rstrip("\n") for start, end in itertools.pairwise(
                [0, *cuts, len(body)] if not cuts or cuts[0] else [*cuts, len(body)])]


def _edited(sections: list[tuple[str, list[str]]], edits: list[tuple[int, int, int, int]]
            ) -> list[tuple[str, list[str]]]:
    """``sections`` after a few of the edits a revision makes: a passage reworded, added,
    removed, or moved to another section (often past unchanged ones)."""
    result = [(heading, list(bullets)) for heading, bullets in sections]
    for number, (kind, source, target, index) in enumerate(edits):
        bullets = result[source % len(result)][1]
        at = index % (len(bullets) + 1)
        if kind == 0 and bullets:
            bullets[at % len(bullets)] += " Revised."
        elif kind == 1:
            bullets.insert(at, f"New duty {number}.")
        elif kind == 2 and len(bullets) > 1:
            bullets.pop(at % len(bullets))
        elif kind == 3 and len(bullets) > 1:
            moved = bullets.pop(at % len(bullets))
            result[target % len(result)][1].insert(index % 3, moved)
    return result


EDITS = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 5), st.integers(0, 5),
                           st.integers(0, 9)), min_size=1, max_size=3)
LONG = st.lists(st.lists(BULLET, min_size=2, max_size=4), min_size=3, max_size=6).map(
    lambda sections: [(f"Duties {n}", [f"{bullet} ({n}.{i})" for i, bullet in enumerate(bullets)])
                      for n, bullets in enumerate(sections)])
"""Sections of distinct passages (a repeated line makes the log compare whole documents)."""


@settings(max_examples=150, deadline=None)
@given(old=LONG, edits=EDITS)
def test_pruned_words_and_figures_equal_the_whole_comparison_across_unchanged_sections(
        old: list[tuple[str, list[str]]], edits: list[tuple[int, int, int, int]]) -> None:
    """A revision's edits, moves past unchanged sections among them: the pruned comparison
    says what the whole one says, in figures and in words."""
    from jdtool.diff.wording import changes_in_words

    old_text, new_text = render(old, "2020-01"), render(_edited(old, edits), "2020-02")
    path = Path("organiser.md")
    whole = compare(parse_document(old_text, path), parse_document(new_text, path))
    before, after = split_sections(old_text), split_sections(new_text)
    assert before is not None and after is not None
    owns = (parse_document(old_text, path).own, parse_document(new_text, path).own)
    assert owns[0] is not None and owns[1] is not None
    pair = pruned_pair(before, after, (owns[0], owns[1]), str(path), SectionParser())
    assert pair is not None  # no section moved or repeated
    pruned = compare(*pair)
    assert pruned.stats.to_dict() == whole.stats.to_dict()
    assert changes_in_words(pruned) == changes_in_words(whole)
