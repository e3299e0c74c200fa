"""Importing a real PDF made with WeasyPrint: running header and footer removed, lists kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdtool.core.packs import load_packs
from jdtool.core.schema import Kind
from jdtool.importer.pdf import pdf_text
from tests.import_support import assert_checks_clean, assert_no_word_lost, run_import

_DUTIES = "".join(
    f"<li>Keep the records of branch {n} accurate, and report to the regional committee on "
    "their progress every quarter.</li>" for n in range(1, 31))
_PAGE = f"""<html><head><style>
@page {{ size: A4; margin: 2cm;
  @top-center {{ content: "Moorland Teachers' Association"; font-size: 9pt }}
  @bottom-center {{ content: "Job description, page " counter(page) " of " counter(pages);
                    font-size: 9pt }} }}
body {{ font-family: sans-serif; font-size: 11pt }}
</style></head><body>
<h1>Job Description: Regional Officer</h1>
<p>Grade: Officer Grade 3</p>
<h2>Job purpose</h2>
<p>The Regional Officer supports school reps and members across the moorland region, so that
every school has a confident rep and members get good advice when they need it.</p>
<h2>Main duties</h2><ul>{_DUTIES}</ul>
<h2>Person specification</h2>
<h3>Experience</h3><ul><li>Representing members at hearings (Essential) (Interview)</li>
<li>Training new reps (Desirable) (Application)</li></ul>
</body></html>"""


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from weasyprint import HTML

    path = tmp_path_factory.mktemp("pdf") / "regional-officer.pdf"
    HTML(string=_PAGE).write_pdf(path)
    return path


def test_pdf_imports_as_a_pack_without_page_furniture(pdf: Path, tmp_path: Path) -> None:
    out = tmp_path / "posts"
    code, output, data = run_import([pdf], out)
    assert code == 0, output
    assert_checks_clean(out)
    assert_no_word_lost(pdf_text(pdf), out, data)
    packs, _ = load_packs([out])
    pack = packs[0]
    assert pack.meta is not None
    assert (pack.meta.title, pack.meta.grade) == ("Regional Officer", "Officer Grade 3")
    assert pack.meta.organisation == "Moorland Teachers' Association"
    description = pack.document(Kind.DESCRIPTION)
    assert description is not None
    bullets = [block.text for _, block in description.blocks() if block.kind == "bullet"]
    assert len(bullets) == 30
    assert all(text.endswith("every quarter.") for text in bullets)
    assert not any("page" in block.text.lower() for _, block in description.blocks())
    spec = pack.document(Kind.PERSON_SPEC)
    assert spec is not None
    assert [(c.text, c.importance) for c in spec.criteria()] == [
        ("Representing members at hearings", "essential"), ("Training new reps", "desirable")]


def test_broken_pdf_is_one_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    code, output, _ = run_import([broken], tmp_path / "posts")
    assert code == 1
    assert output.startswith(f"{broken}:1:1: error JD001 not a readable PDF") or \
        "no extractable text" in output
    assert "Traceback" not in output and len(output.strip().splitlines()) == 1


_TABLE_ROWS = [
    ("Experience", None, None, None),
    ("Running a busy advice service for members and their families, including evening "
     "surgeries", "✓", "", "Application, Interview"),
    ("Supervising volunteers", "", "✓", "Interview"),
    ("Skills", None, None, None),
    ("Clear report writing", "✓", "", "Test")]


def test_person_specification_table_with_ticks(tmp_path: Path) -> None:
    """A criteria table with ticks under Essential and Desirable, its first column wrapping."""
    from weasyprint import HTML

    rows = "".join(
        f"<tr><th colspan=4 style='text-align:left'>{name}</th></tr>" if essential is None else
        f"<tr><td style='width:50%'>{name}</td><td>{essential}</td><td>{desirable}</td>"
        f"<td>{stages}</td></tr>" for name, essential, desirable, stages in _TABLE_ROWS)
    pdf = tmp_path / "person-spec.pdf"
    HTML(string="<html><body style='font-family: sans-serif; font-size: 10pt'>"
                "<h1>Person specification</h1><table><tr><th>Criteria</th><th>Essential</th>"
                f"<th>Desirable</th><th>How assessed</th></tr>{rows}</table></body></html>"
         ).write_pdf(pdf)
    out = tmp_path / "posts"
    code, output, data = run_import([pdf], out)
    assert code == 0, output
    assert_checks_clean(out)
    assert_no_word_lost(pdf_text(pdf), out, data)
    document = load_packs([out])[0][0].all_documents()[0]
    assert [(c.group, c.text, c.importance, c.assessed_by) for c in document.criteria()] == [
        ("Experience", _TABLE_ROWS[1][0], "essential", ("application", "interview")),
        ("Experience", "Supervising volunteers", "desirable", ("interview",)),
        ("Skills", "Clear report writing", "essential", ("test",))]
