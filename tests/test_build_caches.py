"""A build's own caches after commits (the parse cache, the kept revision list): whatever
happened to the history or to the caches, the site is byte for byte the ``--no-cache`` one."""

from __future__ import annotations

import pickle
from pathlib import Path

from jdtool.core import parse_cache
from jdtool.history import walk
from tests.test_build_after_commit import assert_as_fresh, build, edit, officers


def test_amend_reset_and_damaged_caches_still_give_the_fresh_site(tmp_path: Path) -> None:
    story = officers(tmp_path)
    build(story, "--jobs", "1")
    cache = tmp_path / ".jdtool-cache"
    parsed = cache / "parsed" / parse_cache.FILE_NAME
    kept = cache / "history" / walk.FILE_NAME
    assert parsed.is_file() and kept.is_file()
    edit(story, range(1), "one commit on top", "2019-07-01")
    build(story, "--jobs", "1")
    assert_as_fresh(story)
    # The last commit amended (HEAD no longer descends from the kept one), then undone.
    path = story.root / "posts" / "officer-1.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nAn amended line.\n", encoding="utf-8")
    story.repo.git.commit("-qam", "amended", "--amend")
    build(story, "--jobs", "1")
    assert_as_fresh(story)
    story.repo.git.reset("-q", "--hard", "HEAD~1")
    build(story, "--jobs", "1")
    assert_as_fresh(story)
    # Caches damaged between builds: each one a miss, never a wrong page.
    payload = pickle.loads(parsed.read_bytes())
    entries = payload["entries"]
    first, *others = sorted(entries)
    entries[first] = entries[others[0]]  # a model filed under another text's key
    parsed.write_bytes(pickle.dumps(payload))
    header, _, text = kept.read_text(encoding="utf-8").partition("\n")
    kept.write_text(f"{header}\n{text.replace('Edit officer', 'Edit clerk')}", encoding="utf-8")
    edit(story, range(2), "after damage", "2019-08-01")
    build(story, "--jobs", "1")
    assert_as_fresh(story)
