"""The build's lint cache (``jdtool.lint.cache``): the same findings as linting afresh, and only
the documents whose findings could have changed linted again."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from jdtool.core.packs import load_packs
from jdtool.lint import engine
from jdtool.lint.config import load_config
from jdtool.lint.engine import LintResult, publishing_gate
from tests.conftest import write

PACK = """---
kind: pack
title: Branch Organiser
organisation: Fenwick Housing Co-operative
status: published
---

# Branch Organiser

The Fenwick Housing Co-operative supports tenants across the county.
"""
DESCRIPTION = """---
kind: description
---

# Job description

## Job purpose

The post-holder reports to the {committee}. The NEC meets every month and he or she
attends. The the meeting is on Tuesday 3 March 2026.

## Key tasks

- Organise branch meetings.
"""


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """The path of every document the engine lints (cached ones are not linted)."""
    linted: list[Path] = []
    real = engine.lint_document

    def counting(document, *args, **kwargs):  # type: ignore[no-untyped-def]
        linted.append(document.path)
        return real(document, *args, **kwargs)

    monkeypatch.setattr(engine, "lint_document", counting)
    yield linted


def _posts(root: Path, committee: str = "National Executive Committee (NEC)") -> Path:
    posts = root / "posts"
    write(posts / "organiser" / "pack.md", PACK)
    write(posts / "organiser" / "description.md", DESCRIPTION.format(committee=committee))
    write(posts / "steward.md", DESCRIPTION.format(committee="committee").replace(
        "kind: description\n", "kind: description\ntitle: Steward\nstatus: published\n", 1))
    return posts


def _gate(posts: Path, cache: Path | None, **options: str) -> LintResult:
    config = load_config(None, today="2026-11-25", **options)
    packs, _ = load_packs([posts])
    return publishing_gate([posts], config, drafts=False, strict=False, packs=packs,
                           cache=cache)


def _same(first: LintResult, second: LintResult) -> None:
    assert [f.to_dict() for f in first.findings] == [f.to_dict() for f in second.findings]
    assert [(f.context, f.edit) for f in first.findings] == \
        [(f.context, f.edit) for f in second.findings]
    assert first.documents == second.documents


def test_cached_findings_are_the_findings(tmp_path: Path, posts_copy: Path,
                                          counted: list[Path]) -> None:
    cache = tmp_path / "cache"
    for posts in (posts_copy, _posts(tmp_path / "made")):
        fresh = _gate(posts, None)
        stored = _gate(posts, cache)
        counted.clear()
        reused = _gate(posts, cache)
        assert counted == []  # nothing changed: every document answered from the cache
        assert fresh.findings
        _same(fresh, stored)
        _same(fresh, reused)


def test_only_the_changed_document_and_its_pack_are_linted_again(tmp_path: Path,
                                                                  counted: list[Path]) -> None:
    posts = _posts(tmp_path)
    cache = tmp_path / "cache"
    _gate(posts, cache)
    loose = posts / "steward.md"
    loose.write_text(loose.read_text(encoding="utf-8") + "\nThe the end.\n", encoding="utf-8")
    counted.clear()
    after = _gate(posts, cache)
    assert counted == [loose]
    _same(after, _gate(posts, None))
    # The pack file's text is part of its description's key: the pack rules read it.
    pack = posts / "organiser" / "pack.md"
    pack.write_text(pack.read_text(encoding="utf-8").replace("county", "region"),
                    encoding="utf-8")
    counted.clear()
    after = _gate(posts, cache)
    assert sorted(counted) == sorted([pack, posts / "organiser" / "description.md"])
    _same(after, _gate(posts, None))


def test_a_change_in_another_document_of_the_pack_changes_the_findings(tmp_path: Path) -> None:
    """The acronym rule takes an abbreviation spelt out in an earlier document of the pack
    as defined: the cached findings of a document must not outlive that definition."""
    posts = _posts(tmp_path, committee="committee")
    cache = tmp_path / "cache"
    pack = posts / "organiser" / "pack.md"
    pack.write_text(pack.read_text(encoding="utf-8") + "\nThe National Executive Committee "
                    "(NEC) sets policy.\n", encoding="utf-8")
    defined = _gate(posts, cache)
    description = posts / "organiser" / "description.md"
    assert not [f for f in defined.findings if f.rule == "JD109" and f.path == description]
    pack.write_text(PACK, encoding="utf-8")
    undefined = _gate(posts, cache)
    assert [f.excerpt for f in undefined.findings
            if f.rule == "JD109" and f.path == description] == ["NEC"]
    _same(undefined, _gate(posts, None))


def test_the_settings_are_part_of_the_key(tmp_path: Path, counted: list[Path]) -> None:
    posts = _posts(tmp_path)
    cache = tmp_path / "cache"
    _gate(posts, cache)
    counted.clear()
    quiet = _gate(posts, cache, disable=["JD403"])
    assert len(counted) == 3
    assert not [f for f in quiet.findings if f.rule == "JD403"]
    _same(quiet, _gate(posts, None, disable=["JD403"]))
    later = load_config(None, today="2027-01-01")
    packs, _ = load_packs([posts])
    counted.clear()
    result = publishing_gate([posts], later, drafts=False, strict=False, packs=packs,
                             cache=cache)
    assert len(counted) == 3  # "today" decides whether a closing date has passed
    _same(result, publishing_gate([posts], later, drafts=False, strict=False, packs=packs))


def test_the_cache_keeps_only_what_the_build_used_and_survives_damage(
        tmp_path: Path, counted: list[Path]) -> None:
    posts = _posts(tmp_path)
    cache = tmp_path / "cache"
    _gate(posts, cache)
    file = cache / "lint" / "findings.json"
    assert len(json.loads(file.read_text(encoding="utf-8"))["entries"]) == 3
    (posts / "steward.md").unlink()
    _gate(posts, cache)
    assert len(json.loads(file.read_text(encoding="utf-8"))["entries"]) == 2
    file.write_text('{"format": 1, "entries": {', encoding="utf-8")  # a torn write elsewhere
    counted.clear()
    _same(_gate(posts, cache), _gate(posts, None))
    assert len(counted) == 2 + 2  # linted afresh once with the damaged cache, once uncached
    entries = json.loads(file.read_text(encoding="utf-8"))["entries"]
    key = next(iter(entries))
    entries[key] = [["JD999"]]  # an entry of the wrong shape is linted again, not trusted
    file.write_text(json.dumps({"format": 1, "entries": entries}), encoding="utf-8")
    _same(_gate(posts, cache), _gate(posts, None))


def test_build_lints_only_what_changed_with_the_same_summary(posts_copy: Path) -> None:
    root = posts_copy.parent
    command = [sys.executable, "-m", "jdtool", "build", "--no-pdf", "--today", "2026-11-25",
               "--out", "site"]

    def run(*extra: str) -> str:
        done = subprocess.run([*command, *extra], cwd=root, capture_output=True, text=True,
                              timeout=300, check=True)
        return next(line for line in done.stderr.splitlines() if line.startswith("lint:"))

    run()
    assert (root / ".jdtool-cache" / "lint" / "findings.json").is_file()
    brief = posts_copy / "director-of-operations" / "brief.md"
    brief.write_text(brief.read_text(encoding="utf-8").replace(
        "financial leadership", "financial leadership with the the"), encoding="utf-8")
    cached = run()
    assert "1 error" in cached
    assert cached == run("--no-cache")
