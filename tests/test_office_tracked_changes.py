"""The Word redline: accepting every tracked change gives the new text, rejecting the old.

The changes are applied here from the XML (always), and by LibreOffice headless through its
own Python (when LibreOffice and python3-uno are installed).
"""

from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from jdtool.cli.app import app
from jdtool.core.documents import parse_document
from jdtool.core.facts import field_label
from jdtool.core.model import Document, Section
from jdtool.diff import DocumentDiff, compare
from jdtool.office.docx_export import CRITERIA_HEADER
from jdtool.office.tracked_changes import cells_of, render
from tests.conftest import FIXTURES, write

OLD = FIXTURES / "general-secretary-2016.md"
NEW = FIXTURES / "general-secretary-2018.md"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HERE = Path(__file__).resolve().parent


def _load(path: Path) -> Document:
    return parse_document(path.read_text(encoding="utf-8"), path)


def expected_paragraphs(document: Document, diff: DocumentDiff, side: str) -> list[str]:
    """What the redline must read once every change is resolved towards ``side``: the title
    if it changed, the changed post details as a table (label, value), then every heading,
    paragraph and table cell (criteria tables under their heading row)."""
    lines: list[str] = []
    changes = sorted(diff.meta_changes, key=lambda change: change.name != "heading")
    details: list[str] = []
    for change in changes:
        value = change.old if side == "old" else change.new
        if value is None:
            continue
        if change.name == "heading":
            lines.append(value)
        else:
            details += [field_label(change.name), value]
    if details:
        lines += ["Post details", "", *details]
    in_criteria = False

    def visit(section: Section) -> None:
        nonlocal in_criteria
        if section.level:
            lines.append(section.heading)
            in_criteria = False
        for block in section.blocks:
            cells = cells_of(block)
            is_criterion = block.criterion is not None
            if is_criterion and not in_criteria:
                lines.extend(CRITERIA_HEADER)
            in_criteria = is_criterion
            lines.extend(cells if cells is not None else [block.text])
        for child in section.children:
            visit(child)

    visit(document.body)
    return lines


def _text(paragraph: etree._Element, dropped: set[str], unwrapped: set[str],
          markers: set[str]) -> str:
    content = copy.deepcopy(paragraph)
    for element in list(content.iter()):
        parent = element.getparent()
        if parent is None or parent.tag == f"{W}rPr":
            continue
        if element.tag in dropped or element.tag in markers:
            parent.remove(element)
        elif element.tag in unwrapped:
            index = parent.index(element)
            for offset, child in enumerate(list(element)):
                parent.insert(index + offset, child)
            parent.remove(element)
    return "".join(node.text or "" for node in content.iter(f"{W}t", f"{W}delText"))


def resolve(data: bytes, accept: bool) -> list[str]:
    """Apply every tracked change in ``data`` the way Word does, and return the texts of the
    body's paragraphs (empty ones left out) and of every table cell, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    body = root.find(f"{W}body")
    dropped = {f"{W}del", f"{W}moveFrom"} if accept else {f"{W}ins", f"{W}moveTo"}
    unwrapped = {f"{W}ins", f"{W}moveTo"} if accept else {f"{W}del", f"{W}moveFrom"}
    markers = {f"{W}{side}Range{end}" for side in ("moveFrom", "moveTo")
               for end in ("Start", "End")}
    texts: list[str] = []
    carried = ""
    for element in body:
        if element.tag == f"{W}tbl":
            for row in element.iter(f"{W}tr"):
                properties = row.find(f"{W}trPr")
                if properties is not None and any(child.tag in dropped for child in properties):
                    continue
                texts += [_text(p, dropped, unwrapped, markers) for p in row.iter(f"{W}p")]
            continue
        if element.tag != f"{W}p":
            continue
        properties = element.find(f"{W}pPr")
        mark = properties.find(f"{W}rPr") if properties is not None else None
        mark_dropped = mark is not None and any(child.tag in dropped for child in mark)
        text = _text(element, dropped, unwrapped, markers)
        if mark_dropped:
            carried += text  # the paragraph joins the next one
            continue
        if carried + text:
            texts.append(carried + text)
        carried = ""
    assert not carried
    return texts


def _redline(old: Document, new: Document) -> tuple[DocumentDiff, bytes]:
    diff = compare(old, new)
    return diff, render(diff, title="t", old_label="old", new_label="new")


def test_fixture_revisions_resolve_both_ways() -> None:
    old, new = _load(OLD), _load(NEW)
    diff, data = _redline(old, new)
    assert resolve(data, accept=True) == expected_paragraphs(new, diff, "new")
    assert resolve(data, accept=False) == expected_paragraphs(old, diff, "old")


def test_fixture_redline_uses_native_markup_with_author_and_moves() -> None:
    old, new = _load(OLD), _load(NEW)
    _, data = _redline(old, new)
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    insertions = list(body.iter(qn("w:ins")))
    deletions = list(body.iter(qn("w:del")))
    assert insertions and deletions
    assert all(mark.get(qn("w:author")) == "jdtool" for mark in insertions + deletions)
    ids = [mark.get(qn("w:id")) for mark in body.iter(qn("w:ins"), qn("w:del"), qn("w:moveFrom"),
                                                       qn("w:moveTo"))]
    assert len(ids) == len(set(ids))
    spokesperson = "Act as the union's principal spokesperson"
    moved_from = ["".join(t.text for t in m.iter(qn("w:t")))
                  for m in body.iter(qn("w:moveFrom")) if len(m)]
    moved_to = ["".join(t.text for t in m.iter(qn("w:t"))) for m in body.iter(qn("w:moveTo"))
                if len(m)]
    assert any(text.startswith(spokesperson) for text in moved_from)
    assert any(text.startswith(spokesperson) for text in moved_to)
    ranges = list(body.iter(qn("w:moveFromRangeStart"), qn("w:moveToRangeStart")))
    # Word requires author and date on move ranges, and dates every revision it makes.
    assert all(m.get(qn("w:author")) and m.get(qn("w:date")) for m in [*ranges, *insertions])
    names_from = {m.get(qn("w:name")) for m in body.iter(qn("w:moveFromRangeStart"))}
    names_to = {m.get(qn("w:name")) for m in body.iter(qn("w:moveToRangeStart"))}
    assert names_from == names_to and names_from
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.heading for s in new.sections()]
    assert "t — old → new" in document.sections[0].header.paragraphs[0].text


def _document(sections: list[tuple[str, list[str]]], term: str) -> str:
    parts = [f"---\nkind: description\ntitle: Test Post\nterm: {term}\n---\n"]
    for heading, bullets in sections:
        parts.append(f"## {heading}\n")
        parts.append("\n".join(f"- {bullet}" for bullet in bullets) + "\n" if bullets else
                     "Nothing here yet.\n")
    return "\n".join(parts)


WORDS = st.sampled_from(["members", "union", "branch", "pay", "terms", "staff", "the", "and",
                         "of", "to", "lead", "ensure", "support", "review", "budget",
                         "equality", "report", "NEC", "conference", "rules"])
SENTENCE = st.lists(WORDS, min_size=1, max_size=12).map(lambda ws: " ".join(ws).capitalize())
SECTIONS = st.lists(st.tuples(SENTENCE, st.lists(SENTENCE, max_size=6)), min_size=1, max_size=5)


@st.composite
def revisions(draw: st.DrawFn) -> tuple[str, str]:
    old = draw(SECTIONS)
    new = [(heading, list(bullets)) for heading, bullets in old]
    for _ in range(draw(st.integers(0, 6))):
        index = draw(st.integers(0, len(new) - 1))
        heading, bullets = new[index]
        action = draw(st.sampled_from(["add", "remove", "reword", "move", "rename", "section"]))
        if action == "add":
            bullets.insert(draw(st.integers(0, len(bullets))), draw(SENTENCE))
        elif action == "remove" and bullets:
            bullets.pop(draw(st.integers(0, len(bullets) - 1)))
        elif action == "reword" and bullets:
            position = draw(st.integers(0, len(bullets) - 1))
            bullets[position] = bullets[position] + " " + draw(SENTENCE).lower()
        elif action == "move" and bullets:
            moved = bullets.pop(draw(st.integers(0, len(bullets) - 1)))
            target = new[draw(st.integers(0, len(new) - 1))][1]
            target.insert(draw(st.integers(0, len(target))), moved)
        elif action == "rename":
            new[index] = (heading + " " + draw(WORDS), bullets)
        elif action == "section":
            new.insert(draw(st.integers(0, len(new))), (draw(SENTENCE), [draw(SENTENCE)]))
    term = draw(st.sampled_from(["Four years", "Five years"]))
    return _document(old, "Four years"), _document(new, term)


@settings(max_examples=25, deadline=None)
@given(revisions())
def test_any_revision_pair_resolves_both_ways(pair: tuple[str, str]) -> None:
    old = parse_document(pair[0], Path("old.md"))
    new = parse_document(pair[1], Path("new.md"))
    diff, data = _redline(old, new)
    assert resolve(data, accept=True) == expected_paragraphs(new, diff, "new")
    assert resolve(data, accept=False) == expected_paragraphs(old, diff, "old")


CRITERIA_OLD = """---
kind: person-spec
title: Caseworker
---

## Skills

| Criterion | Essential/Desirable | Assessed by |
|---|---|---|
| Clear writing & <plain> English | Essential | Application |
| Using a case management system | Desirable | Interview |
"""


def test_criterion_importance_and_stage_changes_are_tracked() -> None:
    new_text = CRITERIA_OLD.replace("| Desirable | Interview |", "| Essential | Interview, Test |")
    old = parse_document(CRITERIA_OLD, Path("old.md"))
    new = parse_document(new_text, Path("new.md"))
    _diff, data = _redline(old, new)
    accepted, rejected = resolve(data, accept=True), resolve(data, accept=False)
    row = accepted.index("Using a case management system")
    assert accepted[row:row + 3] == ["Using a case management system", "Essential",
                                     "Interview, Test"]
    row = rejected.index("Using a case management system")
    assert rejected[row:row + 3] == ["Using a case management system", "Desirable", "Interview"]
    assert accepted == expected_paragraphs(new, _diff, "new")
    assert rejected == expected_paragraphs(old, _diff, "old")
    # A table in Word, with tracked cells, not one paragraph per criterion.
    document = docx.Document(io.BytesIO(data))
    table = document.tables[-1]
    assert [cell.text for cell in table.rows[0].cells] == list(CRITERIA_HEADER)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert list(table.rows[2]._tr.iter(qn("w:ins"))) and list(table.rows[2]._tr.iter(qn("w:del")))


def test_diff_command_writes_a_docx(tmp_path: Path) -> None:
    target = tmp_path / "changes.docx"
    result = CliRunner().invoke(app, ["diff", str(OLD), str(NEW), "--format", "docx", "-o",
                                      str(target)])
    assert result.exit_code == 1, result.output  # 1: the documents differ
    document = docx.Document(str(target))
    details = document.tables[0]
    assert details.rows[0].cells[0].text == "Post details"
    assert [row.cells[0].text for row in details.rows[1:]] == ["Term of office", "Last revised"]
    assert not any(p.text.startswith(("term:", "heading:")) for p in document.paragraphs)
    header = document.sections[0].first_page_header
    assert header.paragraphs[0].text == "General Secretary: what changed"
    assert "From the April 2016 version to the March 2018 version" in header.paragraphs[1].text
    same = tmp_path / "same.docx"
    result = CliRunner().invoke(app, ["diff", str(OLD), str(OLD), "-o", str(same)])
    assert result.exit_code == 0
    assert not list(docx.Document(str(same)).element.body.iter(qn("w:ins")))


def test_unreadable_side_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    broken = write(tmp_path / "broken.md", "---\nkind: [\n---\n")
    target = tmp_path / "out.docx"
    result = CliRunner().invoke(app, ["diff", str(OLD), str(broken), "-o", str(target)])
    assert result.exit_code == 2
    assert "broken.md" in result.output and "Traceback" not in result.output
    assert not target.exists()


def _office_python() -> str | None:
    """The Python that can ``import uno`` (LibreOffice's bridge is in the system Python)."""
    if shutil.which("soffice") is None:
        return None
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and Path(candidate).exists() and subprocess.run(
                [candidate, "-c", "import uno"], capture_output=True, check=False).returncode == 0:
            return candidate
    return None


OFFICE_PYTHON = _office_python()
LIST_LABEL = re.compile(r"^ +(?:[•◦▪]|\d+\.) ")


def _spec_pair() -> tuple[Document, Document]:
    changed = CRITERIA_OLD.replace("| Desirable | Interview |", "| Essential | Interview, Test |")
    changed = changed.replace("| Clear writing & <plain> English | Essential | Application |\n",
                              "") + "| Keeping accurate records | Essential | Application |\n"
    return (parse_document(CRITERIA_OLD, Path("old.md")),
            parse_document(changed, Path("new.md")))


@pytest.mark.skipif(OFFICE_PYTHON is None,
                    reason="LibreOffice with python3-uno is not installed")
@pytest.mark.parametrize("pair", ["fixture", "criteria"])
def test_libreoffice_accepts_and_rejects_to_the_same_texts(tmp_path: Path, pair: str) -> None:
    old, new = (_load(OLD), _load(NEW)) if pair == "fixture" else _spec_pair()
    diff, data = _redline(old, new)
    source = tmp_path / "redline.docx"
    source.write_bytes(data)
    subprocess.run([str(OFFICE_PYTHON), str(HERE / "libreoffice_resolve.py"), str(source),
                    str(tmp_path / "profile"), f"accept={tmp_path / 'accept.txt'}",
                    f"reject={tmp_path / 'reject.txt'}"],
                   check=True, capture_output=True, timeout=240)
    for mode, document, side in (("accept", new, "new"), ("reject", old, "old")):
        # LibreOffice writes list items with their indent and label ("    • ", "    3. ").
        lines = [LIST_LABEL.sub("", line) for line in
                 (tmp_path / f"{mode}.txt").read_text(encoding="utf-8-sig").split("\n")]
        # Cells keep empty lines (an empty cell); paragraphs left empty by a change do not
        # count, as in resolve().
        assert [line for line in lines if line] == \
            [line for line in expected_paragraphs(document, diff, side) if line]


def test_changes_carry_the_git_revisions_author_and_date(tmp_path: Path) -> None:
    import datetime as dt

    import git

    repo = git.Repo.init(tmp_path)
    document = tmp_path / "posts" / "general-secretary.md"
    document.parent.mkdir()
    for text, who, when in ((OLD, "Ruth Reviser", dt.datetime(2016, 4, 11, 9, tzinfo=dt.UTC)),
                            (NEW, "Sam Secretary", dt.datetime(2018, 3, 14, 16, 30,
                                                               tzinfo=dt.UTC))):
        document.write_text(text.read_text(encoding="utf-8"), encoding="utf-8")
        repo.index.add([str(document)])
        actor = git.Actor(who, "people@example.org")
        stamp = f"{int(when.timestamp())} +0000"
        repo.index.commit(f"Revision by {who}", author=actor, committer=actor,
                          author_date=stamp, commit_date=stamp)
    target = tmp_path / "changes.docx"
    result = CliRunner().invoke(app, ["diff", str(document), "--from", "HEAD~1", "--to", "HEAD",
                                      "--format", "docx", "-o", str(target)])
    assert result.exit_code == 1, result.output
    body = docx.Document(str(target)).element.body
    marks = list(body.iter(qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo")))
    assert marks
    assert {mark.get(qn("w:author")) for mark in marks} == {"Sam Secretary"}
    stamps = {mark.get(qn("w:date")) for mark in marks}
    assert stamps == {dt.datetime(2018, 3, 14, 16, 30, tzinfo=dt.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ")}
