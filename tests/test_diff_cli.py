"""``jdtool diff``: formats, exit codes, output files and clean one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jdtool.cli.app import app
from jdtool.core.documents import load_document
from tests.conftest import FIXTURES, write
from tests.diff_helpers import HEAD

OLD = str(FIXTURES / "general-secretary-2016.md")
NEW = str(FIXTURES / "general-secretary-2018.md")
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


def test_exit_codes_like_diff() -> None:
    assert run(OLD, OLD, "-f", "unified")[0] == 0
    assert run(OLD, NEW, "-f", "unified")[0] == 1


def test_unified_is_word_level_and_names_both_sides() -> None:
    code, out, _ = run(OLD, NEW, "--format", "unified")
    assert code == 1
    lines = out.splitlines()
    assert lines[:2] == [f"--- {OLD}", f"+++ {NEW}"]
    assert "~The General Secretary" in out and "[-four-year-]{+five-year+}" in out
    assert any(line.startswith("@@ -Leading the union:21 +Influencing externally:39 @@ moved")
               for line in lines)


def test_term_has_summary_on_top_and_groups_by_section() -> None:
    code, out, _ = run(OLD, NEW, "-f", "term")
    assert code == 1
    lines = out.splitlines()
    assert "moved" in lines[1] and "reworded" in lines[1]
    assert "## Influencing externally" in lines
    assert "\x1b[" not in out  # no colour when not on a terminal
    assert "moved from \u201cLeading the union\u201d" in out


def test_json_schema_and_rebuild(tmp_path: Path) -> None:
    target = tmp_path / "changes.json"
    code, out, _ = run(OLD, NEW, "-o", str(target))
    assert (code, out) == (1, "")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    assert data["stats"]["blocks_moved"] == 2
    olds = sorted((c for c in data["changes"] if c["old"]), key=lambda c: c["old_index"])
    text = [c["old"]["text"] for c in olds]
    assert text == ["".join(t for op, t in c["words"] if op != "insert") for c in olds]
    assert text == [block.text for _, block in load_document(Path(OLD)).blocks()]


def test_markdown_is_criticmarkup() -> None:
    code, out, _ = run(OLD, NEW, "-f", "md")
    assert code == 1
    assert "{~~four-year~>five-year~~}" in out
    assert "{++Keep the level of the union's reserves" in out
    assert "{>>moved from Leading the union<<}" in out
    assert "- **term**: {~~Elected for a four-year term~>Elected for a five-year term~~}" in out


def test_html_page_is_accessible_and_escapes_hostile_text(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=y>"
    old = write(tmp_path / "old.md", HEAD + "\n## Duties\n\n- Keep the minutes of meetings.\n")
    new = write(tmp_path / "new.md", HEAD + f"\n## Duties\n\n- Keep the minutes of meetings. "
                                            f"{hostile}\n")
    target = tmp_path / "out.html"
    assert run(str(old), str(new), "-o", str(target))[0] == 1
    page = target.read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find("script") and not soup.find("img")
    assert not soup.select('a[href^="javascript"]')
    inserted = soup.find("ins")
    assert inserted is not None and "<script>" in inserted.get_text()
    assert inserted.find(class_="sr-only").get_text().startswith("[inserted")
    assert "@media print" in page
    assert soup.select_one(".view.inline") and soup.select_one(".view.side")


def test_html_links_moved_blocks_both_ways(tmp_path: Path) -> None:
    target = tmp_path / "gs.html"
    run(OLD, NEW, "-f", "html", "-o", str(target))
    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
    moved = soup.select("div.block.moved")
    assert len(moved) == 2
    for block in moved:
        link = block.find("a")["href"]
        stub = soup.find(id=link[1:])
        assert stub is not None and "moved-out" in stub["class"]
        assert stub.find("a")["href"] == f"#{block['id']}"


def test_unknown_format_and_unreadable_files_exit_2(tmp_path: Path) -> None:
    code, _, err = run(OLD, NEW, "-f", "odt")
    assert code == 2 and "unknown format 'odt'" in err
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\x00\x01\x02")
    latin = tmp_path / "latin.md"
    latin.write_bytes(HEAD.encode() + "\n## Caf\u00e9\n".encode("latin-1"))
    broken = write(tmp_path / "broken.md", "---\nkind: [description\n---\n\nText.\n")
    unknown = write(tmp_path / "unknown.md", "---\nkind: description\nsalery: 1\n---\n\nText.\n")
    for bad, words in ((binary, "binary"), (latin, "UTF-8"), (broken, "broken.md"),
                       (unknown, "unknown.md:3:1: error JD005 unknown field 'salery'"),
                       (tmp_path / "missing.md", "no such file")):
        code, out, err = run(OLD, str(bad))
        assert code == 2, bad
        assert out == "" and len(err.strip().splitlines()) == 1 and words in err
        assert "Traceback" not in err


def test_broken_pack_is_an_error_but_a_body_problem_is_not(posts_copy: Path,
                                                          tmp_path: Path) -> None:
    pack = posts_copy / "director-of-operations"
    spec = pack / "person-spec.md"
    text = spec.read_text(encoding="utf-8")
    other = write(tmp_path / "other" / "person-spec.md", text.replace("| Interview |",
                                                                      "| Interveiw |", 1))
    assert "Interveiw" in other.read_text(encoding="utf-8")
    code, out, _ = run(str(spec), str(other), "-f", "unified")
    assert code == 1 and "assessed by" in out
    (pack / "pack.md").write_text("---\nkind: pack\ntitle: [unclosed\n---\n", encoding="utf-8")
    code, out, err = run(str(spec), str(other))
    assert code == 2 and out == "" and "pack.md:" in err and "JD004" in err


def test_output_file_is_not_touched_on_error(tmp_path: Path) -> None:
    target = write(tmp_path / "out.md", "keep me\n")
    code, _, _ = run(OLD, str(tmp_path / "missing.md"), "-o", str(target))
    assert code == 2
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_pack_documents_inherit_before_comparing(tmp_path: Path, posts_copy: Path) -> None:
    before = posts_copy / "director-of-operations"
    after = tmp_path / "after" / "director-of-operations"
    shutil.copytree(before, after)
    pack = (after / "pack.md").read_text(encoding="utf-8")
    (after / "pack.md").write_text(pack.replace("hours: 35 hours a week", "hours: 32 hours a week"),
                                   encoding="utf-8")
    code, out, _ = run(str(before / "description.md"), str(after / "description.md"), "-f", "term")
    assert code == 1
    assert "hours: 35 hours a week \u2192 32 hours a week" in out


@pytest.mark.parametrize("name", ["md", "json", "html", "unified", "term"])
def test_every_format_renders_an_empty_diff(name: str) -> None:
    code, out, _ = run(OLD, OLD, "-f", name)
    assert code == 0 and out


def test_real_process_exit_status() -> None:
    done = subprocess.run([sys.executable, "-m", "jdtool", "diff", OLD, NEW], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 1 and done.stdout.startswith(f"--- {OLD}")


def test_markdown_keeps_criteria_tables_as_tables(tmp_path: Path, posts_copy: Path) -> None:
    old = posts_copy / "director-of-operations" / "person-spec.md"
    new = tmp_path / "director-of-operations" / "person-spec.md"
    shutil.copytree(old.parent, new.parent)
    text = old.read_text(encoding="utf-8")
    row = "| A professional qualification in accountancy, human resources or management " \
        "| Desirable | Application |"
    assert row in text
    new.write_text(text.replace(row, row.replace("accountancy,", "accountancy, finance,")
                                .replace("Desirable", "Essential")), encoding="utf-8")
    code, out, _ = run(str(old), str(new), "-f", "md")
    assert code == 1
    [line] = [line for line in out.splitlines() if "{++finance,++}" in line]
    assert line.startswith("| ") and line.count(" | ") == 2
    assert "{~~Desirable~>Essential~~}" in line


def test_term_colour_adds_only_colour() -> None:
    import re

    from jdtool.core.documents import load_document
    from jdtool.diff import compare
    from jdtool.diff.formats import RenderOptions
    from jdtool.diff_formats import FORMATS

    diff = compare(load_document(Path(OLD)), load_document(Path(NEW)))
    plain = FORMATS["term"](diff, RenderOptions("t", "old", "new"))
    coloured = FORMATS["term"](diff, RenderOptions("t", "old", "new", color=True))
    assert isinstance(coloured, str) and "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


HOSTILE = st.text(alphabet=st.sampled_from(list("ab <>&\"'`*_[]()!:/=#|{}~+-\\")), min_size=1,
                  max_size=40)


@settings(max_examples=40, deadline=None)
@given(HOSTILE, HOSTILE)
def test_html_and_markdown_never_let_text_become_markup(old: str, new: str) -> None:
    from jdtool.core.markdown import full_parser
    from jdtool.diff import compare
    from jdtool.diff.formats import RenderOptions
    from jdtool.diff_formats import FORMATS
    from tests.diff_helpers import document

    diff = compare(document(f"## Duties\n\n- Keep {old} safe\n"),
                   document(f"## Duties\n\n- Keep {new} safe\n"))
    options = RenderOptions("<b>title</b>", "<i>old</i>", "new")
    page = FORMATS["html"](diff, options)
    assert isinstance(page, str)
    soup = BeautifulSoup(page, "html.parser")
    allowed = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
               "strong", "nav", "ul", "li", "a", "table", "caption", "thead", "tbody", "tr",
               "th", "td", "main", "section", "div", "span", "ins", "del", "h4", "h5", "h6",
               "input", "fieldset", "legend", "label", "details", "summary"}
    assert {tag.name for tag in soup.find_all(True)} <= allowed
    assert not soup.find_all(["b", "i"])
    markdown = FORMATS["md"](diff, options)
    assert isinstance(markdown, str)
    rendered = full_parser().render(markdown)
    assert "<script" not in rendered and "<b>" not in rendered and "<i>" not in rendered


def test_ignored_quote_changes_are_not_marked(tmp_path: Path) -> None:
    curly = "\n## Duties\n\n- Chair the \u201cannual\u201d meeting.\n"
    old = write(tmp_path / "old.md", HEAD + curly)
    new = write(tmp_path / "new.md", HEAD + '\n## Duties\n\n- Chair the "annual" meeting.\n')
    assert run(str(old), str(new), "-f", "md")[0] == 1
    for name in ("md", "html", "unified"):
        code, out, _ = run(str(old), str(new), "-f", name, "--ignore-quotes")
        assert code == 0
        assert "{--" not in out and "<del>" not in out and "[-" not in out
