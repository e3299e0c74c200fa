"""Templates are compiled once and kept (in the process and in the build cache), and an
edited or damaged entry never shows an old template."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdtool.publish.templates import CompiledTemplates, environment, render


@pytest.fixture(autouse=True)
def fresh_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CompiledTemplates, "_memory", {})


def test_compiled_templates_are_kept_and_an_edit_is_seen(tmp_path: Path) -> None:
    user, compiled = tmp_path / "templates", tmp_path / "cache"
    user.mkdir()
    (user / "note.html").write_text("one {{ value }}\n")
    assert render(environment(user, compiled), "note.html", value=1) == "one 1\n"
    entries = sorted(compiled.iterdir())
    assert len(entries) == 1
    CompiledTemplates._memory.clear()  # a new process: only the folder is left
    assert render(environment(user, compiled), "note.html", value=2) == "one 2\n"
    assert sorted(compiled.iterdir()) == entries
    (user / "note.html").write_text("two {{ value }}\n")  # same size, new words
    assert render(environment(user, compiled), "note.html", value=3) == "two 3\n"
    CompiledTemplates._memory.clear()
    assert render(environment(user, compiled), "note.html", value=4) == "two 4\n"


def test_a_damaged_entry_is_compiled_again(tmp_path: Path) -> None:
    user, compiled = tmp_path / "templates", tmp_path / "cache"
    user.mkdir()
    (user / "note.html").write_text("{{ value }} pages\n")
    render(environment(user, compiled), "note.html", value=1)
    for entry in compiled.iterdir():
        entry.write_bytes(entry.read_bytes()[:40] + b"\x00garbage")
    CompiledTemplates._memory.clear()
    assert render(environment(user, compiled), "note.html", value=5) == "5 pages\n"


def test_without_a_cache_folder_nothing_is_written(tmp_path: Path) -> None:
    user = tmp_path / "templates"
    user.mkdir()
    (user / "note.html").write_text("{{ value }}\n")
    assert render(environment(user), "note.html", value=7) == "7\n"
    assert render(environment(user), "note.html", value=8) == "8\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["templates"]
