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
        assert "would change the document's structure" in str(error)
        return
    assert model_view(once, path) == model_view(text, path)
    assert format_text(once, path) == once


def test_atomic_writes_give_new_files_the_usual_permissions(tmp_path: Path) -> None:
    import os

    from jdtool.authoring.fmt import write_atomically

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
