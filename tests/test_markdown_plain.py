"""``plain_text`` skips markdown-it-py for text that holds no inline markup: both ways agree.

The shortcut is what lets ``jdtool check`` and ``jdtool diff`` of plain prose start without
loading markdown-it-py (``tests/test_startup.py``); these tests hold it to the parser on
generated text, on the repository's documents and on the real revisions.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jdtool.core.markdown import parsed_plain_text, plain_text
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
