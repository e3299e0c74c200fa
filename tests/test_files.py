"""The one I/O layer: atomic writes (modes, links), the staged site folder and its refusals."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jdtool.cli.app import app
from jdtool.core import files, staging
from jdtool.core.files import new_file_mode, read_source, write_atomically
from jdtool.core.problems import JdtoolError
from jdtool.core.staging import MARKER, check_replaceable, staged_folder, staging_prefix
from tests.conftest import write


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_umask_mode_and_a_replaced_one_keeps_its_own(tmp_path: Path) -> None:
    new = tmp_path / "new.md"
    write_atomically(new, "text\n")
    assert mode(new) == 0o666 & ~files._umask() == new_file_mode()
    kept = write(tmp_path / "kept.md", "old\n")
    os.chmod(kept, 0o600)
    write_atomically(kept, "new\n")
    assert (kept.read_text(), mode(kept)) == ("new\n", 0o600)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.md", "new.md"]


def test_a_symlinked_document_is_written_through_to_its_target(tmp_path: Path) -> None:
    target = write(tmp_path / "real" / "post.md", "old\n")
    link = tmp_path / "post.md"
    link.symlink_to(target)
    write_atomically(link, "new\n")
    assert link.is_symlink() and target.read_text() == "new\n"


def test_a_write_that_fails_names_the_file_and_leaves_nothing(tmp_path: Path) -> None:
    blocker = write(tmp_path / "file", "not a folder\n")
    with pytest.raises(JdtoolError, match=r"file/out.md.*cannot write"):
        write_atomically(blocker / "out.md", "text")
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.md"
    zero.symlink_to("/dev/zero")
    root = tmp_path / "root.md"
    root.symlink_to("/")
    for path, kind in ((fifo, "named pipe"), (zero, "device"), (root, "folder")):
        with pytest.raises(JdtoolError, match=f"not a regular file \\(a {kind}\\)"):
            read_source(path)
    with pytest.raises(JdtoolError, match="cannot read file: File name too long"):
        read_source(tmp_path / ("x" * 5000 + ".md"))


def site(folder: Path, text: str) -> None:
    with staged_folder(folder) as staging:
        write(staging / "index.html", text)


def test_the_site_stays_a_plain_folder_swapped_in_one_step(tmp_path: Path,
                                                            monkeypatch: Any) -> None:
    out = tmp_path / "site"
    site(out, "one")
    swaps: list[tuple[Path, Path]] = []
    real_exchange = staging.exchange_paths

    def exchange(first: Path, second: Path) -> bool:
        swaps.append((first, second))
        return real_exchange(first, second)

    monkeypatch.setattr(staging, "exchange_paths", exchange)
    site(out, "two")
    assert not out.is_symlink() and out.is_dir() and (out / "index.html").read_text() == "two"
    assert (out / MARKER).is_file() and mode(out) == 0o755
    assert [second for _, second in swaps] == [out]  # one atomic exchange, nothing else
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the old site is gone


def test_without_an_atomic_exchange_the_switch_still_ends_whole(tmp_path: Path,
                                                                monkeypatch: Any) -> None:
    out = tmp_path / "site"
    site(out, "one")
    monkeypatch.setattr(staging, "exchange_paths", lambda first, second: False)
    site(out, "two")
    assert (out / "index.html").read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_kill_at_the_switch_leaves_the_old_site_whole(tmp_path: Path,
                                                        monkeypatch: Any) -> None:
    out = tmp_path / "site"
    site(out, "old")

    def killed(first: Path, second: Path) -> bool:
        raise KeyboardInterrupt  # the process dies here

    monkeypatch.setattr(staging, "exchange_paths", killed)
    with pytest.raises(KeyboardInterrupt):
        site(out, "new")
    monkeypatch.undo()
    assert (out / "index.html").read_text() == "old"
    site(out, "final")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@contextmanager
def running_build(out: Path) -> Iterator[Path]:
    with staged_folder(out) as staging:
        yield staging
        raise KeyboardInterrupt  # never switched in


def test_the_next_build_clears_what_killed_builds_left_but_not_running_ones(
        tmp_path: Path) -> None:
    out = tmp_path / "site"
    site(out, "old")
    killed = tmp_path / f"{staging_prefix(out)}killed"
    write(killed / MARKER, "")  # no process holds its lock: the build that made it is dead
    write(killed / "index.html", "half")
    with pytest.raises(KeyboardInterrupt), running_build(out) as running:
        site(out, "new")
        assert running.is_dir() and not killed.exists()
    assert (out / "index.html").read_text() == "new"


@pytest.mark.parametrize("name", ["posts", ".git", ".", "holder", "plain", "file", "link"])
def test_build_refuses_to_replace_what_jdtool_did_not_make(tmp_path: Path, monkeypatch: Any,
                                                           name: str) -> None:
    write(tmp_path / "posts" / "post.md", "---\nkind: description\ntitle: T\n---\n\nBody.\n")
    write(tmp_path / ".git" / "HEAD", "ref: refs/heads/main\n")
    write(tmp_path / "holder" / "posts" / "x.md", "source\n")
    write(tmp_path / "plain" / "notes.txt", "mine\n")
    write(tmp_path / "file", "mine\n")
    (tmp_path / "link").symlink_to("plain")
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    paths = ["holder/posts"] if name == "holder" else []
    result = CliRunner().invoke(app, ["build", *paths, "--no-pdf", "--no-cache",
                                      "--out", name])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "refusing to replace" in lines[0] and "--out" in lines[0]
    assert snapshot(tmp_path) == before


def test_serve_refuses_the_posts_folder_before_serving(tmp_path: Path, monkeypatch: Any) -> None:
    write(tmp_path / "posts" / "post.md", "---\nkind: description\ntitle: T\n---\n\nBody.\n")
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(app, ["serve", "--port", "0", "--out", "posts"])
    assert result.exit_code == 2 and "refusing to replace" in result.stderr
    assert snapshot(tmp_path) == before


def test_an_empty_folder_or_an_earlier_site_may_be_replaced(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    check_replaceable(tmp_path / "empty")
    write(tmp_path / "marked" / MARKER, "")
    write(tmp_path / "marked" / "index.html", "an earlier site")
    site(tmp_path / "marked", "new")
    assert (tmp_path / "marked" / "index.html").read_text() == "new"
    site(tmp_path / "empty", "new")
    assert (tmp_path / "empty" / "index.html").read_text() == "new"
    assert not (tmp_path / "empty").is_symlink()


def test_cached_pages_linked_into_the_site_are_readable_by_all(posts_copy: Path,
                                                               tmp_path: Path) -> None:
    import datetime as dt

    from jdtool.publish.context import BuildOptions
    from jdtool.publish.site import build

    out = tmp_path / "site"
    options = BuildOptions(paths=[posts_copy], out=out, today=dt.date(2026, 12, 1), pdf=False,
                           templates=None, cache=tmp_path / "cache", progress=False)
    build(options, generators=[])
    write(posts_copy / "regional-organiser.md",
          (posts_copy / "regional-organiser.md").read_text() + "\nOne more line.\n")
    report = build(options, generators=[])
    assert report.rendered == 1  # the other pages came from the cache, as hard links
    pages = list(out.rglob("index.html"))
    assert len(pages) > 1 and {mode(page) for page in pages} == {new_file_mode()}


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file's bytes and every link's target under ``folder``."""
    found: dict[str, bytes | str] = {}
    for root, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = Path(root) / name
            if path.is_symlink():
                found[str(path)] = os.readlink(path)
            elif path.is_file():
                found[str(path)] = path.read_bytes()
    return found


@pytest.mark.parametrize(("marker", "length"), [("*", 250), ("_", 201), ("~", 5000)])
def test_a_run_of_emphasis_markers_past_the_limit_is_refused_on_its_line(
        tmp_path: Path, marker: str, length: int) -> None:
    from jdtool.core.files import MAX_MARKER_RUN, read_source
    from jdtool.core.problems import JdtoolError

    fine = tmp_path / "fine.md"
    fine.write_text("---\nkind: brief\n---\n" + "*" * MAX_MARKER_RUN + " _" * 300 + "\n",
                    encoding="utf-8")
    assert read_source(fine)
    bad = tmp_path / "bad.md"
    bad.write_text(f"---\nkind: brief\n---\n\nText {'_' * 20}\nmore {marker * length} end\n",
                   encoding="utf-8")
    with pytest.raises(JdtoolError) as raised:
        read_source(bad)
    assert raised.value.problem is not None and raised.value.problem.line == 6
    assert f"a run of {length:,} '{marker}' characters" in str(raised.value)
