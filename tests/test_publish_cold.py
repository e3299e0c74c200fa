"""The cold build's fast paths give the very site the plain ones give: JSON-LD indented by
msgspec (``json.dumps``'s text), and the files of a fresh staged tree written in place (the
bytes of a refilled tree, 0644, one link, one error and nothing left when one cannot be)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jdtool.core.problems import JdtoolError
from jdtool.core.staging import staged_site
from jdtool.publish.context import BuildOptions
from jdtool.publish.jsonld import indented_json
from jdtool.publish.site import build
from tests.conftest import POSTS, write

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


def test_a_fresh_tree_holds_the_files_a_refilled_tree_holds(tmp_path: Path) -> None:
    """Files written in place into a new staged tree (a cold build) are the files written
    through temporary files into a recycled one: same bytes, 0644, one link each."""

    posts = _posts(tmp_path, POSTS, copies=4)
    cold = build(_options(posts, tmp_path / "cold", jobs=1), generators=[])
    out, cache = tmp_path / "site", tmp_path / "cache"
    touched = posts / "regional-organiser.md"
    for round in range(3):  # the third build refills the tree the second one replaced
        os.utime(touched, ns=(10**18 + round, 10**18 + round))  # so that each one builds
        warm = build(_options(posts, out, jobs=1, cache=cache), generators=[])
        assert (warm.unchanged, warm.pages, warm.packs) == (False, cold.pages, cold.packs)
    assert _files(out) == _files(tmp_path / "cold")
    for path in (tmp_path / "cold").rglob("*"):
        if path.is_file():
            info = path.lstat()
            assert (stat.S_IMODE(info.st_mode), info.st_nlink) == (0o644, 1), path


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

