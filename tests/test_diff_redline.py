"""The changes-first HTML redline: summary first, folds, one view at a time, change links,
reader labels, heading hierarchy and criteria tables (parsed back with BeautifulSoup)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from jdtool.core.documents import load_document
from jdtool.diff import compare
from jdtool.diff.formats import RenderOptions
from jdtool.diff.labels import side_labels
from jdtool.diff_formats import FORMATS
from tests.conftest import FIXTURES
from tests.diff_helpers import diff_of, document

SPEC_HEAD = ("---\nkind: person-spec\ntitle: Branch Secretary\n"
             "organisation: Fenland Clerks' Union\n---\n")
TABLE = "| Criterion | Essential/Desirable | Assessed by |\n| -- | -- | -- |\n"


def soup_of(diff: object, old: str = "Old", new: str = "New") -> BeautifulSoup:
    html = FORMATS["html"](diff, RenderOptions("Title", "old.md", "new.md",  # type: ignore[arg-type]
                                               old_version=old, new_version=new))
    assert isinstance(html, str)
    return BeautifulSoup(html, "html.parser")


def fixture_soup() -> BeautifulSoup:
    before = load_document(FIXTURES / "general-secretary-2016.md")
    after = load_document(FIXTURES / "general-secretary-2018.md")
    return soup_of(compare(before, after), *side_labels(before, after, "a.md", "b.md"))


def test_sides_are_named_by_their_revised_value() -> None:
    before = load_document(FIXTURES / "general-secretary-2016.md")
    after = load_document(FIXTURES / "general-secretary-2018.md")
    assert side_labels(before, after, "a.md", "b.md") == ("April 2016 version",
                                                          "March 2018 version")
    plain = document("Text.\n")
    assert side_labels(plain, plain, "a.md", "b.md") == ("Branch Secretary (a.md)",
                                                         "Branch Secretary (b.md)")
    soup = fixture_soup()
    assert "April 2016 version" in soup.select_one("p.labels").get_text()
    columns = [cell.get_text() for cell in soup.select(".pair.columns > div")]
    assert columns == ["April 2016 version", "March 2018 version"]


def test_summary_comes_first_and_lists_each_changed_section() -> None:
    soup = fixture_soup()
    headings = [h.get_text() for h in soup.find_all("h2")]
    assert headings[:2] == ["Summary of changes", "The changes in context"]
    listed = soup.select(".changes-list a")
    assert {a.get_text() for a in listed} >= {"Leading the union", "Staff management"}
    for link in listed:
        assert soup.find(id=link["href"][1:]) is not None


def test_unchanged_runs_are_folded_but_kept_in_the_page() -> None:
    body = "## Duties\n\n" + "".join(f"- Duty number {n} stays.\n" for n in range(1, 9))
    diff = diff_of(body, body.replace("Duty number 8 stays", "Duty number 8 changes"))
    soup = soup_of(diff)
    inline = soup.select_one(".view.inline")
    folds = inline.select("details.unchanged")
    assert len(folds) == 1
    assert folds[0].summary.get_text() == "6 unchanged passages"
    # Searchable: the folded text is in the page, and only the context stands outside.
    assert "Duty number 1 stays" in folds[0].get_text()
    shown = [b.get_text(" ", strip=True) for b in inline.select(":scope > div.block")]
    assert len(shown) == 2 and "Duty number 7" in shown[0]


def test_every_change_links_to_the_previous_and_next() -> None:
    soup = fixture_soup()
    inline = soup.select_one(".view.inline")
    steps = inline.select("p.step")
    assert len(steps) == 9
    assert steps[0].get_text().startswith("Change 1 of 9")
    for step in steps:
        for link in step.find_all("a"):
            assert inline.find(id=link["href"][1:]) is not None
    side = soup.select_one(".view.side")
    for link in side.select("p.step a"):
        assert side.find(id=link["href"][1:]) is not None
    assert len(inline.select("p.step a")) == 2 * 9 - 2


def test_the_two_views_are_a_switch_not_two_printed_copies() -> None:
    soup = fixture_soup()
    radios = soup.select("input[type=radio][name=view]")
    assert [r.get("checked") is not None for r in radios] == [True, False]
    labels = {label["for"] for label in soup.select(".switch label")}
    assert labels == {r["id"] for r in radios}
    css = soup.style.get_text()
    assert ".view.side { display: none; }" in css and "@media print" in css


def test_sub_sections_keep_their_level_and_their_parent_heading() -> None:
    body = ("## Duties\n\nIntro.\n\n### Finance\n\n- Keep the books.\n\n"
            "### Staff\n\n- Manage the staff.\n")
    soup = soup_of(diff_of(body, body.replace("Manage the staff", "Lead the staff")))
    inline = soup.select_one(".view.inline")
    headings = [(h.name, h.get_text()) for h in inline.find_all(["h3", "h4"])]
    assert ("h3", "Duties") in headings and ("h4", "Staff") in headings
    assert headings.index(("h3", "Duties")) < headings.index(("h4", "Staff"))


def test_person_spec_keeps_its_criteria_table_and_counts_importance_changes() -> None:
    old = ("## Experience\n\n" + TABLE + "| Chairing meetings | Essential | Interview |\n"
           "| Writing reports | Essential | Application |\n")
    new = old.replace("Chairing meetings | Essential | Interview",
                      "Chairing meetings | Desirable | Application, Interview")
    soup = soup_of(diff_of(old, new, old_head=SPEC_HEAD, new_head=SPEC_HEAD))
    table = soup.select_one(".view.inline table.criteria")
    assert table is not None
    changed = table.select_one("tr.changed-row")
    cells = changed.find_all("td")
    assert cells[1].find("del").get_text(strip=True).endswith("Essential]")
    assert cells[1].find("ins").get_text(strip=True).endswith("Desirable]")
    assert "Application, Interview" in cells[2].find("ins").get_text()
    stats = {row.th.get_text(): row.td.get_text() for row in soup.select("table.stats tr")}
    assert stats["Criteria"].startswith("1 changed importance")
    assert "1 changed how they are assessed" in stats["Criteria"]


def test_field_names_read_as_labels() -> None:
    old_head = SPEC_HEAD.replace("kind: person-spec", "kind: description")
    new_head = old_head.replace("---\n", "---\nterm: Five years\n", 1)
    soup = soup_of(diff_of("Text.\n", "Text.\n", old_head=old_head, new_head=new_head))
    assert [th.get_text() for th in soup.select("table.fields tbody th")] == ["Term of office"]


def test_cli_html_uses_reader_labels_and_unified_keeps_file_names(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from jdtool.cli.app import app

    target = tmp_path / "r.html"
    old, new = FIXTURES / "general-secretary-2016.md", FIXTURES / "general-secretary-2018.md"
    result = CliRunner().invoke(app, ["diff", str(old), str(new), "-o", str(target)])
    assert result.exit_code == 1
    assert "April 2016 version" in target.read_text(encoding="utf-8")
    unified = CliRunner().invoke(app, ["diff", str(old), str(new), "-f", "unified"])
    assert unified.stdout.startswith(f"--- {old}")


def test_document_text_stays_text_in_both_views() -> None:
    # The passages, headings and labels are built in Python (jdtool.diff.html's *_html
    # pieces), not by autoescaping templates: each must escape what it puts in.
    hostile = '<script>alert("x")</script> & <b>bold</b>'
    old = (f"## Duties {hostile}\n\n- First duty {hostile}.\n- Second duty.\n\n"
           "1. Numbered one.\n\nA paragraph that stays.\n\nAnother that stays.\n\n"
           "A third that stays.\n")
    new = old.replace("First duty", "First main duty").replace("Second duty.", "")
    soup = soup_of(diff_of(old, new), old=f"Old {hostile}", new="New")
    assert soup.find_all("script") == [] and soup.find_all("b") == []
    inline, side = soup.select_one(".view.inline"), soup.select_one(".view.side")
    assert inline is not None and side is not None
    for view in (inline, side):
        assert hostile in view.find("h3").get_text()
        assert f"duty {hostile}." in view.get_text()
    assert f"Old {hostile}" in side.select_one(".side-label").get_text()
    pairs = side.select("div.pair:not(.columns)")
    assert len(pairs) == len(inline.select("div.block"))
    links = [a["href"] for a in side.select("p.step a")]
    assert links and all(link.startswith("#side-change-") for link in links)
    assert len(side.select("[id^=side-change-]")) == len(inline.select("[id^=change-]"))
    assert side.select_one("details.unchanged summary").get_text() == \
        "3 unchanged passages"
