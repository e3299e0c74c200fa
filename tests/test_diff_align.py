"""Alignment as a careful reader sees it (issue 12): one failure mode per test.

Headings inserted, renamed, re-levelled or changed in case above unchanged blocks move
nothing; real moves, moved-and-reworded blocks, duplicated bullets, grown sentences, template
tags, desirable -> essential and parent headings with no blocks of their own.
"""

from __future__ import annotations

import json
import re

import pytest

from jdtool.diff import DocumentDiff
from jdtool.diff.formats import RenderOptions
from jdtool.diff.layout import groups
from jdtool.diff_formats import FORMATS
from tests.diff_helpers import diff_of, kinds

DUTIES = [
    "Chair the branch committee and make sure that its decisions are recorded.",
    "Agree the branch's priorities for the year and report on progress to members.",
    "Speak for the branch at meetings with the regional office of the union.",
    "Keep the membership list accurate and send changes to head office monthly.",
    "Book rooms for branch meetings and send out agendas a week beforehand.",
    "Claim facility time from the employer and keep a record of the hours used.",
]


def bullets(texts: list[str]) -> str:
    return "".join(f"- {text}\n" for text in texts)


def moves(diff: DocumentDiff) -> list[str]:
    return [change.old.text for change in diff.changes
            if change.kind == "moved" and change.old is not None]


def rendered(diff: DocumentDiff, name: str) -> str:
    """The output of one format; for html, the text a sighted reader sees (tags and
    screen-reader-only words removed)."""
    output = FORMATS[name](diff, RenderOptions("Branch Secretary", "old.md", "new.md"))
    assert isinstance(output, str)
    if name == "html":
        output = re.sub(r'<span class="sr-only">[^<]*</span>', "", output)
        output = re.sub(r"<[^>]+>", "", output)
    return output


def only_heading_events(diff: DocumentDiff) -> None:
    """No block changed at all: every event is a heading's."""
    assert moves(diff) == []
    assert all(change.kind == "unchanged" and not change.counted_field_changes()
               for change in diff.changes), kinds(diff)
    assert not diff.is_empty


def test_sub_headings_inserted_above_unchanged_bullets_move_nothing() -> None:
    old = f"## Key tasks\n\n{bullets(DUTIES)}"
    new = (f"## Key tasks\n\n### Leading\n\n{bullets(DUTIES[:3])}\n"
           f"### Running the office\n\n{bullets(DUTIES[3:])}")
    diff = diff_of(old, new)
    only_heading_events(diff)
    assert diff.stats.sections_added == 2
    assert "2 sections were added" in diff.summary()


def test_renamed_heading_is_counted_and_moves_nothing() -> None:
    diff = diff_of(f"## Main duties\n\n{bullets(DUTIES)}", f"## Key tasks\n\n{bullets(DUTIES)}")
    only_heading_events(diff)
    [section] = [s for s in diff.sections if s.kind != "unchanged"]
    assert (section.kind, section.old_path, section.new_path) == \
        ("renamed", "Main duties", "Key tasks")
    assert diff.stats.sections_renamed == 1
    assert diff.summary() == "1 section was renamed."


def test_renamed_heading_with_every_block_reworded_is_a_rename() -> None:
    old = f"## What does the job involve?\n\n{bullets(DUTIES)}"
    new = "## Your role in the branch\n\n" + bullets([text.replace("branch", "local branch")
                                                  for text in DUTIES])
    diff = diff_of(old, new)
    assert moves(diff) == []
    assert diff.stats.sections_renamed == 1 and diff.stats.sections_added == 0
    assert diff.stats.blocks_reworded == 4


def test_case_only_change_is_a_rename_and_moves_nothing() -> None:
    other = "## Pay\n\n- Grade 5 on the union's staff scale, paid monthly.\n"
    diff = diff_of(f"## Key Tasks\n\n{bullets(DUTIES)}\n{other}",
                   f"## Key tasks\n\n{bullets(DUTIES)}\n{other}")
    only_heading_events(diff)
    [section] = [s for s in diff.sections if s.kind != "unchanged"]
    assert section.renamed and section.case_only and not section.moved
    assert "renamed from \u201cKey Tasks\u201d (case only)" in rendered(diff, "term")


def test_re_levelled_headings_under_a_new_parent_are_not_moved() -> None:
    old = (f"## Leading\n\n{bullets(DUTIES[:3])}\n## Office\n\n{bullets(DUTIES[3:])}\n"
           "## Pay\n\n- Grade 5.\n")
    new = (f"## Responsibilities\n\n### Leading\n\n{bullets(DUTIES[:3])}\n"
           f"### Office\n\n{bullets(DUTIES[3:])}\n## Pay\n\n- Grade 5.\n")
    diff = diff_of(old, new)
    only_heading_events(diff)
    relevelled = [s for s in diff.sections if s.relevelled]
    assert [(s.old_path, s.new_path, s.moved) for s in relevelled] == [
        ("Leading", "Responsibilities > Leading", False),
        ("Office", "Responsibilities > Office", False)]
    assert (diff.stats.sections_relevelled, diff.stats.sections_moved,
            diff.stats.sections_added) == (2, 0, 1)
    assert "re-levelled" in diff.summary()
    assert "### Leading  [section re-levelled 2 \u2192 3]" in rendered(diff, "term")
    data = json.loads(rendered(diff, "json"))
    assert {(s["old_level"], s["new_level"]) for s in data["sections"] if s["relevelled"]} == \
        {(2, 3)}


def test_a_real_move_is_found_beside_heading_changes() -> None:
    old = f"## Leading\n\n{bullets(DUTIES[:3])}\n## Office\n\n{bullets(DUTIES[3:])}"
    new = (f"## Leading the branch\n\n{bullets(DUTIES[:2])}\n### Office\n\n"
           f"{bullets(DUTIES[3:5] + DUTIES[2:3] + DUTIES[5:])}")
    diff = diff_of(old, new)
    assert moves(diff) == [DUTIES[2]]
    assert diff.stats.blocks_moved == 1
    assert diff.stats.sections_renamed == 1 and diff.stats.sections_relevelled == 1


def test_moved_and_reworded_introduction() -> None:
    intro = ("The branch secretary is elected each year by the members of the branch and "
             "works closely with the chair, the treasurer and the regional organiser.")
    reworded = intro.replace("each year", "every year").replace(", the treasurer", "")
    tasks, about = f"## Key tasks\n\n{bullets(DUTIES)}\n", "## About the branch\n\n"
    old = f"{intro}\n\n{tasks}{about}- Founded 1921.\n"
    new = f"{tasks}{about}{reworded}\n\n- Founded 1921.\n"
    diff = diff_of(old, new)
    [moved] = [c for c in diff.changes if c.kind == "moved"]
    assert (moved.old_section, moved.new_section) == ("", "About the branch")
    assert [(op, text.strip()) for op, text in moved.words if op != "equal"] == [
        ("delete", "each"), ("insert", "every"), ("delete", ", the treasurer")]
    assert "moved from \u201c(before the first heading)\u201d" in rendered(diff, "term")


def test_identical_text_is_never_removed_and_added() -> None:
    repeated = "Attend the monthly meeting of the branch committee."
    old = f"## Duties\n\n{bullets([repeated, DUTIES[0], repeated])}\n## Other\n\n- Desk space.\n"
    new = f"## Duties\n\n{bullets([DUTIES[0]])}\n## Other\n\n{bullets(['Desk space.', repeated])}"
    diff = diff_of(old, new)
    removed = [c.old.text for c in diff.changes if c.kind == "removed" and c.old]
    added = [c.new.text for c in diff.changes if c.kind == "added" and c.new]
    assert not set(removed) & set(added)
    # One copy went, and the text that changed place (the short one, not evidence enough to
    # anchor against the longer one) is a move, never a removal and an addition.
    assert removed == [repeated] and len(moves(diff)) == 1
    duplicated = diff_of(f"## Duties\n\n{bullets([repeated, DUTIES[0]])}",
                         f"## Duties\n\n{bullets([repeated, DUTIES[0], repeated])}")
    assert kinds(duplicated) == [("added", "Attend the monthly")]


def test_a_sentence_that_only_grew_is_reworded() -> None:
    old = "## Finance\n\n- Manage the budget.\n- Keep the accounts.\n"
    new = ("## Finance\n\n- Manage the budget and report on it every quarter to the finance "
           "committee of the branch.\n- Keep the accounts.\n")
    diff = diff_of(old, new)
    assert kinds(diff) == [("reworded", "Manage the budget")]
    [change] = [c for c in diff.changes if c.kind == "reworded"]
    assert [op for op, _ in change.words] == ["equal", "delete", "insert", "equal"] or \
        all(op != "delete" or text.strip() in (".", "") for op, text in change.words)


def test_template_tags_are_not_reworded_words_of_the_bullet() -> None:
    old = ("## Duties\n\n- Chair the committee.\n- Keep the minutes.\n{% if page.remote %}\n"
           "- Work from home two days a week.\n{% endif %}\n")
    new = ("## Duties\n\n- Chair the committee.\n- Keep the minutes.\n{% if page.hybrid %}\n"
           "- Work from home two days a week.\n{% endif %}\n")
    diff = diff_of(old, new)
    assert diff.stats.blocks_reworded == 0 and moves(diff) == []
    [change] = [c for c in diff.changes if c.counted_field_changes()]
    assert change.kind == "unchanged"
    assert [(f.name, f.old, f.new) for f in change.field_changes] == [
        ("template tags", "{% if page.remote %}", "{% if page.hybrid %}")]
    # The tag is one unit in the word ops, never split into "if" and "page.remote".
    assert [text for op, text in change.words if op != "equal"] == \
        ["{% if page.remote %}", "{% if page.hybrid %}"]
    erb = diff_of("## Pay\n\n<%= salary %> a year, paid monthly.\n",
                  "## Pay\n\n<%= salary_band %> a year, paid monthly.\n")
    assert erb.stats.blocks_reworded == 0 and erb.stats.blocks_field_changed == 1


ESSENTIAL_LIST = "## Person specification\n\n### Essential\n\n{}\n### Desirable\n\n{}"
NEGOTIATING = "Experience of negotiating with a large employer on behalf of staff."


def test_desirable_to_essential_is_said_in_every_format() -> None:
    old = ESSENTIAL_LIST.format(bullets(DUTIES[:2]), bullets([NEGOTIATING, DUTIES[2]]))
    new = ESSENTIAL_LIST.format(bullets([*DUTIES[:2], NEGOTIATING]), bullets(DUTIES[2:3]))
    diff = diff_of(old, new)
    [change] = [c for c in diff.changes if c.counted_field_changes()]
    assert [(f.name, f.old, f.new) for f in change.field_changes] == \
        [("importance", "desirable", "essential")]
    assert moves(diff) == []
    for name in ("term", "md", "html", "unified", "json"):
        text = rendered(diff, name)
        assert "desirable \u2192 essential" in text or \
            ('"old": "desirable"' in text and '"new": "essential"' in text), name


def test_desirable_to_essential_by_a_move_between_lists() -> None:
    old = ESSENTIAL_LIST.format(bullets(DUTIES[:2]), bullets([*DUTIES[2:4], NEGOTIATING]))
    new = ESSENTIAL_LIST.format(bullets([NEGOTIATING, *DUTIES[:2]]), bullets(DUTIES[2:4]))
    diff = diff_of(old, new)
    [moved] = [c for c in diff.changes if c.kind == "moved"]
    assert [(f.name, f.old, f.new) for f in moved.field_changes] == \
        [("importance", "desirable", "essential")]
    assert "desirable \u2192 essential" in rendered(diff, "term")


CRITERIA = ("## Experience\n\n| Criterion | Essential/Desirable | Assessed by |\n|---|---|---|\n"
            "| Running a branch of at least fifty members | {} | Application |\n"
            "| Chairing meetings of a large committee | Essential | Interview |\n")


def test_criterion_importance_in_every_format_and_table_columns_kept() -> None:
    diff = diff_of(CRITERIA.format("Desirable"), CRITERIA.format("Essential"))
    for name in ("term", "md", "html", "unified"):
        assert "desirable \u2192 essential" in rendered(diff, name).lower(), name
    table_rows = [line for line in rendered(diff, "md").splitlines() if line.startswith("|")]
    assert all(len(line.strip("|").split("|")) == 3 for line in table_rows), table_rows
    assert "| Chairing meetings of a large committee | Essential | Interview |" in table_rows


def test_parent_heading_with_no_blocks_keeps_its_place() -> None:
    old = (f"## Pay\n\n- Grade 5.\n\n## Duties\n\n### Leading\n\n{bullets(DUTIES[:3])}\n"
           f"### Office\n\n{bullets(DUTIES[3:])}")
    new = old.replace("## Duties", "## Responsibilities").replace(DUTIES[4], DUTIES[4] + " Or two.")
    diff = diff_of(old, new)
    [renamed] = [s for s in diff.sections if s.renamed]
    assert (renamed.old_path, renamed.new_path) == ("Duties", "Responsibilities")
    assert diff.stats.sections_renamed == 1 and moves(diff) == []
    order = [group.path for group in groups(diff) if group.changed]
    assert order == ["Responsibilities", "Responsibilities > Office"]
    for name in ("term", "md", "html", "unified"):
        text = rendered(diff, name)
        parent, child = text.find("Responsibilities"), text.find("Book rooms")
        assert -1 < parent < child, name


@pytest.mark.parametrize("name", ["term", "md", "html", "unified", "json"])
def test_a_heading_rename_alone_is_not_no_changes(name: str) -> None:
    diff = diff_of(f"## Main duties\n\n{bullets(DUTIES)}", f"## Key tasks\n\n{bullets(DUTIES)}")
    text = rendered(diff, name)
    assert "No changes" not in text
    assert ("section renamed: Main duties -> Key tasks" if name == "unified"
            else "1 section was renamed") in text


def test_extra_front_matter_compares_field_by_field() -> None:
    head = ("---\nkind: description\ntitle: Branch Secretary\norganisation: Fenland Clerks' Union\n"
            "extra:\n  date: {date}\n  layout: post\n  tags: [union, branch]\n"
            "  seo:\n    title: {title}\n    image: /img/branch.png\n---\n")
    old = head.format(date="2018-04-26", title="Branch Secretary job")
    new = head.format(date="2018-05-02", title="Branch Secretary vacancy")
    diff = diff_of(f"## Duties\n\n{bullets(DUTIES)}", f"## Duties\n\n{bullets(DUTIES)}",
                   old_head=old, new_head=new)
    assert [(f.name, f.old, f.new) for f in diff.meta_changes] == [
        ("date", "2018-04-26", "2018-05-02"),
        ("seo.title", "Branch Secretary job", "Branch Secretary vacancy")]
    term = rendered(diff, "term")
    assert "date: 2018-04-26 \u2192 2018-05-02" in term and "{" not in term


def test_the_readme_example_through_the_command_line() -> None:
    from typer.testing import CliRunner

    from jdtool.cli.app import app
    from tests.conftest import FIXTURES

    old, new = FIXTURES / "branch-secretary-2019.md", FIXTURES / "branch-secretary-2021.md"
    result = CliRunner().invoke(app, ["diff", str(old), str(new), "-f", "json"])
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["schema_version"] == 2
    stats = {name: count for name, count in data["stats"].items() if count}
    assert stats == {"sections_added": 4, "sections_renamed": 1, "sections_relevelled": 2,
                     "blocks_moved": 1, "blocks_field_changed": 1, "words_added": 1,
                     "words_removed": 4}
    [renamed] = [s for s in data["sections"] if s["renamed"]]
    assert renamed["case_only"] and (renamed["old_path"], renamed["new_path"]) == \
        ("Main Duties", "Main duties")


def test_log_statistics_count_heading_changes() -> None:
    from jdtool.history.log import ChangeStats

    diff = diff_of(f"## Main duties\n\n{bullets(DUTIES)}", f"## Key tasks\n\n{bullets(DUTIES)}")
    stats = ChangeStats()
    stats.add(diff.stats)
    assert stats.headings_changed == 1 and not stats.is_empty
    assert stats.describe().endswith("headings 1")


def test_a_heading_that_moved_over_a_block_regroups_it_without_moving_it() -> None:
    old = f"## Leading\n\n{bullets(DUTIES[:3])}\n## Office\n\n{bullets(DUTIES[3:])}"
    new = f"## Leading\n\n{bullets(DUTIES[:2])}\n## Office\n\n{bullets(DUTIES[2:])}"
    diff = diff_of(old, new)
    assert moves(diff) == []
    [change] = [c for c in diff.changes if c.counted_field_changes()]
    assert change.kind == "unchanged" and change.regrouped
    assert [(f.name, f.old, f.new) for f in change.field_changes] == \
        [("section", "Leading", "Office")]
    assert diff.stats.blocks_regrouped == 1
    assert "1 passage kept in place now stands under another heading." in diff.summary()
    assert "section: Leading \u2192 Office" in rendered(diff, "term")


def test_unchanged_parent_heading_is_shown_above_a_changed_sub_section() -> None:
    old = (f"## Pay\n\n- Grade 5.\n\n## Duties\n\n### Leading\n\n{bullets(DUTIES[:3])}\n"
           f"### Office\n\n{bullets(DUTIES[3:])}")
    new = old.replace(DUTIES[4], DUTIES[4] + " Or two.")
    diff = diff_of(old, new)
    term = rendered(diff, "term")
    assert "## Duties\n\n### Office\n  reworded:" in term
    md = rendered(diff, "md")
    assert md.index("## Duties") < md.index("### Leading") < md.index("### Office")


def test_bullets_shuffled_inside_a_section_do_not_move_the_section() -> None:
    order = [5, 0, 3, 1, 4, 2]
    diff = diff_of(f"## Pay\n\n- Grade 5.\n\n## Duties\n\n{bullets(DUTIES)}",
                   f"## Pay\n\n- Grade 5.\n\n## Duties\n\n{bullets([DUTIES[k] for k in order])}")
    assert diff.stats.sections_moved == 0
    assert diff.stats.blocks_moved == diff.stats.blocks_moved_within_section > 0


def test_renumbered_headings_are_matched_and_move_nothing() -> None:
    sections = [("Purpose", DUTIES[:2]), ("Duties", DUTIES[2:4]), ("Pay", DUTIES[4:])]
    old = "".join(f"## {n}. {h}\n\n{bullets(b)}\n" for n, (h, b) in enumerate(sections, 1))
    new = "## 1. About us\n\n- A union of clerks.\n\n" + "".join(
        f"## {n}. {h}\n\n{bullets(b)}\n" for n, (h, b) in enumerate(sections, 2))
    diff = diff_of(old, new)
    assert moves(diff) == [] and diff.stats.sections_moved == 0
    renamed = [(s.old_path, s.new_path) for s in diff.sections if s.renamed]
    assert renamed == [("1. Purpose", "2. Purpose"), ("2. Duties", "3. Duties"),
                       ("3. Pay", "4. Pay")]
