"""The body parser: sections, blocks, numbered paragraphs, bullets, tables, criteria, spans."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jdtool.core.documents import parse_document
from jdtool.core.markdown import plain_text
from jdtool.core.model import BlockKind, Importance

DOC = """\
---
kind: person-spec
title: Head of Policy
---

# Head of Policy

Opening paragraph with **bold** and a [link](https://example.org).

## Purpose

1. First numbered paragraph.
2. Second numbered
   paragraph, wrapped.

2.1 A sub-numbered paragraph.

## Duties

- Lead the team.
  - Coach new staff.
  - Plan the rota.
- Manage the budget.

### Finance

| Item | Amount |
|---|---|
| Budget | £1m |

## Experience

| Criterion | Essential/Desirable | Assessed by |
|---|---|---|
| Leading a team of ten | Essential | Application, Interview |
| Managing a budget | D | A, I, T |

> A quoted note.
"""


def parse(text: str = DOC):  # type: ignore[no-untyped-def]
    return parse_document(text, Path("doc.md"))


def test_title_and_sections_nest_by_level() -> None:
    document = parse()
    assert document.title == "Head of Policy"
    headings = [(s.heading, s.level) for s in document.sections()]
    assert headings == [("Purpose", 2), ("Duties", 2), ("Finance", 3), ("Experience", 2)]
    duties = document.body.children[1]
    assert [c.heading for c in duties.children] == ["Finance"]
    assert document.body.blocks[0].text == "Opening paragraph with bold and a link."


def test_numbered_paragraphs_keep_their_numbers_and_lines() -> None:
    purpose = parse().body.children[0]
    numbered = [(b.kind, b.number, b.text, b.span.start, b.span.end) for b in purpose.blocks]
    assert numbered == [
        (BlockKind.NUMBERED, "1", "First numbered paragraph.", 12, 12),
        (BlockKind.NUMBERED, "2", "Second numbered paragraph, wrapped.", 13, 14),
        (BlockKind.NUMBERED, "2.1", "A sub-numbered paragraph.", 16, 16),
    ]


def test_bullets_nest_with_depth_and_share_a_group() -> None:
    duties = parse().body.children[1]
    bullets = [(b.text, b.depth) for b in duties.blocks]
    assert bullets == [("Lead the team.", 0), ("Coach new staff.", 1), ("Plan the rota.", 1),
                       ("Manage the budget.", 0)]
    assert duties.blocks[0].group == duties.blocks[3].group != duties.blocks[1].group


def test_plain_tables_become_rows() -> None:
    finance = parse().body.children[1].children[0]
    rows = [(b.kind, b.cells, b.header) for b in finance.blocks]
    assert rows == [(BlockKind.ROW, ("Item", "Amount"), True),
                    (BlockKind.ROW, ("Budget", "£1m"), False)]


def test_criteria_tables_become_criteria() -> None:
    document = parse()
    criteria = document.criteria()
    assert [(c.group, c.text, c.importance, c.assessed_by) for c in criteria] == [
        ("Experience", "Leading a team of ten", Importance.ESSENTIAL,
         ("application", "interview")),
        ("Experience", "Managing a budget", Importance.DESIRABLE,
         ("application", "interview", "test")),
    ]
    spans = [b.span.start for _, b in document.blocks() if b.kind is BlockKind.CRITERION]
    assert spans == [35, 36]
    assert not document.problems


def test_bad_criteria_are_reported_on_their_line() -> None:
    text = DOC.replace("| Essential | Application, Interview |", "| Maybe | Intervew |")
    problems = parse(text).problems
    assert [(p.line, p.code) for p in problems] == [(35, "JD012"), (35, "JD012")]
    assert "must be Essential or Desirable" in problems[0].message
    assert "did you mean 'interview'" in problems[1].message


def test_section_spans_cover_their_content() -> None:
    sections = {s.heading: s.span for s in parse().sections()}
    assert sections["Purpose"].start == 10 and sections["Purpose"].end == 17
    assert sections["Experience"].end >= 38


def test_quote_block() -> None:
    last = parse().body.children[-1].blocks[-1]
    assert (last.kind, last.text) == (BlockKind.QUOTE, "A quoted note.")


def test_plain_text_strips_markup_and_folds_space() -> None:
    assert plain_text("A *very*   `good`\nday &amp; night \\*") == "A very good day & night *"
    assert plain_text("plain   text\n here") == "plain text here"


def test_raw_html_is_kept_as_text_not_markup() -> None:
    document = parse("---\nkind: brief\n---\n\n<script>alert(1)</script> hello\n")
    assert document.body.blocks[0].text == "<script>alert(1)</script> hello"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_parser_never_crashes_on_arbitrary_text(text: str) -> None:
    document = parse_document(text, Path("any.md"))
    for _, block in document.blocks():
        assert block.span.start <= block.span.end


def test_parser_never_crashes_on_random_markdown_soup() -> None:
    rng = random.Random(7)
    pieces = ["---\nkind: brief\n---\n", "## H\n", "- x\n", "  - y\n", "1. z\n", "| a | b |\n",
              "|---|---|\n", "> q\n", "\n", "```\ncode\n", "| Criterion | Essential/Desirable "
              "| Assessed by |\n", "text *em* [l](javascript:x)\n", "\t\tindent\n"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        parse_document(text, Path("soup.md"))


def test_repeated_headings_get_numbered_anchors_in_linear_time() -> None:
    import time

    body = "## Duties\n\n## Duties\n\n## Duties 2\n\n## Duties\n\n" + "## Same\n\n" * 20_000
    started = time.perf_counter()
    document = parse_document("---\nkind: description\n---\n\n" + body, Path("x.md"))
    anchors = [section.anchor for section in document.body.children]
    assert anchors[:4] == ["duties", "duties-2", "duties-2-2", "duties-3"]
    assert anchors[-1] == "same-20000" and len(set(anchors)) == len(anchors)
    assert time.perf_counter() - started < 20  # was minutes: every heading tried 2, 3, ...
