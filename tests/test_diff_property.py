"""Property tests: the JSON ops rebuild both documents exactly, over random edits.

Also (issue 12): every word the new text gained is in an ``insert`` op, no block with
unchanged text and aligned neighbours is called moved, and heading edits alone (renamed,
recased, re-levelled, inserted headings) leave every block unchanged.

Documents are generated as sections of bullets, numbered items and paragraphs; edits insert,
delete, reword, move across sections, reorder and renumber. Whatever the edits, sorting the
JSON changes by ``old_index`` / ``new_index`` and joining their ops must give back every block
text of each side, and a document compared with itself (or a reflow of itself) is empty.
"""

from __future__ import annotations

import json
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import LCSseq

from jdtool.diff import compare
from jdtool.diff.formats import RenderOptions
from jdtool.diff.words import comparison_key
from jdtool.diff_formats import FORMATS
from tests.diff_helpers import document, invented_moves, unshown_insertions

WORDS = ["branch", "members", "the", "the", "and", "report", "committee", "pay", "union's",
         "ballot", "year-long", "meeting", ",", ".", "of", "to", "each", "claim", "“quoted”"]

Sentence = list[str]
Blocks = list[tuple[str, Sentence]]
Doc = list[tuple[str, Blocks]]

sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14)
blocks = st.lists(st.tuples(st.sampled_from(["bullet", "numbered", "paragraph"]), sentences),
                  max_size=6)
documents = st.lists(st.tuples(st.sampled_from(["Duties", "Pay", "Members", "Other"]), blocks),
                     min_size=1, max_size=4)


def text_of(sentence: Sentence, wrap: bool = False) -> str:
    words = list(sentence)
    if words[0] in (",", "."):
        words[0] = "note"
    return ("\n" if wrap else " ").join(words)


def render(doc: Doc, *, wrap: bool = False, start: int = 1) -> str:
    out = []
    for heading, items in doc:
        out.append(f"## {heading}\n")
        previous = ""
        number = start
        for kind, sentence in items:
            text = text_of(sentence, wrap)
            if kind != previous and previous:
                out.append("")
            if kind == "bullet":
                out.append(f"- {text}")
            elif kind == "numbered":
                out.append(f"{number}. {text}")
                number += 1
            else:
                out.append(f"{text}\n")
                kind = ""
            previous = kind
        out.append("")
    return "\n".join(out) + "\n"


@st.composite
def edited(draw: st.DrawFn) -> tuple[Doc, Doc, int]:
    old = draw(documents)
    new = [(heading, list(items)) for heading, items in old]
    for _ in range(draw(st.integers(0, 6))):
        section = draw(st.integers(0, len(new) - 1))
        items = new[section][1]
        action = draw(st.sampled_from(["insert", "delete", "reword", "move", "reorder"]))
        if action == "insert" or not items:
            items.insert(draw(st.integers(0, len(items))),
                         (draw(st.sampled_from(["bullet", "paragraph"])), draw(sentences)))
        elif action == "delete":
            items.pop(draw(st.integers(0, len(items) - 1)))
        elif action == "reword":
            index = draw(st.integers(0, len(items) - 1))
            kind, words = items[index]
            words = list(words)
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
            items[index] = (kind, words)
        else:
            item = items.pop(draw(st.integers(0, len(items) - 1)))
            target = new[draw(st.integers(0, len(new) - 1))][1] if action == "move" else items
            target.insert(draw(st.integers(0, len(target))), item)
    return old, new, draw(st.integers(1, 3))


def rebuilt(data: dict[str, object], side: str) -> list[str]:
    changes = [c for c in data["changes"] if c[side] is not None]  # type: ignore[attr-defined]
    changes.sort(key=lambda c: c[f"{side}_index"])
    skip = "insert" if side == "old" else "delete"
    return ["".join(text for op, text in c["words"] if op != skip) for c in changes]


@settings(max_examples=60, deadline=None)
@given(edited(), st.booleans())
def test_json_ops_rebuild_both_documents(case: tuple[Doc, Doc, int], ignore_quotes: bool) -> None:
    old_doc, new_doc, start = case
    old = document(render(old_doc))
    new = document(render(new_doc, start=start))
    diff = compare(old, new, ignore_quotes=ignore_quotes)
    data = json.loads(FORMATS["json"](diff, RenderOptions("t", "old", "new")))
    assert data["schema_version"] == 2
    assert rebuilt(data, "old") == [block.text for _, block in old.blocks()]
    assert rebuilt(data, "new") == [block.text for _, block in new.blocks()]
    if old_doc == new_doc:
        assert diff.is_empty


@settings(max_examples=30, deadline=None)
@given(documents)
def test_a_document_against_itself_or_its_reflow_is_empty(doc: Doc) -> None:
    old = document(render(doc))
    assert compare(old, old).is_empty
    assert compare(old, document(render(doc, wrap=True))).is_empty


@settings(max_examples=60, deadline=None)
@given(edited(), st.booleans())
def test_inserted_words_are_shown_and_no_move_is_invented(case: tuple[Doc, Doc, int],
                                                          ignore_quotes: bool) -> None:
    old_doc, new_doc, start = case
    old, new = document(render(old_doc)), document(render(new_doc, start=start))
    data = json.loads(FORMATS["json"](compare(old, new, ignore_quotes=ignore_quotes),
                                      RenderOptions("t", "old", "new")))
    old_texts = [block.text for _, block in old.blocks()]
    new_texts = [block.text for _, block in new.blocks()]
    if not ignore_quotes:
        assert not unshown_insertions(data, old_texts, new_texts)
    assert invented_moves(data) == []


@st.composite
def heading_edits(draw: st.DrawFn) -> tuple[str, str]:
    """A document and the same blocks under edited headings: renamed, recased, re-levelled,
    or a new heading inserted between two blocks."""
    doc = draw(documents)
    old_lines, new_lines = [], []
    for number, (heading, items) in enumerate(doc):
        body = render([("x", items)]).split("\n", 1)[1]
        old_lines.append(f"## {heading} {number}\n{body}")
        edit = draw(st.sampled_from(["keep", "rename", "case", "level", "insert"]))
        title = {"rename": f"Renamed part {number}", "case": f"{heading.upper()} {number}"}.get(
            edit, f"{heading} {number}")
        level = "###" if edit == "level" and number else "##"
        if edit == "insert" and len(items) > 1:
            cut = draw(st.integers(1, len(items) - 1))
            first = render([("x", items[:cut])]).split("\n", 1)[1]
            rest = render([("x", items[cut:])]).split("\n", 1)[1]
            body = f"{first}\n### Inserted heading {number}\n{rest}"
        new_lines.append(f"{level} {title}\n{body}")
    return "\n".join(old_lines), "\n".join(new_lines)


@settings(max_examples=60, deadline=None)
@given(heading_edits())
def test_heading_edits_alone_move_no_block(case: tuple[str, str]) -> None:
    old_text, new_text = case
    diff = compare(document(old_text), document(new_text))
    assert all(change.kind == "unchanged" for change in diff.changes), \
        [(c.kind, c.old_section, c.new_section) for c in diff.changes if c.kind != "unchanged"]


@settings(max_examples=60, deadline=None)
@given(edited())
def test_blocks_kept_in_order_are_never_moved(case: tuple[Doc, Doc, int]) -> None:
    """When every block the two sides share keeps its order, no unchanged text is moved."""
    old_doc, new_doc, start = case
    old, new = document(render(old_doc)), document(render(new_doc, start=start))
    before = [comparison_key(block.text) for _, block in old.blocks()]
    after = [comparison_key(block.text) for _, block in new.blocks()]
    if LCSseq.similarity(before, after) != sum((Counter(before) & Counter(after)).values()):
        return
    diff = compare(old, new)
    assert not [c for c in diff.changes if c.kind == "moved" and c.old is not None
                and c.new is not None and c.old.text == c.new.text]
