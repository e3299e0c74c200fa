"""The command line behaves like git and ruff: results on stdout, the rest on stderr, a pager on
a terminal, lines that fit it, honest counts, ``wrote FILE``, and clear usage errors."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

from typer.testing import CliRunner

from jdtool.cli.app import app
from tests.conftest import FIXTURES, ROOT, write

OLD, NEW = FIXTURES / "general-secretary-2016.md", FIXTURES / "general-secretary-2018.md"
LONG_MESSAGE_TREE = {
    f"post-{n}.md": f"---\nkind: brief\ntitle: Post {n}\nclosing: 2026-02-3{n % 2}\n---\n"
    for n in range(8)}


def bad_posts(root: Path) -> Path:
    posts = root / "posts"
    for name, text in LONG_MESSAGE_TREE.items():
        write(posts / name, text)
    return posts


def jdtool(*arguments: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The real command in a new process, its output going to pipes (no terminal)."""
    return subprocess.run([sys.executable, "-m", "jdtool", *map(str, arguments)], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def on_terminal(*arguments: str | Path, cwd: Path, rows: int = 5, columns: int = 60,
                pager: str | None = None) -> str:
    """Run the command with a pseudo-terminal of ``rows`` x ``columns`` as its standard
    output; return what reached the terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {key: value for key, value in os.environ.items() if key not in ("LINES", "COLUMNS")}
    env.update({"PYTHONPATH": str(ROOT), "TERM": "dumb", "NO_COLOR": "1"})
    env.pop("PAGER", None)
    if pager is not None:
        env["PAGER"] = pager
    process = subprocess.Popen([sys.executable, "-m", "jdtool", *map(str, arguments)],
                               cwd=cwd, stdin=slave, stdout=slave, stderr=subprocess.DEVNULL,
                               env=env)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            seen += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=120)
    os.close(master)
    return seen.decode("utf-8", "replace").replace("\r\n", "\n")


# Standard output and standard error ---------------------------------------------------------


def test_check_findings_go_to_stdout_and_the_summary_to_stderr(tmp_path: Path) -> None:
    posts = bad_posts(tmp_path)
    result = jdtool("check", posts)
    assert result.returncode == 1
    assert len([line for line in result.stdout.splitlines() if " error JD006 " in line]) == 8
    assert result.stderr.strip() == "8 documents in 8 packs checked: 8 errors"
    grep = subprocess.run(f"{sys.executable} -m jdtool check {posts} | grep -c JD006",
                          shell=True, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert grep.stdout.strip() == "8"


def test_lint_report_goes_to_stdout_and_its_summary_to_stderr(tmp_path: Path) -> None:
    document = write(tmp_path / "adviser.md", "---\nkind: description\ntitle: Adviser\n---\n\n"
                     "## Key tasks\n\n- Visit the the advice hub.\n")
    result = CliRunner().invoke(app, ["lint", str(document), "--disable", "structure"])
    assert result.exit_code == 1
    assert re.search(r"\berror +JD403\b", result.stdout) and "linted" not in result.stdout
    assert result.stderr.strip() == "1 document linted: 1 error, 0 warnings, 0 suggestions"


# Counts ---------------------------------------------------------------------------------------


def test_counts_of_one_are_singular(tmp_path: Path) -> None:
    write(tmp_path / "posts" / "one.md", "---\nkind: brief\nclosing: 2026-02-30\n---\n")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "posts")])
    assert result.stderr.strip() == "1 document in 1 pack checked: 1 error"
    shown = CliRunner().invoke(app, ["show", str(ROOT / "posts" / "general-secretary.md")])
    assert "(lines 13-16, 1 block)" in shown.stdout and "1 blocks" not in shown.stdout


# Writing files ----------------------------------------------------------------------------


def test_every_output_file_is_announced_on_stderr(tmp_path: Path) -> None:
    commands = {
        "changes.html": ["diff", str(OLD), str(NEW), "-o"],
        "lint.sarif": ["lint", str(ROOT / "posts" / "general-secretary.md"), "-o"],
        "schema.json": ["schema", "-o"],
        "pack.docx": ["export", str(ROOT / "posts" / "director-of-operations"), "-o"],
        "scores.csv": ["scoresheet", str(ROOT / "posts" / "director-of-operations"), "-o"],
    }
    for name, arguments in commands.items():
        target = tmp_path / name
        result = CliRunner().invoke(app, [*arguments, str(target)])
        assert result.exit_code in (0, 1), (name, result.output)
        assert result.stderr.splitlines()[-1 if name != "lint.sarif" else 0] == \
            f"wrote {target}", (name, result.stderr)
        assert result.stdout == "" and target.is_file(), name


def test_an_output_suffix_no_format_matches_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "changes.odt"
    result = CliRunner().invoke(app, ["diff", str(OLD), str(NEW), "-o", str(target)])
    assert result.exit_code == 2 and not target.exists()
    assert result.stderr.startswith(f"jdtool: {target}: no output format is called '.odt'; use ")
    sheet = CliRunner().invoke(app, ["scoresheet", str(ROOT / "posts" / "director-of-operations"),
                                     "-o", str(tmp_path / "scores.txt")])
    assert sheet.exit_code == 2 and not (tmp_path / "scores.txt").exists()
    assert "no scoring sheet format is called '.txt'" in sheet.stderr
    lint = CliRunner().invoke(app, ["lint", str(ROOT / "posts" / "general-secretary.md"), "-o",
                                    str(tmp_path / "lint.html")])
    assert lint.exit_code == 2 and not (tmp_path / "lint.html").exists()
    assert "no output format is called '.html'; use .json, .sarif, .txt or --format" in lint.stderr
    schema = CliRunner().invoke(app, ["schema", "-o", str(tmp_path / "schema")])
    assert schema.exit_code == 2 and "has no suffix to choose an output format by; use .json" \
        in schema.stderr


def test_the_lint_report_format_follows_the_output_suffix(tmp_path: Path) -> None:
    import json

    target = tmp_path / "lint.sarif"
    result = CliRunner().invoke(app, ["lint", str(ROOT / "posts" / "general-secretary.md"),
                                      "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"


# What show shows ------------------------------------------------------------------------------


def test_show_json_prints_the_document_named_not_its_pack() -> None:
    import json

    spec = ROOT / "posts" / "director-of-operations" / "person-spec.md"
    result = CliRunner().invoke(app, ["show", str(spec), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["path"] == str(spec) and data["kind"] == "person-spec"
    pack = CliRunner().invoke(app, ["show", str(spec.parent), "--format", "json"])
    assert json.loads(pack.stdout)["slug"] == "director-of-operations"


# Did you mean ---------------------------------------------------------------------------------


def test_a_mistyped_value_gets_a_suggestion(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "---\nkind: descripton\ntitle: Adviser\n---\n")
    write(tmp_path / "b.md", "---\nkind: description\ntitle: Adviser\n"
          "employment_type: fulltime\n---\n")
    result = CliRunner().invoke(app, ["check", str(tmp_path)])
    assert "JD008 kind: 'descripton' is not allowed; did you mean 'description'? Use one of " \
        in result.stdout
    assert "JD006 employment_type: 'fulltime' is not allowed; did you mean 'full-time'? " \
        in result.stdout


# Outside a project ----------------------------------------------------------------------------


def test_outside_a_project_commands_say_where_to_run(tmp_path: Path) -> None:
    for command in ("check", "lint", "fmt", "build"):
        result = jdtool(command, cwd=tmp_path)
        assert result.returncode == 2, (command, result.stderr)
        assert result.stderr.strip() == ("jdtool: no posts/ folder here; run jdtool from the "
                                         "repository root or give a path"), command
        assert result.stdout == "" and not (tmp_path / "build").exists()


# The pager and the terminal's width -----------------------------------------------------------


def test_long_output_on_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    posts = bad_posts(tmp_path)
    paged = tmp_path / "paged.txt"
    seen = on_terminal("check", posts, cwd=tmp_path, pager=f"cat > {paged}")
    assert paged.read_text(encoding="utf-8").count(" error JD006 ") == 8
    assert "JD006" not in seen


def test_no_pager_and_short_output_go_straight_to_the_terminal(tmp_path: Path) -> None:
    posts = bad_posts(tmp_path)
    paged = tmp_path / "paged.txt"
    seen = on_terminal("--no-pager", "check", posts, cwd=tmp_path, pager=f"cat > {paged}")
    assert not paged.exists() and seen.count(" JD006 ") == 8
    short = on_terminal("check", posts / "post-0.md", cwd=tmp_path, rows=40,
                        pager=f"cat > {paged}")
    assert not paged.exists() and short.count(" JD006 ") == 1


def test_a_pipe_is_never_paged(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    result = subprocess.run([sys.executable, "-m", "jdtool", "check", str(bad_posts(tmp_path))],
                            capture_output=True, text=True, timeout=120, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "LINES": "3",
                                 "PAGER": f"cat > {paged}"})
    assert not paged.exists() and result.stdout.count(" JD006 ") == 8


def test_long_findings_wrap_to_the_terminal_with_a_hanging_indent(tmp_path: Path) -> None:
    bad_posts(tmp_path)
    seen = on_terminal("--no-pager", "check", "posts/post-0.md", cwd=tmp_path, columns=50)
    lines = [line for line in seen.splitlines() if line.strip()]
    assert len(lines) > 1 and all(len(line) <= 50 for line in lines)
    assert lines[0].startswith("posts/post-0.md:4:1: error JD006 closing:")
    assert all(line.startswith("    ") for line in lines[1:])
    piped = jdtool("check", "posts/post-0.md", cwd=tmp_path)
    assert len(piped.stdout.splitlines()) == 1  # a pipe keeps one line per finding


def test_the_terminal_diff_fits_the_terminal(tmp_path: Path) -> None:
    seen = on_terminal("--no-pager", "diff", OLD, NEW, cwd=ROOT, rows=500, columns=64)
    lines = seen.splitlines()
    assert "## Leading the union" in lines
    assert all(len(line) <= 64 for line in lines if " " in line.strip()), \
        [line for line in lines if len(line) > 64]
    reworded = next(index for index, line in enumerate(lines) if "reworded:" in line)
    assert lines[reworded + 1].startswith("      ")  # under "  reworded:", hanging
    piped = jdtool("diff", OLD, NEW, "--format", "term")
    assert max(len(line) for line in piped.stdout.splitlines()) > 64  # a pipe is not wrapped


def test_an_output_file_that_cannot_be_written_is_one_line_with_its_own_code(
        tmp_path: Path) -> None:
    blocker = write(tmp_path / "not-a-folder", "")
    cases = ((["lint", str(ROOT / "posts" / "general-secretary.md")], "r.txt", 2),
             (["schema"], "s.json", 1), (["diff", str(OLD), str(NEW)], "d.html", 2))
    for arguments, name, status in cases:  # lint and diff keep 1 for "found something"
        target = blocker / name
        result = CliRunner().invoke(app, [*arguments, "-o", str(target)])
        assert result.exit_code == status, (arguments, result.output)
        assert result.stderr.strip().splitlines()[-1].startswith(
            f"{target}:1:1: error JD016 cannot write: "), result.stderr
        assert "Traceback" not in result.output and "internal error" not in result.output
