"""The ``import`` command end to end: writing, refusing to overwrite, dry runs, packs, errors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.import_support import assert_checks_clean, run_import

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_dry_run_writes_nothing_but_prints_the_documents(tmp_path: Path) -> None:
    out = tmp_path / "posts"
    code, output, data = run_import([FIXTURES / "union-job-brief.txt"], out, "--dry-run")
    assert code == 0, output
    assert _files(out) == []
    assert "kind: person-spec" in output and "(not written: --dry-run)" in output
    assert data["written"] == []


def test_existing_files_are_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "posts"
    source = FIXTURES / "blog-post.html"
    assert run_import([source], out)[0] == 0
    before = {p: p.read_bytes() for p in _files(out)}
    code, output, _ = run_import([source], out)
    assert code == 1 and "error JD015 already exists; nothing was written" in output
    assert {p: p.read_bytes() for p in _files(out)} == before


def test_several_files_into_one_named_pack(tmp_path: Path) -> None:
    out = tmp_path / "posts"
    spec = tmp_path / "spec.txt"
    spec.write_text("PERSON SPECIFICATION\n\nSkills\n- Clear writing (E) (A/T)\n"
                    "- Public speaking (D) (I)\n", encoding="utf-8")
    brief = tmp_path / "brief.txt"
    brief.write_text("Job Description: Campaigns Officer\n\nMain duties\n"
                     "- Plan and run campaigns with branches.\n", encoding="utf-8")
    code, output, _data = run_import([brief, spec], out, "--pack", "campaigns-officer")
    assert code == 0, output
    assert_checks_clean(out)
    names = [p.name for p in _files(out / "campaigns-officer")]
    assert names == ["description.md", "pack.md", "person-spec.md"]
    report = json.loads((tmp_path / "posts-report.json").read_text(encoding="utf-8"))
    assert [Path(f["source"]).name for f in report["files"]] == ["brief.txt", "spec.txt"]
    assert report["missing_words"] == {}


def test_bad_inputs_give_one_line_errors(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 manager\n".encode("latin-1"))
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    for path, message in ((latin, "not valid UTF-8"), (binary, "binary file"),
                          (tmp_path / "missing.txt", "cannot read file"),
                          (tmp_path / "letter.doc", "cannot be imported")):
        if path.suffix == ".doc":
            path.write_bytes(b"old")
        code, output, _ = run_import([path], tmp_path / "posts")
        assert code == 1, output
        assert output.startswith(f"{path}:") and message in output, output
        assert "Traceback" not in output
    assert _files(tmp_path / "posts") == []


def test_unwritable_report_or_output_stops_before_writing(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from jdtool.cli.app import app

    source = FIXTURES / "union-job-brief.txt"
    out = tmp_path / "posts"
    result = CliRunner().invoke(app, ["import", str(source), "--out", str(out),
                                      "--report", str(tmp_path / "missing" / "r.json")])
    assert result.exit_code == 1 and "nothing was written" in result.output
    assert not out.exists()
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, output, _ = run_import([source], blocker)
    assert code == 1 and "exists and is not a folder" in output and "Traceback" not in output
