"""Issue 13's failure modes as general rules, on team-written text for fictional
organisations: page breaks, lost glyphs, lead-ins, label blocks, repairs, site chrome,
foreign front matter, several postings, documents cut short."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jdtool.core.documents import parse_document
from jdtool.core.model import BlockKind, Document
from jdtool.importer.chrome import chrome_reason
from jdtool.importer.facts import parse_date, resolve, sentence_facts
from jdtool.importer.nodes import heading, paragraph
from jdtool.importer.pipeline import ImportResult, import_files
from jdtool.importer.repair import repair_text
from jdtool.importer.report import ImportReport
from jdtool.importer.writer import write_files
from tests.import_support import assert_checks_clean


def _run(tmp_path: Path, name: str, text: str) -> tuple[ImportResult, list[Document]]:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "posts"
    result = import_files([source], out)
    write_files(result.files)
    assert not result.missing and not result.extra
    assert_checks_clean(out)
    return result, [parse_document(file.text, file.path) for file in result.files]


def _notes(result: ImportResult) -> str:
    return "\n".join(note.message for report in result.reports for note in report.notes)


PACK_TEXT = """
HARBOURSIDE

Regional Organiser

Job Description

Ref: HFP/24/7
Reports to: Head of Organising

Overall purpose

1. The Regional Organiser builds membership across the ports of the region, serving more

than 4,000 members. We want every workplace to have a trained representative.

Our aims are to:

 Recruit new members in every port and warehouse, and keep the members we already
have by answering them quickly.

 Train representatives so that every workplace has one.

Main duties

- lead campaigns - including pay claims and recognition drives across the ports and co-

ordination with other regions

- report monthly to the regional committee
"""


def test_page_breaks_lost_glyphs_and_banner(tmp_path: Path) -> None:
    result, documents = _run(tmp_path, "pack.txt", PACK_TEXT)
    description = next(d for d in documents if d.kind == "description")
    meta = description.meta
    assert meta is not None
    assert meta.title == "Regional Organiser" and meta.organisation == "HARBOURSIDE"
    assert meta.ref == "HFP/24/7" and meta.reports_to == "Head of Organising"
    blocks = [block for _, block in description.blocks()]
    numbered = [b for b in blocks if b.number == "1"]
    assert len(numbered) == 1 and "4,000 members" in numbered[0].text  # joined over the gap
    bullets = [b for b in blocks if b.kind is BlockKind.BULLET]
    assert len(bullets) == 4
    assert bullets[0].text.startswith("Recruit") and bullets[0].text.endswith("quickly.")
    assert "co-ordination" in bullets[2].text  # hyphen kept, across the blank line
    assert "restored as bullets" in _notes(result)


def test_sub_items_after_a_lead_in_lost_their_glyphs(tmp_path: Path) -> None:
    text = ("Key duties\n"
            "  • Leads the national team. This will include:\n"
            "Planning the annual conference\n"
            "Chairing the staff forum. o Agreeing its minutes with the chair.\n"
            "  • Manages the budget.\n")
    _, documents = _run(tmp_path, "duties.txt", text)
    items = [(b.depth, b.text.split()[0]) for _, b in documents[0].blocks()
             if b.kind is BlockKind.BULLET]
    assert items == [(0, "Leads"), (1, "Planning"), (1, "Chairing"), (2, "Agreeing"),
                     (0, "Manages")]


def test_person_spec_groups_without_marks_and_split_heading(tmp_path: Path) -> None:
    text = ("Person Specification\n\n"
            "Section 2 - skills\n"
            "Please provide evidence of these in your application.\n\n"
            "Leadership\n\n"
            " setting a clear direction for the team\n\n"
            " coaching staff to improve their work\n\n"
            "Staff\n\n"
            "management  leading a team of ten through change\n\n"
            " handling grievances fairly and quickly\n")
    result, documents = _run(tmp_path, "spec.txt", text)
    criteria = documents[0].criteria()
    assert [(c.group, c.importance, c.assessed_by) for c in criteria] == [
        ("Leadership", "essential", ("application",))] * 2 + [
        ("Staff management", "essential", ("application",))] * 2
    assert "split across lines; rejoined" in _notes(result)


def test_minimum_and_preferred_qualifications_become_criteria(tmp_path: Path) -> None:
    text = ("Collections Assistant\n\nDuties\n\n- Catalogue new specimens every week.\n\n"
            "Minimum Qualifications\n\n- A degree in biology.\n- Two years in a museum.\n\n"
            "Preferred Qualifications\n\n- Experience with collection databases.\n")
    _, documents = _run(tmp_path, "posting.txt", text)
    assert [(c.group, c.importance) for c in documents[0].criteria()] == [
        ("Minimum Qualifications", "essential"), ("Minimum Qualifications", "essential"),
        ("Preferred Qualifications", "desirable")]


def test_facts_in_running_text_and_label_blocks() -> None:
    closing = sentence_facts("Forms must be received by HR, 2 Quay Street, Hull HU1 1AA no "
                             "later than 12 noon Friday 3 May 2024 quoting ref X1.")
    assert ("closing", resolve(*closing[0])[0]) == ("closing", "2024-05-03 12:00")
    assert resolve("closing", "Friday 3rd May")[0] is None  # no year: never guessed
    assert "gives no year" in resolve("closing", "Friday 3rd May")[1]
    assert ("reports_to", "Regional Chair") in sentence_facts(
        "The post is line managed by the Regional Chair and works with the NEC.")
    assert parse_date("04/18/2025", with_time=False).value == dt.date(2025, 4, 18)
    assert parse_date("04/10/2025", with_time=False).value is None  # either order: not guessed
    assert parse_date("24-May-2022", with_time=False).value == dt.date(2022, 5, 24)
    assert resolve("title", "SENIOR OFFICER (X12)")[0] == "SENIOR OFFICER (X12)"


def test_glued_capital_labels_and_value_below_label(tmp_path: Path) -> None:
    text = ("POST:SENIOR OFFICER (X12)\nGRADE:SO2\n\nCLOSING DATE:\n3 May 2024\n\n"
            "Main duties\n\n- Leads the casework team.\n")
    _, documents = _run(tmp_path, "form.txt", text)
    meta = documents[0].meta
    assert meta is not None and meta.title == "Senior Officer (X12)" and meta.grade == "SO2"
    assert meta.closing == dt.datetime(2024, 5, 3, 23, 59)


def test_pdf_text_layer_repairs_are_reported() -> None:
    report = ImportReport(Path("x.pdf"))
    doubled = "JJoobb  PPuurrppoossee  aanndd  SSccooppee  ooff  tthhee  RRoollee"
    text = f"{doubled}\nThe 5rst task is speci5c: quali5ed staff ful5ll it. Ref wd1 and 2nd."
    repaired = repair_text(text, report)
    assert repaired.startswith("Job  Purpose  and  Scope  of  the  Role")
    assert "first task is specific: qualified staff fulfill it" in repaired
    assert "wd1" in repaired and "2nd" in repaired
    assert len(report.notes) == 2


def test_site_chrome_is_recognised() -> None:
    assert chrome_reason(heading("Sign In")) and chrome_reason(heading("Apply now"))
    assert chrome_reason(heading("Job Search My Account Saved Jobs"))
    assert chrome_reason(paragraph("This site uses cookies to enhance your experience. "
                                   "Continued use of this site indicates your consent."))
    assert chrome_reason(heading("How to apply")) is None
    assert chrome_reason(heading("Senior Caseworker")) is None


def test_markdown_with_its_own_front_matter(tmp_path: Path) -> None:
    text = ("---\nlayout: job\ntitle: Head of Member Services\ndate: 2024-03-11\n"
            "location: Leeds\npermalink: /jobs/head/\n---\n\n# Head of Member Services\n\n"
            "We want a **Head of Member Services**.\n\n## Main duties\n\n- Lead the team.\n")
    _, documents = _run(tmp_path, "role.md", text)
    meta = documents[0].meta
    assert meta is not None and meta.title == "Head of Member Services"
    assert meta.posted == dt.date(2024, 3, 11) and meta.location == "Leeds"
    assert meta.extra == {"layout": "job", "permalink": "/jobs/head/"}
    assert [s.heading for s in documents[0].sections()] == ["Main duties"]
    assert "\\#" not in documents[0].source and "**" not in documents[0].source


def test_several_postings_on_one_page(tmp_path: Path) -> None:
    text = ("Staff bulletin\n\nWe are recruiting for two posts.\n\nSenior Caseworker\n\n"
            "Salary: £38,000\nClosing date: 3 May 2024\n\nLeads complex cases.\n\n"
            "Digital Officer\n\nSalary: £34,000\nClosing date: 10 May 2024\n\n"
            "Looks after the website.\n")
    result, documents = _run(tmp_path, "bulletin.txt", text)
    assert sorted(d.meta.title for d in documents if d.meta) == ["Digital Officer",
                                                                 "Senior Caseworker"]
    assert "2 postings on one page" in _notes(result)


def test_document_cut_short_is_reported(tmp_path: Path) -> None:
    text = ("Senior Caseworker\n\nThe Senior Caseworker will lead on complex cases for "
            "members across the region and will be expected to\n")
    result, _ = _run(tmp_path, "cut.txt", text)
    assert "looks cut short" in _notes(result)


def test_tick_columns_for_importance_and_assessment(tmp_path: Path) -> None:
    text = ("Person Specification\n\n"
            "Criteria                                  Essential   Desirable   Application"
            "   Interview\n"
            "Experience of running an advice service       ✓                        ✓"
            "             ✓\n"
            "Knowledge of employment law                               ✓            ✓\n"
            "Ability to lead a team of caseworkers         ✓                         "
            "             ✓\n"
            "through change\n")
    _, documents = _run(tmp_path, "ticks.txt", text)
    assert [(c.importance, c.assessed_by) for c in documents[0].criteria()] == [
        ("essential", ("application", "interview")), ("desirable", ("application",)),
        ("essential", ("interview",))]
    assert documents[0].criteria()[2].text.endswith("through change")


def test_salary_in_running_text_keeps_pro_rata_and_spine_points() -> None:
    assert ("salary", "£24,000 - £27,000 pro rata (spine points 20-24)") in sentence_facts(
        "The salary is £24,000 - £27,000 pro rata (spine points 20-24) for 21 hours a week.")
    assert not [name for name, _ in sentence_facts("Pay: competitive") if name == "salary"]
