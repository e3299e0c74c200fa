"""compare(): front matter, sections, blocks, words and criteria on real documents."""

from __future__ import annotations

import shutil
from pathlib import Path

from jdtool.api import load_for_comparison
from jdtool.core.documents import load_document
from jdtool.diff import DocumentDiff, compare
from tests.conftest import FIXTURES, POSTS
from tests.diff_helpers import diff_of, kinds


def _fixture_diff() -> DocumentDiff:
    old = load_for_comparison(FIXTURES / "general-secretary-2016.md")
    new = load_for_comparison(FIXTURES / "general-secretary-2018.md")
    return compare(old, new)


def test_answer_key_of_the_general_secretary_revision() -> None:
    diff = _fixture_diff()
    assert {(c.name, c.old, c.new) for c in diff.meta_changes} == {
        ("term", "Elected for a four-year term", "Elected for a five-year term"),
        ("revised", "2016-04", "2018-03")}
    changed = [c for c in diff.changes if c.kind != "unchanged"]
    assert len(changed) == 9
    moved = [c for c in changed if c.kind == "moved"]
    spokesperson = next(c for c in moved if c.new.text.startswith("Act as the union's principal"))
    assert (spokesperson.old_section, spokesperson.new_section) == \
        ("Leading the union", "Influencing externally")
    assert (spokesperson.old.span.start, spokesperson.new.span.start) == (21, 39)
    reordered = next(c for c in moved if c.new.text.startswith("Lead the union's response"))
    assert reordered.moved_within_section
    assert (reordered.old.span.start, reordered.new.span.start) == (36, 30)
    reworded = sorted((c.old.span.start, c.new.span.start) for c in changed
                      if c.kind == "reworded")
    assert reworded == [(15, 15), (24, 23), (33, 32), (52, 51)]
    assert [(c.old.span.start) for c in changed if c.kind == "removed"] == [26]
    assert sorted(c.new.span.start for c in changed if c.kind == "added") == [53, 61]
    term = next(c for c in changed if c.kind == "reworded" and c.old.span.start == 15)
    assert [(op, text) for op, text in term.words if op != "equal"] == \
        [("delete", "four-year"), ("insert", "five-year")]
    assert diff.stats.blocks_moved == 2 and diff.stats.blocks_moved_within_section == 1


def test_reading_order_puts_removed_blocks_where_they_stood() -> None:
    diff = _fixture_diff()
    order = [(c.kind, (c.new or c.old).span.start) for c in diff.changes]
    removed = order.index(("removed", 26))
    assert order[removed - 1] == ("unchanged", 24) or order[removed - 1][1] < 26


def test_same_document_is_empty_and_summary_says_so() -> None:
    old = load_document(FIXTURES / "general-secretary-2016.md")
    diff = compare(old, old)
    assert diff.is_empty
    assert all(c.kind == "unchanged" for c in diff.changes)
    assert len(diff.changes) == sum(1 for _ in old.blocks())
    assert "No changes" in diff.summary()


def test_reflow_and_line_wrapping_are_not_changes() -> None:
    body = "## Duties\n\nKeep the branch accounts and report to each branch meeting on them.\n"
    wrapped = ("## Duties\n\nKeep the branch accounts   and report\n"
               "to each branch meeting on them.\n")
    assert diff_of(body, wrapped).is_empty


def test_renumbering_alone_is_not_a_change_of_wording() -> None:
    old = "## Duties\n\n1. Keep the minutes of meetings.\n2. Run the ballot of members.\n"
    new = "## Duties\n\n3. Keep the minutes of meetings.\n4. Run the ballot of members.\n"
    diff = diff_of(old, new)
    assert diff.is_empty
    assert [f.name for c in diff.changes for f in c.field_changes] == ["number", "number"]
    inserted = "## Duties\n\n1. Welcome new members.\n2. Keep the minutes of meetings.\n" \
        "3. Run the ballot of members.\n"
    assert kinds(diff_of(old, inserted)) == [("added", "Welcome new members.")]


def test_criterion_importance_and_stages_are_field_changes() -> None:
    table = ("## Experience\n\n| Criterion | Essential/Desirable | Assessed by |\n|---|---|---|\n"
             "| Running a branch of at least fifty members | {e} | {a} |\n")
    diff = diff_of(table.format(e="Desirable", a="Application"),
                   table.format(e="Essential", a="Application, Interview"))
    assert not diff.is_empty
    [change] = diff.changes
    assert change.kind == "unchanged"
    assert [(f.name, f.old, f.new) for f in change.field_changes] == [
        ("importance", "desirable", "essential"),
        ("assessed by", "application", "application, interview")]
    assert diff.stats.blocks_field_changed == 1
    assert "criterion" in diff.summary()


def test_renamed_and_moved_sections() -> None:
    duties = "- Keep the minutes of every branch meeting.\n- Send the returns to head office.\n"
    other = "- Welcome new members to the branch.\n- Keep the membership list up to date.\n"
    old = f"## Main duties\n\n{duties}\n## Membership\n\n{other}"
    new = f"## Membership\n\n{other}\n## Principal duties\n\n{duties}"
    diff = diff_of(old, new)
    sections = {s.new_path: s for s in diff.sections if s.new_path}
    assert sections["Principal duties"].renamed
    assert sections["Principal duties"].old_path == "Main duties"
    assert diff.stats.sections_renamed == 1
    assert diff.stats.sections_moved == 1
    # Blocks that travel with their section are not reported as moved one by one.
    assert all(c.kind == "unchanged" for c in diff.changes)


def test_added_and_removed_sections() -> None:
    old = ("## Duties\n\n- Keep the minutes of every meeting.\n\n"
           "## Training\n\n- Attend the course.\n")
    new = "## Duties\n\n- Keep the minutes of every meeting.\n\n## Facilities\n\n" \
        "- Time off for union duties is agreed with the employer.\n"
    diff = diff_of(old, new)
    assert (diff.stats.sections_added, diff.stats.sections_removed) == (1, 1)
    assert sorted(kinds(diff)) == [("added", "Time off for"), ("removed", "Attend the course.")]


def test_quotes_are_optional() -> None:
    old = "## Duties\n\nRepresent the branch at the union\u2019s \u201cannual\u201d conference.\n"
    new = "## Duties\n\nRepresent the branch at the union's \"annual\" conference.\n"
    assert not diff_of(old, new).is_empty
    ignored = diff_of(old, new, ignore_quotes=True)
    assert ignored.is_empty
    [change] = ignored.changes
    assert change.old_text() == change.old.text and change.new_text() == change.new.text


def test_reworded_clause_reads_as_one_replacement() -> None:
    old = "## Duties\n\nReport to the committee on the state of the accounts every quarter.\n"
    new = "## Duties\n\nReport to the committee on a budget for the coming year every quarter.\n"
    [change] = diff_of(old, new).changes
    assert change.kind == "reworded"
    assert [op for op, _ in change.words] == ["equal", "delete", "insert", "equal"]


def test_front_matter_inherited_from_the_pack(tmp_path: Path) -> None:
    before = tmp_path / "before" / "director-of-operations"
    after = tmp_path / "after" / "director-of-operations"
    shutil.copytree(POSTS / "director-of-operations", before)
    shutil.copytree(POSTS / "director-of-operations", after)
    pack = (after / "pack.md").read_text(encoding="utf-8")
    (after / "pack.md").write_text(pack.replace("max: 86200", "max: 88000"), encoding="utf-8")
    diff = compare(load_for_comparison(before / "description.md"),
                   load_for_comparison(after / "description.md"))
    [salary] = diff.meta_changes
    assert salary.name == "salary"
    assert "86,200" in (salary.old or "") and "88,000" in (salary.new or "")


def test_blocks_before_the_first_heading_and_a_title() -> None:
    old = "# Branch Secretary\n\nThe branch secretary keeps the branch running.\n"
    new = "# Branch Officer\n\nThe branch secretary keeps the branch running well.\n"
    diff = diff_of(old, new)
    assert [(f.name, f.old, f.new) for f in diff.meta_changes] == \
        [("heading", "Branch Secretary", "Branch Officer")]
    assert kinds(diff) == [("reworded", "The branch secretary")]


def test_words_rebuild_every_block() -> None:
    diff = _fixture_diff()
    for change in diff.changes:
        if change.old is not None:
            assert change.old_text() == change.old.text
        if change.new is not None:
            assert change.new_text() == change.new.text


def test_repeated_text_is_aligned_without_inventing_a_move() -> None:
    repeated = "- Attend the monthly meeting of the branch committee.\n"
    other = "- Send the minutes to every member of the committee.\n"
    diff = diff_of(f"## Duties\n\n{repeated}{other}{repeated}", f"## Duties\n\n{other}{repeated}")
    assert kinds(diff) == [("removed", "Attend the monthly")]


def test_empty_changed_sections_keep_their_place() -> None:
    from jdtool.diff.layout import groups

    old = "## Duties\n\n- Keep the minutes.\n\n## Pay\n\n- Grade 5.\n"
    new = "## Duties\n\n- Keep the minutes.\n\n## Hours\n\n## Pay\n\n- Grade 5.\n"
    diff = diff_of(old, new)
    assert [(g.path, g.section.kind if g.section else None) for g in groups(diff)] == [
        ("Duties", "unchanged"), ("Hours", "added"), ("Pay", "unchanged")]


def test_subsection_moved_to_another_parent_is_described() -> None:
    from jdtool.diff.layout import section_note

    bullets = "- Chair the disputes committee and report to every branch meeting.\n"
    old = f"## Bargaining\n\n### Disputes\n\n{bullets}\n## Casework\n\n- Advise members.\n"
    new = f"## Bargaining\n\n## Casework\n\n- Advise members.\n\n### Disputes\n\n{bullets}"
    diff = diff_of(old, new)
    [moved] = [s for s in diff.sections if s.moved]
    assert (moved.old_path, moved.new_path) == ("Bargaining > Disputes", "Casework > Disputes")
    assert section_note(moved) == "section moved from under \u201cBargaining\u201d"
    assert all(change.kind == "unchanged" for change in diff.changes)
