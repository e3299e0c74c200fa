"""`jdtool --help` must stay fast: no heavy library may be imported just to show help.

Start-up time itself is measured by benchmarks/bench_foundation.py, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("weasyprint", "docx", "openpyxl", "git", "rapidfuzz", "pypdf", "mammoth", "bs4",
         "jinja2", "pydantic", "msgspec", "yaml", "markdown_it", "mdformat", "rich.markdown",
         "watchfiles", "playwright", "nh3", "jdtool.core.model", "jdtool.core.packs")

PROBE = """
import json, sys
sys.argv = ["jdtool", "--help"]
from jdtool.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def test_help_imports_no_heavy_library() -> None:
    process = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                             timeout=120)
    modules = json.loads(process.stderr.strip().splitlines()[-1])
    loaded = sorted({name for name in modules for heavy in HEAVY
                     if name == heavy or name.startswith(heavy + ".")})
    assert loaded == [], f"--help imports {loaded}"
    assert "Usage: jdtool" in process.stdout


HOT_PROBE = """
import json, sys
sys.argv = ["jdtool", *json.loads(sys.argv[1])]
probe = set(sys.modules)  # what the probe itself loaded (json) is not the command's
from jdtool.cli import main
try:
    main()
except SystemExit as exit:
    status = exit.code
loaded = [name for name in sys.modules if name not in probe]
print(json.dumps([status, sorted(loaded)]), file=sys.stderr)
"""

ROOT = Path(__file__).resolve().parent.parent
OLD, NEW = "tests/fixtures/general-secretary-2016.md", "tests/fixtures/general-secretary-2018.md"


def _run_hot(*arguments: str, cwd: Path = ROOT) -> tuple[int, list[str], str]:
    process = subprocess.run([sys.executable, "-c", HOT_PROBE, json.dumps(arguments)],
                             capture_output=True, text=True, timeout=120, cwd=cwd)
    status, modules = json.loads(process.stderr.strip().splitlines()[-1])
    return status, modules, process.stdout


def _loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return sorted({name for name in modules for heavy in names
                   if name == heavy or name.startswith(heavy + ".")})


def test_hot_commands_in_a_pipe_load_neither_typer_nor_rich() -> None:
    """check, diff and git's diff driver, as scripts and git run them: no command-line
    framework, no console library, no templates, no git for two files, and no pydantic
    (whose models cost a start about 150 ms to build)."""
    unwanted = ("typer", "click", "rich", "jinja2", "git", "mdformat", "pydantic")
    status, modules, out = _run_hot("check", "posts/general-secretary.md")
    assert (status, _loaded(modules, unwanted)) == (0, [])
    status, modules, out = _run_hot("diff", OLD, NEW, "--format", "json")
    assert (status, _loaded(modules, unwanted)) == (1, [])
    assert json.loads(out)["stats"]
    status, modules, out = _run_hot("git-diff-driver", "a.md", OLD, "0" * 40, "100644", NEW,
                                    "0" * 40, "100644")
    assert (status, _loaded(modules, (*unwanted, "jdtool.history.repository",
                                      "subprocess"))) == (0, [])
    assert "five-year" in out


def test_what_the_fast_path_does_not_understand_goes_to_typer() -> None:
    for arguments in (("check", "--help"), ("check", "--bogus"), ("diff", "-f", "json"),
                      ("log", "x.md", "--format", "yaml"), ("diff", OLD, NEW, "-f", "md",
                                                             "--format", "json")):
        status, modules, _ = _run_hot(*arguments)
        assert "typer" in modules, arguments
    status, _, out = _run_hot("check", "--help")
    assert status == 0 and "Usage:" in out
    status, _, _ = _run_hot("check", "--bogus")
    assert status == 2


PLAIN = """---
kind: description
title: Branch Organiser
organisation: Fictional Workers' Union
---

## Purpose

Support members in the branch and keep its records.

## Duties

- Keep the membership list up to date.
- Arrange the branch meetings & take the minutes.
"""


def test_check_and_diff_of_plain_prose_load_only_what_they_use(tmp_path: Path) -> None:
    """No inline markup, no inline Markdown parser; a plain check writes no JSON and starts
    no pager; two files compare without git's layer; no command reads the metadata of
    pydantic at all (the schema is msgspec's); plain ``field: text`` front matter is read
    without PyYAML, a valid document suggests no spelling (difflib), a YAML one reads no TOML;
    and a unified diff loads no other format's writer, no templates and no JSON."""
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(PLAIN, encoding="utf-8")
    new.write_text(PLAIN.replace("up to date", "current"), encoding="utf-8")
    unwanted = ("markdown_it", "mdformat", "subprocess", "jdtool.history", "pydantic")
    status, modules, _ = _run_hot("check", str(old), cwd=tmp_path)
    assert (status, _loaded(modules, (*unwanted, "json", "yaml", "difflib", "tomllib"))) == \
        (0, [])
    assert "msgspec" in modules  # the schema is validated, not bypassed
    status, modules, out = _run_hot("diff", str(old), str(new), "-f", "unified", cwd=tmp_path)
    formats = ("json", "jinja2", "markupsafe", "jdtool.diff.html", "jdtool.diff.json",
               "jdtool.diff.markdown", "jdtool.diff.term", "jdtool.office")
    assert (status, _loaded(modules, (*unwanted, *formats, "yaml", "tomllib"))) == (1, [])
    assert "current" in out
    # Front matter beyond plain lines is still read, by PyYAML, loaded for it alone.
    old.write_text(PLAIN.replace("title: Branch Organiser", 'title: "Branch Organiser"'),
                   encoding="utf-8")
    status, modules, _ = _run_hot("check", str(old), cwd=tmp_path)
    assert status == 0 and "yaml" in modules


def test_a_cached_log_loads_no_parser_and_prints_json_as_json_does(tmp_path: Path) -> None:
    """At an unmoved HEAD, ``log`` reads its stored result: no YAML, no schema, no Markdown
    parser, no git library; its JSON (written by msgspec) is the text ``json.dumps`` gives."""
    from tests.history_repo import build_story_repo

    build_story_repo(tmp_path)
    document = "posts/general-secretary-role.md"
    first_status, _, first = _run_hot("log", document, "--format", "json", cwd=tmp_path)
    status, modules, out = _run_hot("log", document, "--format", "json", cwd=tmp_path)
    assert (first_status, status, out) == (0, 0, first)  # the second run is the cached one
    unwanted = ("yaml", "jdtool.core.schema", "jdtool.core.documents", "markdown_it",
                "markdown_it_pyrs", "git", "pydantic", "typer", "rich", "jinja2")
    assert _loaded(modules, unwanted) == []
    data = json.loads(out)
    assert len(data["revisions"]) == 7
    assert out == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    status, modules, text = _run_hot("log", document, cwd=tmp_path)
    assert (status, _loaded(modules, unwanted)) == (0, [])
    assert "Restore the text" in text
