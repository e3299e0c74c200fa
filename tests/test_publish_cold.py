"""The cold build's fast paths give the very site the plain ones give: pack pages rendered by
forked workers (byte for byte the pages of ``--jobs 1``, with the staging's and the cache's
records carried back), JSON-LD indented by msgspec (``json.dumps``'s text), and the files of
a fresh staged tree written in place (0644, one link, nothing left half-made)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jdtool.core.problems import JdtoolError
from jdtool.core.staging import staged_site
from jdtool.publish import rendering
from jdtool.publish.context import BuildOptions
from jdtool.publish.jsonld import indented_json
from jdtool.publish.site import BuildReport, build
from tests.conftest import write

TODAY = dt.date(2026, 12, 1)
WELSH = """---
kind: description
title: Cyfarwyddwr Gweithrediadau
---

## Diben y swydd

- Arwain y tîm gweithrediadau
"""


def _posts(root: Path, posts: Path, copies: int) -> Path:
    """The example posts, the pack copied under new names, one copy with a Welsh page."""
    target = root / "posts"
    shutil.copytree(posts, target)
    for number in range(copies):
        shutil.copytree(target / "director-of-operations", target / f"director-{number:02d}")
    write(target / "director-03" / "description.cy.md", WELSH)
    return target


def _options(posts: Path, out: Path, jobs: int, cache: Path | None = None) -> BuildOptions:
    return BuildOptions(paths=[posts], out=out, today=TODAY, pdf=False, templates=None,
                        cache=cache, progress=False, jobs=jobs)


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def _summary(report: BuildReport) -> tuple[int, int, list[str]]:
    return report.pages, report.rendered, report.packs


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Workers for even a handful of pages, one page per task: every page crosses over.
    The file returned gets the process id of each process that made pages."""
    monkeypatch.setattr(rendering, "_PARALLEL_FROM", 2)
    monkeypatch.setattr(rendering, "_CHUNK", 1)
    makers, make = tmp_path / "makers.txt", rendering._make_pages

    def noted(*args: Any) -> Any:
        with makers.open("a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()}\n")
        return make(*args)
    monkeypatch.setattr(rendering, "_make_pages", noted)
    return makers


def test_workers_write_the_site_one_process_writes(tmp_path: Path, parallel: Path) -> None:
    from tests.conftest import POSTS

    posts = _posts(tmp_path, POSTS, copies=6)
    one = build(_options(posts, tmp_path / "one", jobs=1), generators=[])
    assert parallel.read_text(encoding="utf-8").split() == [str(os.getpid())]
    parallel.unlink()
    two = build(_options(posts, tmp_path / "two", jobs=2), generators=[])
    makers = parallel.read_text(encoding="utf-8").split()
    assert len(makers) == 10 and str(os.getpid()) not in makers  # one task per page
    assert _summary(two) == _summary(one)
    assert two.rendered == 10  # 9 packs and the Welsh page, all rendered
    one_files, two_files = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert "director-03/cy/index.html" in two_files
    assert two_files == one_files
    for path in (tmp_path / "two").rglob("*"):
        if path.is_file():
            info = path.lstat()
            assert (stat.S_IMODE(info.st_mode), info.st_nlink) == (0o644, 1), path


def test_workers_pages_are_cached_and_kept_by_the_next_build(tmp_path: Path,
                                                             parallel: Path) -> None:
    """The cache entries and the files the workers wrote count as this build's: the next
    build finds every page in the cache, and its recycled tree keeps every file."""
    from tests.conftest import POSTS

    posts, cache, out = _posts(tmp_path, POSTS, copies=4), tmp_path / "cache", tmp_path / "site"
    first = build(_options(posts, out, jobs=2, cache=cache), generators=[])
    files = _files(out)
    pages = sorted((cache / "publish" / "page").iterdir())
    assert len(pages) == first.rendered == 8
    (posts / "director-01" / "brief.md").write_text(
        (posts / "director-01" / "brief.md").read_text(encoding="utf-8") + "\nOne more line.\n",
        encoding="utf-8")
    second = build(_options(posts, out, jobs=2, cache=cache), generators=[])
    assert second.rendered == 1  # only the edited pack: the others came from the cache
    changed = {name for name, data in _files(out).items() if files.get(name) != data}
    assert changed == {"director-01/index.html"}
    assert len(list((cache / "publish" / "page").iterdir())) == 8  # the old entry pruned
    files = _files(out)
    third = build(_options(posts, out, jobs=2), generators=[])  # refills the first tree
    assert (third.rendered, third.pages) == (8, first.pages)
    assert _files(out) == files  # nothing the workers wrote was pruned as unwritten


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4), max_leaves=20))
def test_indented_json_is_json_dumps_text(value: object) -> None:
    data = {"value": value}
    assert indented_json(data) == json.dumps(data, ensure_ascii=False, sort_keys=True,
                                             indent=1)


def test_a_fresh_tree_file_that_cannot_be_written_is_one_error(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with pytest.raises(JdtoolError, match=r"page\.html.*cannot write"), \
            staged_site(out) as staging:
        (staging.path / "page.html").mkdir()  # a folder where the file should go
        staging.write(staging.path / "page.html", "<p>x</p>")
    assert not out.exists()  # the failed build left nothing behind
    assert not list(tmp_path.iterdir())


def test_a_template_error_in_a_worker_is_the_one_line_error_of_one_process(
        tmp_path: Path, parallel: Path) -> None:
    from tests.conftest import POSTS

    posts = _posts(tmp_path, POSTS, copies=3)
    templates = tmp_path / "templates"
    write(templates / "pack.html", '{% extends "!theme/pack.html" %}'
                                   "{% block main %}{{ no_such_value }}{% endblock %}\n")
    errors = []
    for jobs in (1, 2):
        options = _options(posts, tmp_path / f"site-{jobs}", jobs)
        options.templates = templates
        with pytest.raises(JdtoolError) as caught:
            build(options, generators=[])
        errors.append((str(caught.value), caught.value.exit_code))
        assert not (tmp_path / f"site-{jobs}").exists()  # the failed build left no site
    assert errors[0] == errors[1]
    assert "pack.html:1: template error: 'no_such_value' is undefined" in errors[1][0]
