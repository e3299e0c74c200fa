"""`jdtool fmt`: canonical, idempotent, model-preserving, atomic."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jdtool.authoring.fmt import format_text, model_view
from jdtool.cli.app import app
from tests.conftest import write

MESSY = "---\nkind: description\ntitle:   Messy   \n" + """\
---
## Purpose
1. First.
1. Second
   wrapped.
* Bullet one
*   Bullet two
    + nested
## Criteria
| Criterion | Essential/Desirable | Assessed by |
|-|-|-|
|Team work|E|A, I|
"""


def test_fmt_canonicalises_and_keeps_the_model() -> None:
    path = Path("messy.md")
    formatted = format_text(MESSY, path)
    assert "title:   Messy\n" in formatted  # front matter kept as written, trailing space gone
    assert "## Purpose\n\n1. First.\n2. Second\n" in formatted
    assert "- Bullet one\n" in formatted
    assert "| Team work | E | A, I |" in formatted  # compact tables: diffs stay small
    assert model_view(formatted, path) == model_view(MESSY, path)
    assert format_text(formatted, path) == formatted


def test_example_posts_are_formatted(posts_copy: Path) -> None:
    result = CliRunner().invoke(app, ["fmt", "--check", str(posts_copy)])
    assert result.exit_code == 0, result.output


def test_fmt_check_reports_and_fmt_rewrites(tmp_path: Path) -> None:
    path = write(tmp_path / "messy.md", MESSY)
    check = CliRunner().invoke(app, ["fmt", "--check", str(path)])
    assert check.exit_code == 1 and "would reformat" in check.output
    assert path.read_text() == MESSY
    result = CliRunner().invoke(app, ["fmt", str(path)])
    assert result.exit_code == 0 and "reformatted" in result.output
    assert path.read_text() == format_text(MESSY, path)
    assert [p.name for p in tmp_path.iterdir()] == ["messy.md"]  # no temp file left behind


def test_fmt_leaves_broken_files_alone(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.md", "---\nkind: brief\n\nno end\n")
    result = CliRunner().invoke(app, ["fmt", str(path)])
    assert result.exit_code == 1
    assert path.read_text() == "---\nkind: brief\n\nno end\n"


_LINES = st.sampled_from([
    "## Heading", "### Sub", "Some text here.", "- bullet", "  - nested bullet", "* star",
    "1. one", "2) two", "", "| Criterion | Essential/Desirable | Assessed by |", "|---|---|---|",
    "| Skill | Essential | Interview |", "> quote", "A *b* **c** `d` [e](https://f.g)",
    "text with trailing spaces   ", "3.2 numbered paragraph", "Setext", "===",
])


@settings(max_examples=120, deadline=None)
@given(st.lists(_LINES, max_size=25))
def test_fmt_is_idempotent_and_model_preserving(lines: list[str]) -> None:
    text = "---\nkind: description\n---\n\n" + "\n".join(lines) + "\n"
    path = Path("gen.md")
    try:
        once = format_text(text, path)
    except Exception as error:  # refusing is allowed; crashing or changing the model is not
        assert "file left as it is" in str(error)
        return
    assert model_view(once, path) == model_view(text, path)
    assert format_text(once, path) == once


def test_atomic_writes_give_new_files_the_usual_permissions(tmp_path: Path) -> None:
    import os

    from jdtool.core.files import write_atomically

    mask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "new.docx", b"\x00binary")
        assert (tmp_path / "new.docx").stat().st_mode & 0o777 == 0o644
        (tmp_path / "kept.md").write_text("x")
        (tmp_path / "kept.md").chmod(0o600)
        write_atomically(tmp_path / "kept.md", "y")
        assert (tmp_path / "kept.md").stat().st_mode & 0o777 == 0o600
        assert (tmp_path / "kept.md").read_text() == "y"
    finally:
        os.umask(mask)


def test_fmt_refuses_to_lose_text_and_leaves_broken_front_matter_alone(tmp_path: Path) -> None:
    body = "## Duties\n\n| Task | Share |\n|---|---|\n| Payroll | 20% | extra cell kept |\n"
    path = write(tmp_path / "cell.md", "---\nkind: description\n---\n\n" + body)
    result = CliRunner().invoke(app, ["fmt", str(path)])
    assert result.exit_code == 1 and "text the reader sees ('cell'" in result.stdout
    broken = write(tmp_path / "broken.md", "---\nkind: description\ntitel: [x\n---\n\n" + body)
    result = CliRunner().invoke(app, ["fmt", str(broken)])
    assert result.exit_code == 1 and "broken.md:4:1: error JD004" in result.stdout
    assert "(not formatted)" in result.stdout
    assert path.read_text().endswith(body) and broken.read_text().endswith(body)


def test_fmt_keeps_unused_link_reference_definitions() -> None:
    text = ("---\nkind: description\n---\n\nSee [the handbook][h].\n\n[h]: https://a.example\n"
            "[Unused  Label]: https://b.example\n  \"Kept title\"\n\nLast *words*.\n")
    once = format_text(text, Path("refs.md"))
    assert "[Unused  Label]: https://b.example\n  \"Kept title\"\n" in once
    assert "[h]: https://a.example" in once and format_text(once, Path("refs.md")) == once


def test_fmt_and_fix_do_not_follow_a_link_out_of_the_folder(tmp_path: Path,
                                                             monkeypatch: object) -> None:
    from tests.test_lint_cli import BAD

    elsewhere = write(tmp_path / "elsewhere" / "group" / "post.md", MESSY + "\n" + BAD[4:])
    write(tmp_path / "elsewhere" / "loose.md", MESSY)
    before = {p: p.read_bytes() for p in elsewhere.parent.parent.rglob("*.md")}
    posts = tmp_path / "project" / "posts"
    write(posts / "mine.md", MESSY)
    (posts / "shared").symlink_to(elsewhere.parent)
    (posts / "loose.md").symlink_to(tmp_path / "elsewhere" / "loose.md")
    (posts / "inner").mkdir()
    (posts / "inner" / "deep").symlink_to(elsewhere.parent)
    monkeypatch.chdir(posts.parent)  # type: ignore[attr-defined]
    result = CliRunner().invoke(app, ["fmt", "posts"])
    assert result.exit_code == 0 and "reformatted posts/mine.md" in result.stdout
    assert result.stdout.count("JD019") == 3 and "not followed" in result.stdout
    assert CliRunner().invoke(app, ["lint", "--fix", "posts"]).exit_code in (0, 1)
    check = CliRunner().invoke(app, ["check", "posts"])
    assert "posts/inner/deep:1:1: warning JD019" in check.stdout
    assert {p: p.read_bytes() for p in elsewhere.parent.parent.rglob("*.md")} == before
    named = CliRunner().invoke(app, ["fmt", "posts/loose.md"])  # asked for by name: followed
    assert named.exit_code == 0 and (posts / "loose.md").is_symlink()
    assert (tmp_path / "elsewhere" / "loose.md").read_text() == format_text(MESSY, Path("x"))


def test_fix_writes_nothing_when_the_command_fails(tmp_path: Path) -> None:
    from tests.test_lint_cli import BAD

    post = write(tmp_path / "posts" / "post.md", BAD)
    (tmp_path / "posts" / "broken.md").write_bytes(b"---\nkind: brief\n---\n\xff\n")
    result = CliRunner().invoke(app, ["lint", "--fix", str(tmp_path / "posts")])
    assert result.exit_code == 2 and "broken.md" in result.output
    assert post.read_text() == BAD
