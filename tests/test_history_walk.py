"""The build's kept revision list (``history.walk``): after new commits on top of the kept
HEAD only ``OLD..HEAD`` is read, and the result is always the full walk's; an amend, a rebase,
a reset, a merge, a shallow clone, a changed configuration or a damaged cache walks in full."""

from __future__ import annotations

from pathlib import Path

import git
import pytest

from jdtool.history import walk
from jdtool.history.repository import GitRepository
from jdtool.history.revisions import Revision
from tests.history_repo import ALICE, BOB, commit_file, init_repo

SPECS = ["posts"]


class Spy:
    """A repository whose listings are recorded: which ranges the walk asked git for."""

    def __init__(self, root: Path) -> None:
        self.repository = GitRepository.find(root)
        self.ranges: list[str | None] = []
        real = self.repository.log_text

        def log_text(specs: list[str], revision_range: str | None = None) -> str:
            self.ranges.append(revision_range)
            return real(specs, revision_range)

        self.repository.log_text = log_text  # type: ignore[method-assign]

    def walked(self, cache: Path) -> list[Revision]:
        self.ranges.clear()
        found = walk.revisions(self.repository, SPECS, cache)
        assert found == GitRepository.find(self.repository.root).revisions(SPECS)
        return found


def _text(number: int) -> str:
    return (f"---\nkind: description\ntitle: Organiser {number}\n---\n\n"
            f"## Duties\n\n* Duty {number}.\n")


@pytest.fixture
def story(tmp_path: Path) -> git.Repo:
    repo = init_repo(tmp_path / "repo")
    for number in range(4):
        commit_file(repo, f"posts/post-{number % 2}.md", _text(number), f"edit {number}", ALICE,
                    f"2020-01-0{number + 1}")
    commit_file(repo, "notes.txt", "not a post", "notes", BOB, "2020-01-06")
    return repo


def test_new_commits_on_top_read_only_the_new_range(story: git.Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    spy = Spy(Path(story.working_tree_dir or "."))
    assert len(spy.walked(cache)) == 4
    assert spy.ranges == [None]
    old = story.head.commit.hexsha
    assert spy.walked(cache)
    assert spy.ranges == []  # the same HEAD: nothing asked of git's log
    commit_file(story, "posts/post-0.md", _text(10), "edit 10", BOB, "2020-02-01")
    commit_file(story, "notes.txt", "still not a post", "notes again", BOB, "2020-02-02")
    commit_file(story, "posts/post-2.md", _text(11), "edit 11", ALICE, "2020-02-03")
    assert len(spy.walked(cache)) == 6
    assert spy.ranges == [f"{old}..{story.head.commit.hexsha}"]


def test_a_renamed_file_is_followed_through_the_kept_list(story: git.Repo,
                                                          tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    spy = Spy(Path(story.working_tree_dir or "."))
    spy.walked(cache)
    commit_file(story, "posts/renamed.md", _text(1), "rename", BOB, "2020-03-01",
                remove="posts/post-1.md")
    revisions = spy.walked(cache)
    assert revisions[0].changes[0].status == "R"
    assert spy.ranges[0] is not None


@pytest.mark.parametrize("rewrite", ["amend", "reset", "rebase"])
def test_rewritten_history_walks_in_full(story: git.Repo, tmp_path: Path, rewrite: str) -> None:
    cache = tmp_path / "cache"
    root = Path(story.working_tree_dir or ".")
    spy = Spy(root)
    commit_file(story, "posts/post-0.md", _text(20), "edit 20", BOB, "2020-02-01")
    spy.walked(cache)
    if rewrite == "amend":
        (root / "posts" / "post-0.md").write_text(_text(21), encoding="utf-8")
        story.git.commit("-qam", "edit 21", "--amend")
    elif rewrite == "reset":
        story.git.reset("-q", "--hard", "HEAD~2")
    else:  # the last two commits replayed onto an older one: new commits, another base
        story.git.rebase("-q", "--onto", "HEAD~3", "HEAD~2")
    spy.walked(cache)
    assert spy.ranges == [None]


def test_a_merge_among_the_new_commits_walks_in_full(story: git.Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    spy = Spy(Path(story.working_tree_dir or "."))
    spy.walked(cache)
    story.git.checkout("-q", "-b", "side", "HEAD~2")
    commit_file(story, "posts/side.md", _text(30), "side", BOB, "2019-12-01")
    story.git.checkout("-q", "main")
    commit_file(story, "posts/post-0.md", _text(31), "main", ALICE, "2020-02-01")
    story.git.merge("-q", "--no-edit", "side")
    spy.walked(cache)
    assert spy.ranges == [None]
    commit_file(story, "posts/post-1.md", _text(32), "after the merge", ALICE, "2020-02-02")
    spy.walked(cache)  # on top of the merge again: one range
    assert spy.ranges == [f"{story.head.commit.parents[0].hexsha}..{story.head.commit.hexsha}"]


def test_a_damaged_or_foreign_cache_walks_in_full(story: git.Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    spy = Spy(Path(story.working_tree_dir or "."))
    spy.walked(cache)
    kept = cache / walk.FILE_NAME
    header, _, text = kept.read_text(encoding="utf-8").partition("\n")
    commit_file(story, "posts/post-0.md", _text(40), "edit 40", BOB, "2020-02-01")
    for damage in (f"{header}\n{text[:-30]}", f"{header}\n{text.replace('edit', 'Edit')}",
                   "", "not json\n" + text, '{"key": 1}\n' + text):
        kept.write_text(damage, encoding="utf-8")
        spy.walked(cache)
        assert spy.ranges == [None]


def test_a_configuration_change_walks_in_full(story: git.Repo, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    spy = Spy(Path(story.working_tree_dir or "."))
    spy.walked(cache)
    commit_file(story, "posts/post-0.md", _text(50), "edit 50", BOB, "2020-02-01")
    with story.config_writer() as config:
        config.set_value("diff", "renameLimit", "5")
    spy.walked(cache)
    assert spy.ranges == [None]
    commit_file(story, "posts/post-0.md", _text(51), "edit 51", BOB, "2020-02-02")
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'diff.renames'='false'")
    spy.walked(cache)
    assert spy.ranges == [None]


def test_a_shallow_clone_is_never_kept(story: git.Repo, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git.Git().clone("-q", "--depth", "2", f"file://{story.working_tree_dir}", str(clone))
    spy = Spy(clone)
    cache = tmp_path / "cache"
    revisions = spy.walked(cache)
    assert revisions[-1].boundary
    assert not (cache / walk.FILE_NAME).exists()


def test_no_cache_folder_walks_in_full(story: git.Repo) -> None:
    spy = Spy(Path(story.working_tree_dir or "."))
    spy.ranges.clear()
    assert walk.revisions(spy.repository, SPECS, None) == spy.repository.revisions(SPECS)
