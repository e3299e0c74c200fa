"""The library API (``jdtool.api``, re-exported by ``jdtool``): every command as a function.

These call the library the way a script would; nothing here goes through the command line.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import jdtool
from jdtool.core.model import Document, Pack
from jdtool.core.problems import EXISTS, JdtoolError, ProblemsFound, UsageError
from jdtool.lint.engine import PublishingRefused
from jdtool.publish.context import BuildOptions
from tests.conftest import FIXTURES, ROOT, write
from tests.history_repo import StoryRepo

OLD, NEW = FIXTURES / "general-secretary-2016.md", FIXTURES / "general-secretary-2018.md"
PACK = ROOT / "posts" / "director-of-operations"


@pytest.fixture
def inside(tmp_path: Path) -> Iterator[Path]:
    """Run the test from ``tmp_path``, as a user runs jdtool from a project's root."""
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(previous)


def test_check_takes_paths_as_str_or_path_and_returns_every_problem(tmp_path: Path) -> None:
    write(tmp_path / "bad.md", "---\nkind: brief\nclosing: 2026-02-30\n---\n")
    write(tmp_path / "good.md", "---\nkind: brief\ntitle: Adviser\n---\n\n## Duties\n\nAdvise.\n")
    result = jdtool.check([str(tmp_path)])
    assert result.documents == 2 and result.errors == 1
    assert [p.code for p in result.problems] == ["JD006"]
    assert jdtool.check([tmp_path]).problems == result.problems
    assert jdtool.check(str(tmp_path)).problems == result.problems  # one path, not characters


def test_without_paths_the_project_posts_folder_is_used_and_outside_one_is_an_error(
        inside: Path) -> None:
    with pytest.raises(UsageError, match="no posts/ folder here; run jdtool from the "
                                         "repository root or give a path") as raised:
        jdtool.check()
    assert raised.value.exit_code == 2
    write(inside / "posts" / "adviser.md", "---\nkind: brief\ntitle: Adviser\n---\n")
    assert jdtool.check().documents == 1


def test_compare_takes_documents_or_paths_in_any_form() -> None:
    from_paths = jdtool.compare(OLD, NEW)
    from_strings = jdtool.compare(str(OLD), str(NEW))
    loaded = jdtool.compare(jdtool.load_for_comparison(OLD), jdtool.load_for_comparison(NEW))
    assert from_paths.stats == from_strings.stats == loaded.stats
    assert not from_paths.is_empty and jdtool.compare(OLD, OLD).is_empty


def test_compare_takes_a_pack_folder_its_documents_matched_by_kind() -> None:
    diff = jdtool.compare(PACK, PACK)
    assert diff.is_empty
    kinds = {change.path.split(" > ")[0] for change in jdtool.compare(PACK, NEW).sections}
    assert {"Job description", "Person specification"} <= kinds


def test_compare_revisions_names_both_sides(story: StoryRepo) -> None:
    result = jdtool.compare_revisions(story.document, "v2016", "v2018")
    assert result.diff.stats.to_dict() == jdtool.compare(OLD, NEW).stats.to_dict()
    assert "v2016" in result.old.label and "v2018" in result.new.label
    assert result.new.revision is not None and result.new.revision.author
    working = jdtool.compare_revisions(story.document, "HEAD")
    assert working.new.label.endswith("(working tree)") and working.diff.is_empty
    in_force = jdtool.compare_revisions(story.document, as_of=dt.date(2018, 6, 1), to_rev="v2018")
    assert "in force on 2018-06-01" in in_force.old.label
    with pytest.raises(UsageError, match="not both"):
        jdtool.compare_revisions(story.document, "v2016", as_of=dt.date(2018, 6, 1))


def test_log_and_blame_follow_the_story(story: StoryRepo) -> None:
    entries = jdtool.log(story.document)
    assert entries and entries[-1].kind == "created"
    blame = jdtool.blame(story.document)
    assert blame.lines and all(line.attribution.wording.short for line in blame.lines)


def test_lint_returns_findings_and_the_configuration_used(tmp_path: Path) -> None:
    document = write(tmp_path / "adviser.md", "---\nkind: description\ntitle: Adviser\n---\n\n"
                     "## Key tasks\n\n- Visit the the advice hub.\n")
    run = jdtool.lint_paths([document], disable=["structure"])
    assert [f.rule for f in run.result.findings] == ["JD403"]
    assert str(run.config.fail_level) == "error" and run.fixed == ()
    fixed = jdtool.lint_paths([document], disable=["structure"], fix=True)
    assert [item.fixes for item in fixed.fixed] == [1]
    assert fixed.result.findings == [] and "the the" not in document.read_text(encoding="utf-8")


def test_lint_refuses_a_missing_path_or_configuration(tmp_path: Path) -> None:
    with pytest.raises(JdtoolError, match="no such file or folder") as missing:
        jdtool.lint_paths([tmp_path / "nope"])
    assert missing.value.exit_code == 2
    with pytest.raises(JdtoolError, match="no such configuration file"):
        jdtool.lint_paths([tmp_path], config=tmp_path / "jdtool.toml")


def test_format_paths_reports_changes_and_problems_without_stopping(tmp_path: Path) -> None:
    messy = write(tmp_path / "messy.md", "---\nkind: brief\ntitle: X\n---\n\n## Duties\n\n"
                  "* One\n* Two\n")
    tidy = write(tmp_path / "tidy.md", "---\nkind: brief\ntitle: X\n---\n\n## Duties\n\n- One\n")
    broken = write(tmp_path / "broken.md", "\x00binary")
    result = jdtool.format_paths([tmp_path], check_only=True)
    assert result.changed == [messy] and [p.path for p in result.problems] == [broken]
    assert messy.read_text(encoding="utf-8").count("*") == 2  # check_only changes nothing
    assert jdtool.format_paths([messy]).changed == [messy]
    assert jdtool.format_paths([messy, tidy]).changed == []


def test_show_gives_the_pack_of_a_folder_and_the_document_a_file_names() -> None:
    pack = jdtool.show(PACK)
    assert isinstance(pack, Pack) and pack.slug == "director-of-operations"
    document = jdtool.show(PACK / "person-spec.md")
    assert isinstance(document, Document) and document.path.name == "person-spec.md"
    assert document.meta is not None and document.meta.organisation  # inherited from pack.md


def test_scaffold_never_overwrites_and_says_so_with_its_own_code(tmp_path: Path) -> None:
    created = jdtool.scaffold("pack", "head-of-policy", root=tmp_path, title="Head of Policy")
    assert len(created) == 5 and all(path.exists() for path in created)
    with pytest.raises(JdtoolError) as raised:
        jdtool.scaffold("brief", "head-of-policy", root=tmp_path)
    assert raised.value.problem is not None and raised.value.problem.code == EXISTS


def test_build_site_lints_first_and_refuses_lint_errors_when_strict(posts_copy: Path,
                                                                     tmp_path: Path) -> None:
    seen = []
    options = BuildOptions(paths=[posts_copy], out=tmp_path / "site", pdf=False, cache=None,
                           progress=False, today=dt.date(2026, 12, 1))
    report = jdtool.build_site(options, on_lint=seen.append)
    assert report.pages and (tmp_path / "site" / "index.html").is_file()
    assert len(seen) == 1 and seen[0].documents
    brief = posts_copy / "director-of-operations" / "brief.md"
    brief.write_text(brief.read_text(encoding="utf-8").replace("## ", "the the\n\n## ", 1),
                     encoding="utf-8")
    with pytest.raises(PublishingRefused, match="not publishing") as refused:
        jdtool.build_site(options, strict=True)
    assert [finding.rule for finding in refused.value.findings] == ["JD403"]


def test_a_docx_build_leaves_the_next_build_without_docx(posts_copy: Path,
                                                         tmp_path: Path) -> None:
    def options(out: str) -> BuildOptions:
        return BuildOptions(paths=[posts_copy], out=tmp_path / out, pdf=False, cache=None,
                            progress=False, today=dt.date(2026, 12, 1))

    jdtool.build_site(options("with"), docx=True)
    jdtool.build_site(options("without"))
    assert list((tmp_path / "with").rglob("*.docx")) and \
        not list((tmp_path / "without").rglob("*.docx"))


def test_export_and_score_sheet_write_where_asked(tmp_path: Path) -> None:
    written = jdtool.export(PACK, tmp_path / "pack.docx")
    assert written == [tmp_path / "pack.docx"] and written[0].stat().st_size
    sheet = jdtool.score_sheet(PACK, output=tmp_path / "scores.csv")
    assert sheet.read_text(encoding="utf-8-sig").startswith("Group,No.,Criterion,")  # the suffix
    with pytest.raises(UsageError, match=r"no scoring sheet format is called '\.txt'"):
        jdtool.score_sheet(PACK, output=tmp_path / "scores.txt")
    assert not (tmp_path / "scores.txt").exists()


def test_export_of_broken_documents_names_the_problems(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "---\nkind: [brief\n---\n")
    with pytest.raises(JdtoolError) as invalid:
        jdtool.export(tmp_path / "a.md", tmp_path / "a.docx")
    assert invalid.value.problem is not None and invalid.value.problem.code == "JD004"
    (tmp_path / "b.md").write_bytes(b"---\x00binary")
    with pytest.raises(ProblemsFound) as unreadable:
        jdtool.export(tmp_path, tmp_path / "out")
    assert [p.code for p in unreadable.value.problems] == ["JD001"]
    assert not (tmp_path / "a.docx").exists() and not (tmp_path / "out").exists()


def test_import_files_dry_run_writes_only_the_report(tmp_path: Path) -> None:
    source = write(tmp_path / "job.txt", "Adviser\n\nMain duties\n\n- Give advice to tenants.\n")
    result = jdtool.import_files([source], out=tmp_path / "posts", dry_run=True,
                                 report=tmp_path / "report.json")
    assert result.files and not (tmp_path / "posts").exists()
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["written"] == [] and data["files"]


def test_import_jdtool_is_cheap() -> None:
    """``jdtool --version`` imports the package, and so the API: no stage may load with it."""
    code = ("import sys, jdtool; print(sorted(m for m in ('msgspec', 'pydantic', 'yaml', "
            "'markdown_it', 'jdtool.core.model', 'jdtool.diff', 'jdtool.lint', 'typer') "
            "if m in sys.modules))")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT).stdout
    assert output.strip() == "[]"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_only_the_cli_imports_the_cli() -> None:
    offenders = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "jdtool").rglob("*.py"))
                 if "cli" not in path.relative_to(ROOT / "jdtool").parts[:1]
                 and path.name != "__main__.py"
                 and any(name.startswith("jdtool.cli") for name in _imports(path))]
    assert offenders == []


def test_tests_import_the_cli_only_to_run_a_command() -> None:
    """Engine tests call the API; CLI tests run the command (``app`` or ``main``) and nothing
    else from ``jdtool.cli``."""
    allowed = {"jdtool.cli.app.app", "jdtool.cli.main"}
    offenders = {str(path.relative_to(ROOT)): sorted(used) for path in
                 sorted((ROOT / "tests").glob("*.py"))
                 if (used := {n for n in _imports(path) if n.startswith("jdtool.cli")} - allowed)}
    assert offenders == {}
