"""``plain_text`` skips markdown-it-py for text that holds no inline markup: both ways agree.

The shortcut is what lets ``jdtool check`` and ``jdtool diff`` of plain prose start without
loading markdown-it-py (``tests/test_startup.py``); these tests hold it to the parser on
generated text, on the repository's documents and on the real revisions.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jdtool.core.markdown import parsed_plain_text, plain_text, plain_text_in
from tests.real_material import shared_path

ROOT = Path(__file__).resolve().parent.parent

# Letters, digits and spaces with every character an inline rule starts on, and the ones the
# shortcut treats as text (&, >, !, one ~) in every neighbourhood.
ALPHABET = "ab1 \n\t\u00a0*_`[]()<>&#;:/\\!~\"'.@-=x"


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_the_shortcut_and_the_parser_agree_on_generated_text(text: str) -> None:
    assert plain_text(text) == parsed_plain_text(text)


def test_prose_with_ampersands_and_angles_is_not_parsed() -> None:
    assert plain_text("Pay & conditions:  >  5 years! ~ about") == \
        "Pay & conditions: > 5 years! ~ about"
    for markup, text in (("Pay &amp; conditions", "Pay & conditions"),
                         ("R&#38;D", "R&D"), ("~~old~~ new", "old new"),
                         ("see <https://example.org>", "see https://example.org"),
                         ("**bold** and \\*", "bold and *")):
        assert plain_text(markup) == parsed_plain_text(markup) == text


def _lines(paths: list[Path]) -> list[str]:
    return [line for path in paths
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]


def test_the_shortcut_and_the_parser_agree_on_documents() -> None:
    lines = _lines(sorted((ROOT / "posts").rglob("*.md")) +
                   sorted((ROOT / "tests" / "fixtures").rglob("*.md")))
    assert len(lines) > 100
    assert [plain_text(line) for line in lines] == [parsed_plain_text(line) for line in lines]


def test_the_shortcut_and_the_parser_agree_on_the_real_revisions() -> None:
    lines = _lines(sorted(shared_path("corpus", "revisions").rglob("*.md")))
    assert [plain_text(line) for line in lines] == [parsed_plain_text(line) for line in lines]


# Text as a block parser cuts it out of a body: lines (some of them indented, some ending in
# spaces) whose leading white space is taken off, joined by line breaks.
# Alphabets with and without markup characters, runs of spaces and odd white space, so each
# of plain_text_in's shortcuts is taken.
ALPHABETS = ["ab1 .-", "ab1 .&#;", "ab1 .\u00e9\u00a0", "ab1 .*_", "ab1 .\t",
             ALPHABET.replace("\n", "") + "\r\x0c\u3000"]
SOURCE = st.sampled_from(ALPHABETS).flatmap(
    lambda alphabet: st.lists(st.text(alphabet=alphabet, max_size=12), min_size=1, max_size=6))


@settings(max_examples=2000, deadline=None)
@given(SOURCE, st.data())
def test_plain_text_in_a_source_agrees_with_plain_text_on_what_is_cut_from_it(
        lines: list[str], data: st.DataObject) -> None:
    source = "\n".join(lines)
    plain = plain_text_in(source)
    first = data.draw(st.integers(0, len(lines) - 1))
    last = data.draw(st.integers(first, len(lines) - 1))
    strip = data.draw(st.booleans())
    part = "\n".join(line.lstrip(" ") if strip else line for line in lines[first:last + 1])
    assert plain(part) == plain_text(part)
    assert plain(part.strip()) == plain_text(part.strip())


def test_plain_text_in_plain_prose_returns_the_text_itself() -> None:
    source = "- Plain prose, one line.\n- Another line\n  carried on."
    plain = plain_text_in(source)
    assert plain("Plain prose, one line.") == "Plain prose, one line."
    assert plain("Another line\ncarried on.") == "Another line carried on."
    assert plain_text_in(source + " *bold*")("a *b*") == "a b"
