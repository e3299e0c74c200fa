"""`jdtool new` scaffolds clean documents and never overwrites; `show` prints the model."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jdtool.authoring.check import check
from jdtool.cli.app import app
from tests.conftest import POSTS


def test_new_pack_checks_clean_and_never_overwrites(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["new", "pack", "--pack", "head-of-policy", "--title",
                                 "Head of Policy", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "head-of-policy"
    assert sorted(p.name for p in folder.iterdir()) == [
        "apply.md", "brief.md", "description.md", "pack.md", "person-spec.md"]
    outcome = check([folder])
    assert outcome.errors == 0, outcome.problems
    assert outcome.packs[0].title() == "Head of Policy"
    assert runner.invoke(app, ["fmt", "--check", str(folder)]).exit_code == 0
    before = (folder / "brief.md").read_text()
    (folder / "brief.md").write_text(before + "\nMy own words.\n")
    again = runner.invoke(app, ["new", "brief", "--pack", "head-of-policy", "--root",
                                str(tmp_path)])
    assert again.exit_code == 1 and "already exists" in again.output
    assert (folder / "brief.md").read_text().endswith("My own words.\n")


def test_new_refuses_unsafe_pack_names(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["new", "brief", "--pack", "../escape", "--root",
                                      str(tmp_path)])
    assert result.exit_code == 1 and "not a usable pack name" in result.output
    assert not (tmp_path.parent / "escape").exists()


def test_show_json_is_the_model() -> None:
    result = CliRunner().invoke(app, ["show", str(POSTS / "general-secretary.md"),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "description"
    assert data["meta"]["revised"] == "2018-03"
    headings = [s["heading"] for s in data["body"]["sections"]]
    assert "Leading the union" in headings
    first = data["body"]["sections"][1]["blocks"][0]
    assert first["kind"] == "bullet" and first["lines"][0] > 10


def test_show_pack_inherits_fields() -> None:
    result = CliRunner().invoke(app, ["show", str(POSTS / "director-of-operations"),
                                      "--format", "json"])
    data = json.loads(result.stdout)
    kinds = [d["kind"] for d in data["documents"]]
    assert kinds == ["pack", "brief", "description", "person-spec", "apply"]
    description = data["documents"][2]
    assert description["meta"]["ref"] == data["documents"][0]["meta"]["ref"]
