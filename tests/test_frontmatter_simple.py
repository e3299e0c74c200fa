"""Plain ``field: text`` front matter is read without PyYAML, and exactly as PyYAML reads it.

``frontmatter._simple`` answers only for front matter it fully understands; these tests hold
it to PyYAML's event reader (``yamlmatter.compose``) on generated input full of YAML's special
characters, and on every document in the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jdtool.core import frontmatter, yamlmatter
from jdtool.core.frontmatter import FrontMatter
from jdtool.core.problems import JdtoolError

ROOT = Path(__file__).resolve().parent.parent
PATH = Path("x.md")

# Characters YAML gives a meaning to, at the start of a value or inside it, with ordinary ones.
_TRICKY = "#:\"'[]{}&*!|>%@`,-?~= \t\r\x85\u00a0\u2028\ufeff\x07"
_VALUE = st.text(alphabet=st.sampled_from(list("aZ9é 's.()/+" + _TRICKY)), max_size=12)
_WORDS = st.sampled_from(["null", "Null", "NULL", "~", "yes", "no", "2018-03", "2018-03-01",
                          "1:30", "0x1F", "1e3", ".inf", "<<", "a: b", "C#", "x #y", "a:"])
_KEY = st.sampled_from(["title", "kind", "reports_to", "a-b", "_x", "9lives", "key ", " key",
                        "null", "<<", "k" * 1030])
_LINE = st.one_of(
    st.builds(lambda key, gap, value: f"{key}:{gap}{value}", _KEY,
              st.sampled_from([" ", "  ", "", "\t"]), st.one_of(_VALUE, _WORDS)),
    st.sampled_from(["", "   ", "# a comment", "- item", "  nested: 1", "list:", "%YAML 1.1"]))


def _by_pyyaml(text: str) -> FrontMatter | str:
    matter = FrontMatter({})
    try:
        matter.data = yamlmatter.compose(text, matter.key_lines, PATH)
    except JdtoolError as error:
        return str(error)
    return matter


def _agrees(text: str) -> bool:
    """True when the plain reader answered (and then it must match PyYAML's answer)."""
    plain = FrontMatter({})
    if not frontmatter._simple(text, plain):
        assert plain == FrontMatter({}), "a refusal must leave the front matter untouched"
        return False
    expected = _by_pyyaml(text)
    assert isinstance(expected, FrontMatter), (text, expected)
    assert (plain.data, plain.key_lines) == (expected.data, expected.key_lines), text
    return True


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, min_size=1, max_size=6))
def test_the_plain_reader_agrees_with_pyyaml_whenever_it_answers(lines: list[str]) -> None:
    _agrees("\n".join(lines) + "\n")


@pytest.mark.parametrize("text", [
    "kind: description\ntitle: General Secretary\n",
    "title: Branch Organiser\n\nrevised: 2018-03\nstatus: draft\n",
    "organisation: Fictional Workers' Union\nlocation: Head office, Leeds (hybrid)\n",
    "term: Elected for a five-year term   \nurl: https://example.org/jobs?id=3\n",
])
def test_plain_front_matter_is_read_without_pyyaml(text: str) -> None:
    assert _agrees(text)


@pytest.mark.parametrize("text", [
    "title: 'Quoted'\n", "title: A # comment\n", "duties:\n  - one\n", "a: b: c\n",
    "title: A\ntitle: B\n", "title: A\r\n", "title:\tA\n", "# only a comment\n", "",
    "title: [a, b]\n", "status: null\n", "title: &anchor A\n", "title: A\n  continued\n",
    "title: bell\x07\n",
])
def test_anything_else_goes_to_pyyaml(text: str) -> None:
    assert not _agrees(text)


def test_every_document_in_the_repository_reads_the_same_both_ways() -> None:
    answered = 0
    for path in sorted([*ROOT.glob("posts/**/*.md"), *ROOT.glob("tests/fixtures/**/*.md"),
                        *ROOT.glob("examples/**/*.md")]):
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            yaml_text = frontmatter.split(text, path)[0]
        except JdtoolError:
            continue  # no front matter: nothing for either reader
        answered += _agrees(yaml_text)
    assert answered >= 3  # the plain documents (posts/general-secretary.md among them)
