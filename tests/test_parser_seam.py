"""The parser seam: markdown-it-pyrs' block tree and markdown-it-py's tokens give one model.

``jdtool.core.parser`` builds the document model from the Rust parser; the oracle in
``reference_parser.py`` builds it from markdown-it-py with the same rules. They must agree on
every section, block, span, criterion and problem: on the example posts, the test fixtures, the
real corpus when it is present, and on generated Markdown.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jdtool.core.frontmatter import split
from jdtool.core.parser import parse_body
from jdtool.core.problems import JdtoolError
from tests import reference_parser
from tests.real_material import SHARED

ROOT = Path(__file__).resolve().parent.parent
PATH = Path("doc.md")


def assert_same_model(body: str, first_line: int = 1) -> None:
    ours = parse_body(body, PATH, first_line)
    reference = reference_parser.parse_body(body, PATH, first_line)
    assert ours[1] == reference[1], "title"
    assert ours[2] == reference[2], "problems"
    assert ours[0].to_dict() == reference[0].to_dict()
    assert ours[0] == reference[0]


def _markdown_files() -> list[Path]:
    files = sorted((ROOT / "posts").rglob("*.md")) + sorted((ROOT / "tests").rglob("*.md"))
    if SHARED is not None:
        files += sorted(SHARED.rglob("*.md"))
    return files


def test_same_model_on_every_markdown_file_at_hand() -> None:
    files = _markdown_files()
    assert len(files) >= 5
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            _, body, first_line = split(text, path)
        except JdtoolError:  # no front matter, or broken: compare the whole text
            body, first_line = text, 1
        assert_same_model(body, first_line)


WORD = st.sampled_from(["the", "post", "Lead", "*team*", "**budget**", "`code`", "[link](/x)",
                        "é", "naïve", "\\*", "&amp;", "1.2", "a|b", "<b>", "#", "-", "2."])
LINE = st.lists(WORD, min_size=1, max_size=8).map(" ".join)
TEXT = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
CELL = st.lists(st.sampled_from(["x", "Essential", "D", "Interview, test", "a \\| b", "`c`", ""]),
                min_size=1, max_size=2).map(" ".join)


@st.composite
def _list(draw: st.DrawFn, depth: int = 0) -> str:
    ordered = draw(st.booleans())
    start = draw(st.integers(1, 12)) if ordered else 0
    marker = draw(st.sampled_from([".", ")"])) if ordered else draw(st.sampled_from("-*+"))
    items = []
    for number in range(draw(st.integers(1, 4))):
        bullet = f"{start + number}{marker} " if ordered else f"{marker} "
        pad = " " * len(bullet)
        item = bullet + ("\n" + pad).join(draw(TEXT).split("\n"))
        if depth < 2 and draw(st.integers(0, 3)) == 0:
            nested = draw(_list(depth + 1))
            item += "\n" + "\n".join(pad + line if line else "" for line in nested.split("\n"))
        if draw(st.integers(0, 4)) == 0:
            item += "\n\n" + pad + draw(LINE)
        items.append(item)
    return ("\n\n" if draw(st.booleans()) else "\n").join(items)


@st.composite
def _table(draw: st.DrawFn) -> str:
    columns = draw(st.integers(1, 4))
    header = draw(st.sampled_from([["Criterion", "Essential/Desirable", "Assessed by", "Notes"],
                                   ["Name", "Value", "When", "Where"]]))[:columns]
    rows = [header, ["---"] * columns]
    for _ in range(draw(st.integers(0, 4))):
        rows.append([draw(CELL) for _ in range(draw(st.integers(1, columns + 1)))])
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


@st.composite
def _block(draw: st.DrawFn) -> str:
    choice = draw(st.integers(0, 8))
    if choice == 0:
        return draw(st.sampled_from(["#", "##", "###", "####"])) + " " + draw(LINE)
    if choice == 1:
        return draw(LINE) + "\n" + draw(st.sampled_from(["===", "---"]))
    if choice in (2, 3):
        return draw(TEXT)
    if choice == 4:
        return draw(_list())
    if choice == 5:
        return draw(_table())
    if choice == 6:
        inner = draw(st.one_of(TEXT, _list()))
        return "\n".join("> " + line if line else ">" for line in inner.split("\n"))
    if choice == 7:
        return "```\n" + draw(TEXT) + "\n```"
    return "\n".join("    " + line for line in draw(TEXT).split("\n"))


DOCUMENTS = st.lists(_block(), max_size=12).map("\n\n".join)


@settings(max_examples=1000, deadline=None)
@given(DOCUMENTS)
def test_same_model_on_generated_documents(body: str) -> None:
    """Markdown as job descriptions are written: blocks apart, lists nested by indentation.

    Not compared on arbitrary character soup: there the parsers differ where markdown-it-py
    departs from CommonMark (an empty item, or a list not starting at 1, interrupting a lazy
    paragraph line), and jdtool follows the Rust parser."""
    assert_same_model(body)


CRITERIA = """\
## Skills

| Criterion | Essential/Desirable | Assessed by |
|---|---|---|
| Negotiating | Essential | Interview, test |
| Budgets | sometimes | intervew |
| Welsh \\| English | D | Application |
"""


@pytest.mark.parametrize("body", [
    CRITERIA,
    "- a\n  - b\n\n    more b\n- c\n\n  ```\n  x\n  ```\n",
    "> # quoted\n>\n> - one\n> - two\n>\n> | a |\n> |---|\n> | b |\n",
    "1. one\n2. two\n\n   second paragraph\n3. three\n",
    "Setext\n  heading\n===\n\ntext\n---\n",
    "    code\n\n\n    more\n",
    "-\n\n- \n  x\n",
])
def test_same_model_on_awkward_shapes(body: str) -> None:
    assert_same_model(body, first_line=5)
