"""Importing plain text as extracted from a PDF: structure, furniture, facts, no lost words."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jdtool.core.documents import load_document, parse_document
from jdtool.core.model import Document, Section
from jdtool.core.packs import load_packs
from jdtool.core.schema import Kind
from jdtool.importer.nodes import NodeKind
from jdtool.importer.nodes import heading as heading_node
from jdtool.importer.nodes import paragraph as paragraph_node
from jdtool.importer.pipeline import import_files
from jdtool.importer.plain_text import _Builder, text_to_nodes
from jdtool.importer.report import ImportReport
from tests.import_support import assert_checks_clean, assert_no_word_lost, run_import

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
BRIEF = FIXTURES / "union-job-brief.txt"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object], str]:
    out = tmp_path_factory.mktemp("brief") / "posts"
    code, output, data = run_import([BRIEF], out)
    assert code == 0, output
    return out, data, output


def test_brief_becomes_a_pack_that_checks_clean(imported: tuple[Path, dict[str, object], str]) \
        -> None:
    out, _, _ = imported
    assert_checks_clean(out)
    packs, _ = load_packs([out])
    assert len(packs) == 1
    kinds = [document.kind for document in packs[0].documents]
    assert kinds == [Kind.BRIEF, Kind.PERSON_SPEC]


def test_every_word_is_in_the_output_or_the_report(
        imported: tuple[Path, dict[str, object], str]) -> None:
    out, data, _ = imported
    assert_no_word_lost(BRIEF.read_text(encoding="utf-8"), out, data)


def test_facts_become_front_matter(imported: tuple[Path, dict[str, object], str]) -> None:
    out, _, _ = imported
    packs, _ = load_packs([out])
    meta = packs[0].meta
    assert meta is not None
    assert meta.ref == "HFPW/2024/03"
    assert meta.grade == "Senior Officer Grade 2"
    assert meta.reports_to == "General Secretary"
    assert meta.organisation == "Harbourside Federation of Port Workers"
    assert meta.term == "Elected for a five-year term"
    assert meta.closing is not None and meta.closing.isoformat() == "2024-05-03T12:00:00"
    assert meta.interview is not None and meta.interview.isoformat() == "2024-05-21"


def test_numbered_paragraphs_bullets_and_nesting(
        imported: tuple[Path, dict[str, object], str]) -> None:
    out, _, _ = imported
    packs, _ = load_packs([out])
    brief = packs[0].document(Kind.BRIEF)
    assert brief is not None
    numbered = [block.number for _, block in brief.blocks() if block.number]
    assert numbered == ["1", "2", "3", "4", "5", "6"]
    bullets = [(block.depth, block.text) for _, block in brief.blocks()
               if block.kind == "bullet"]
    assert (1, "for mapping the workplaces in its area;") in bullets
    # A bullet alone on its line takes the text of the next line, wrapped lines rejoined.
    assert (0, "Represent the Federation on the organising committees of the TUC and the "
               "international transport federations.") in bullets
    texts = " ".join(block.text for _, block in brief.blocks())
    assert "retirement." in texts and "retire-" not in texts
    assert "Page 1 of 3" not in texts and "\uf0b7" not in texts


def test_criteria_with_importance_become_tables(
        imported: tuple[Path, dict[str, object], str]) -> None:
    out, _, output = imported
    packs, _ = load_packs([out])
    spec = packs[0].document(Kind.PERSON_SPEC)
    assert spec is not None
    criteria = spec.criteria()
    assert [(c.group, c.importance, c.assessed_by) for c in criteria][:2] == [
        ("Experience", "essential", ("application", "interview")),
        ("Experience", "essential", ("application", "interview"))]
    assert {c.group for c in criteria} == {"Experience", "Knowledge"}
    # Without Essential/Desirable the group stays a list, and the report says so.
    assert "Personal qualities' give no Essential or Desirable; kept as a list" in output


def test_text_without_page_breaks_loses_repeated_footers_and_splits_two_columns() -> None:
    footer = "Westbrook Housing Trust | Job description | Page {} of 3"
    body = []
    for page in range(1, 4):
        body += ["The post-holder will look after tenants across the estate and make sure",
                 "that repairs are reported and done on time, keeping tenants informed.",
                 "", "Main duties",
                 "•  Visit every block each week        •  Report repairs the same day",
                 "•  Keep the estate log", "", "", "", "", "", footer.format(page), ""]
    report = ImportReport(Path("x.txt"))
    nodes = text_to_nodes("\n".join(body), report)
    texts = [node.text for node in nodes]
    assert "Report repairs the same day" in texts and "Visit every block each week" in texts
    assert not any("Page" in text for text in texts)
    assert [entry.text for entry in report.left_out] == [footer.format(n) for n in (1, 2, 3)]


def test_unresolvable_dates_are_kept_as_text_and_noted(tmp_path: Path) -> None:
    source = tmp_path / "notice.txt"
    source.write_text("Caretaker\n\nClosing date: Friday 3 May\n\nThe caretaker opens and "
                      "locks the hall.\n", encoding="utf-8")
    code, output, data = run_import([source], tmp_path / "posts")
    assert code == 0, output
    written = (tmp_path / "posts" / "caretaker.md").read_text(encoding="utf-8")
    assert "closing:" not in written and "Closing date: Friday 3 May" in written
    assert "gives no year" in output
    assert_no_word_lost(source.read_text(encoding="utf-8"), tmp_path / "posts", data)


LINE = st.one_of(
    st.text(alphabet=st.sampled_from("abcdefg ABC-.,:•\uf0b7o1234()"), max_size=60),
    st.sampled_from(["", "Key tasks and responsibilities", "SELECTION CRITERIA", "Job description",
                     "• ", "1.", "Page 2 of 4", "Ref: AB/1", "Closing date: 3 May 2024",
                     "o sub item", "- dash item (E)"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=30), st.booleans())
# Found by this test: numbered items read as criteria with no Essential/Desirable mark lost
# their numbers ("1.") without saying so.
@example(["SELECTION CRITERIA", "Key tasks and responsibilities", "•", ":", "1.", ":"], False)
def test_any_text_imports_without_losing_words(lines: list[str], page_break: bool) -> None:
    text = ("\f" if page_break else "\n").join(["\n".join(lines[:15]), "\n".join(lines[15:])])
    if not text.strip():
        return
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "random.txt"
        source.write_text(text, encoding="utf-8")
        result = import_files([source], Path(folder) / "posts")
        assert not result.missing and not result.extra, (result.missing, result.extra)


def test_same_brief_without_blank_lines_keeps_its_structure(tmp_path: Path) -> None:
    """Plain PDF extraction often drops every blank line; geometry and shape must suffice."""
    source = tmp_path / "no-blank-lines.txt"
    source.write_text("\n".join(line for line in BRIEF.read_text(encoding="utf-8").split("\n")
                                if line.strip()), encoding="utf-8")
    out = tmp_path / "posts"
    code, output, data = run_import([source], out)
    assert code == 0, output
    assert_checks_clean(out)
    assert_no_word_lost(source.read_text(encoding="utf-8"), out, data)
    packs, _ = load_packs([out])
    brief = packs[0].document(Kind.BRIEF)
    spec = packs[0].document(Kind.PERSON_SPEC)
    assert brief is not None and spec is not None
    assert [block.number for _, block in brief.blocks() if block.number] == \
        ["1", "2", "3", "4", "5", "6"]
    assert [section.heading for section in spec.sections()] == \
        ["Experience", "Knowledge", "Personal qualities"]
    assert len(spec.criteria()) == 5


def test_ticks_under_essential_and_desirable_columns(tmp_path: Path) -> None:
    """A criteria table as layout extraction leaves it: ticks aligned under column headings."""
    source = FIXTURES / "person-spec-ticks.txt"
    out = tmp_path / "posts"
    code, output, data = run_import([source], out)
    assert code == 0, output
    assert_checks_clean(out)
    assert_no_word_lost(source.read_text(encoding="utf-8"), out, data)
    packs, _ = load_packs([out])
    criteria = packs[0].all_documents()[0].criteria()
    assert [(c.group, c.text, c.importance, c.assessed_by) for c in criteria] == [
        ("Experience", "Running a busy advice service", "essential", ("application", "interview")),
        ("Experience", "Supervising volunteers", "desirable", ("interview",)),
        ("Skills", "Clear report writing", "essential", ("application", "test"))]


def test_blog_post_copied_as_text_keeps_only_the_job_description(tmp_path: Path) -> None:
    source = FIXTURES / "blog-post-copied.txt"
    out = tmp_path / "posts"
    code, output, data = run_import([source], out)
    assert code == 0, output
    assert_checks_clean(out)
    assert_no_word_lost(source.read_text(encoding="utf-8"), out, data)
    document = load_packs([out])[0][0].all_documents()[0]
    assert document.meta is not None and str(document.meta.revised) == "2018-03"
    assert document.title == "GENERAL SECRETARY"
    texts = [block.text for _, block in document.blocks()]
    assert texts == ["Lead negotiations on pay and conditions.",
                     "Manage the Guild's finances and staff."]
    reasons = {entry["reason"] for entry in data["files"][0]["left_out"]}  # type: ignore[index]
    assert {"comment thread", "post details (author, date, labels)",
            "the page author's introduction before the job description"} <= reasons


def test_criteria_rows_with_letters_and_wrapped_text(tmp_path: Path) -> None:
    source = FIXTURES / "person-spec-letters-wrapped.txt"
    out = tmp_path / "posts"
    code, output, data = run_import([source], out)
    assert code == 0, output
    assert_checks_clean(out)
    assert_no_word_lost(source.read_text(encoding="utf-8"), out, data)
    criteria = load_packs([out])[0][0].all_documents()[0].criteria()
    assert [(c.text, c.importance) for c in criteria] == [
        ("Running a busy advice service for members and their families", "essential"),
        ("Supervising volunteers", "desirable"),
        ("Clear report writing, including papers for the executive committee", "essential")]


def test_essential_and_desirable_sub_headings_set_importance(tmp_path: Path) -> None:
    source = tmp_path / "spec.txt"
    source.write_text("PERSON SPECIFICATION\n\nKnowledge\nEssential criteria\n- Employment law\n"
                      "Desirable criteria\n- Pensions law\n\nExperience\nESSENTIAL\n- Casework\n",
                      encoding="utf-8")
    out = tmp_path / "posts"
    code, output, data = run_import([source], out)
    assert code == 0, output
    assert_checks_clean(out)
    assert_no_word_lost(source.read_text(encoding="utf-8"), out, data)
    criteria = load_packs([out])[0][0].all_documents()[0].criteria()
    assert [(c.group, c.text, c.importance) for c in criteria] == [
        ("Knowledge", "Employment law", "essential"), ("Knowledge", "Pensions law", "desirable"),
        ("Experience", "Casework", "essential")]


def test_facts_in_a_running_footer_are_kept(tmp_path: Path) -> None:
    source = tmp_path / "brief.txt"
    source.write_text(BRIEF.read_text(encoding="utf-8").replace(
        "– Job Brief                  Page", "– Job Brief, updated June 2021     Page"),
        encoding="utf-8")
    result = import_files([source], tmp_path / "posts")
    assert not result.missing and not result.extra
    pack_file = next(file for file in result.files if file.path.name == "pack.md")
    assert "revised: 2021-06" in pack_file.text
    assert "organisation: Harbourside Federation of Port Workers" in pack_file.text


def test_text_copied_from_a_web_page_one_line_per_paragraph(tmp_path: Path) -> None:
    source = FIXTURES / "copied-from-web-page.txt"
    out = tmp_path / "posts"
    code, output, data = run_import([source], out)
    assert code == 0, output
    assert_checks_clean(out)
    assert_no_word_lost(source.read_text(encoding="utf-8"), out, data)
    pack = load_packs([out])[0][0]
    assert pack.meta is not None
    assert pack.meta.organisation == "Riverside Tenants' Federation"
    assert pack.meta.closing is not None and pack.meta.closing.isoformat() == "2025-06-02T09:00:00"
    description = pack.document(Kind.DESCRIPTION)
    assert description is not None
    items = [(block.depth, block.number, block.text[:20]) for _, block in description.blocks()
             if block.kind in ("numbered", "bullet")]
    assert items == [(0, "1", "Monitor housing legi"), (0, "2", "Draft consultation r"),
                     (0, "3", "Support tenant group"), (1, None, "organising regional "),
                     (1, None, "preparing accessible"), (0, "4", "Any other duties as ")]
    spec = pack.document(Kind.PERSON_SPEC)
    assert spec is not None
    assert [c.importance for c in spec.criteria()] == ["essential", "essential", "desirable"]


EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "posts").rglob("*.md"))


def _as_extracted_text(document: Document) -> str:
    """A document as PDF extraction leaves it: wrapped at 78 columns, U+F0B7 bullets with
    hanging indents, criteria as "(E)"/"(D)" items, headings as plain lines."""
    lines: list[str] = []

    def emit(section: Section) -> None:
        if section.level:
            lines.extend(["", section.heading, ""])
        for block in section.blocks:
            indent = "  " * block.depth
            if block.kind == "bullet":
                wrapped = textwrap.wrap(block.text, 76 - len(indent))
                lines.append(f"{indent}\uf0b7 {wrapped[0]}")
                lines.extend(f"{indent}  {line}" for line in wrapped[1:])
            elif block.kind == "numbered":
                lines.extend(textwrap.wrap(f"{block.number}. {block.text}", 78))
            elif block.kind == "criterion" and block.criterion is not None:
                mark = "E" if block.criterion.importance == "essential" else "D"
                lines.append(f"\uf0b7 {block.text} ({mark})")
            else:
                lines.extend([*textwrap.wrap(block.text, 78), ""])
        for child in section.children:
            emit(child)

    emit(document.body)
    return "\n".join(lines)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_example_posts_as_extracted_text_import_back(example: Path, tmp_path: Path) -> None:
    original = load_document(example)
    source = tmp_path / "extracted.txt"
    source.write_text(_as_extracted_text(original), encoding="utf-8")
    result = import_files([source], tmp_path / "posts")
    assert not result.missing and not result.extra
    documents = [parse_document(file.text, file.path) for file in result.files]
    assert [b.text for d in documents for _, b in d.blocks()] == \
        [b.text for _, b in original.blocks()]
    headings = [s.heading for d in documents for s in d.sections()] + \
        [d.title for d in documents if d.title]
    assert all(section.heading in headings for section in original.sections())
    assert [(c.group, c.text, c.importance) for d in documents for c in d.criteria()] == \
        [(c.group, c.text, c.importance) for c in original.criteria()]


def _imported(tmp_path: Path, text: str) -> Document:
    """The one document imported from ``text``, checked clean with every word kept."""
    source = tmp_path / "source.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "posts"
    code, output, data = run_import([source], out)
    assert code == 0, output
    assert_checks_clean(out)
    assert_no_word_lost(text, out, data)
    return load_packs([out])[0][0].all_documents()[0]


def _criteria_of(tmp_path: Path, text: str) -> tuple[list[tuple[str, str, str]], str]:
    document = _imported(tmp_path, text)
    assert document.path is not None
    return ([(c.group, c.text, str(c.importance)) for c in document.criteria()],
            document.path.read_text(encoding="utf-8"))


def test_criteria_after_a_paragraph_lead_in(tmp_path: Path) -> None:
    """A group opened by paragraphs ("We are looking for someone able to:") keeps them above
    its criteria; a list that a paragraph follows, or whose lead does not end in ":", stays
    a list."""
    criteria, text = _criteria_of(tmp_path, (
        "PERSON SPECIFICATION\n\nLeadership\n\nThe Fenwick Housing Trust wants a leader who "
        "builds trust quickly.\n\nWe are looking for someone able to:\n\n- Set a clear "
        "direction for tenants and staff\n- Run a board meeting well\n\nAbout the trust\n\n"
        "We own homes in three towns:\n\n- Eastwick\n- Northby\n\nWe are growing.\n\n"
        "Our offices\n\nWe have two.\n\n- Eastwick Quay\n- Northby Mill\n"))
    assert criteria == [
        ("Leadership", "Set a clear direction for tenants and staff", "essential"),
        ("Leadership", "Run a board meeting well", "essential")]
    assert text.index("We are looking for someone able to:") < text.index("| Set a clear")
    assert "- Eastwick\n" in text and "- Northby Mill" in text


def test_importance_heading_with_a_lead_paragraph(tmp_path: Path) -> None:
    criteria, text = _criteria_of(tmp_path, (
        "JOB POSTING\n\nDuties\n\nYou will run the Fenwick tenants' panel.\n\n"
        "Required qualifications\n\nLonger experience will be taken "
        "into account.\n\n- A degree or equivalent experience\n- Driving licence\n\n"
        "Preferred qualifications\n\n- Welsh\n"))
    assert criteria == [
        ("Required qualifications", "A degree or equivalent experience", "essential"),
        ("Required qualifications", "Driving licence", "essential"),
        ("Preferred qualifications", "Welsh", "desirable")]
    assert text.index("Longer experience") < text.index("| A degree")


def test_form_fields_are_not_headings(tmp_path: Path) -> None:
    """A label with its value on the line ("Vacancy number: FW-88") and labels left blank
    ("Sift date:" / "Panel dates:") are paragraphs, not sections; a colon heading over a
    list, and the document's own "Job description: ..." heading, stay headings."""
    text = ("JOB DESCRIPTION: TENANCY OFFICER\n\nVacancy Number: FW-88\n\nAbout The Role\n\n"
            "You will look after 400 homes for the Fenwick Housing Trust.\n\nSift Date:\n\n"
            "Panel Dates:\n\nMain Tasks:\n\n- Visit tenants\n- Collect rent\n")
    document = _imported(tmp_path, text)
    assert [s.heading for s in document.sections()] == ["About The Role", "Main Tasks:"]


def test_a_block_of_labels_and_values_is_not_a_run_of_sections() -> None:
    """A posting's overview printed as labels with values under them, some taken for
    headings line by line: those become paragraphs; the Title Case heading naming the block,
    a known heading and the last label with text under it stay."""
    builder = _Builder([], ImportReport(Path("advert.pdf")))
    builder.nodes = [
        heading_node("Posting Detail Information"), paragraph_node("Open & shut dates"),
        paragraph_node("04/10/2026 to 05/01/2026"), heading_node("Pay scale & band"),
        heading_node("FW 13"), paragraph_node("Remote job"), paragraph_node("No"),
        heading_node("Van provided"), paragraph_node("Yes"), paragraph_node("Drug test"),
        paragraph_node("No"), heading_node("Summary"),
        heading_node("Apply online"), paragraph_node(
            "Send the Fenwick Housing Trust your CV and a letter about your trade work.")]
    builder._unhead_label_blocks()
    assert [n.text for n in builder.nodes if n.kind is NodeKind.HEADING] == [
        "Posting Detail Information", "Summary", "Apply online"]
