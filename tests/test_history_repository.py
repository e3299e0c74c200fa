"""The git layer on real repositories: files re-added and copied, merges, repositories git
refuses or cannot read, and broken revisions, through every command that reads history."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import git
import pytest

from jdtool.history.log import build_log
from tests.history_repo import (
    ALICE,
    BOB,
    CAROL,
    TEXT_2016,
    TEXT_2018,
    RunResult,
    build_story_repo,
    commit_file,
    init_repo,
    run_jdtool,
    with_new_duty,
)

ROOT = Path(__file__).resolve().parent.parent
ORGANISER = (ROOT / "posts" / "regional-organiser.md").read_text(encoding="utf-8")
DUTY = "- Lead the union's recruitment and organising work"


def one_line_error(result: RunResult, exit_code: int = 2) -> str:
    assert result.exit_code == exit_code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def remove_file(repo: git.Repo, relative: str, message: str, date: str) -> str:
    repo.index.remove([relative], working_tree=True)
    stamp = f"{date}T10:00:00"
    commit = repo.index.commit(message, author=BOB, committer=BOB, author_date=stamp,
                               commit_date=stamp)
    return str(commit.hexsha)


# -- files that come back, and copies -----------------------------------------------------------

@pytest.fixture(scope="module")
def readded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """``a.md`` created, revised, copied to a template, withdrawn, then advertised again."""
    root = tmp_path_factory.mktemp("readded")
    repo = init_repo(root)
    commits = {
        "created": commit_file(repo, "posts/a.md", TEXT_2016, "Add a", ALICE, "2016-04-01"),
        "revised": commit_file(repo, "posts/a.md", TEXT_2018, "Revise a", ALICE, "2018-03-14"),
        "template": commit_file(repo, "posts/template.md", TEXT_2018, "Keep a template", BOB,
                                "2018-06-01"),
        "withdrawn": remove_file(repo, "posts/a.md", "Withdraw a", "2019-01-01"),
        "again": commit_file(repo, "posts/a.md", with_new_duty(TEXT_2018), "Advertise a again",
                             CAROL, "2020-01-01"),
        "copy": commit_file(repo, "posts/copy.md", TEXT_2018.replace("five-year", "four-year"),
                            "A new post from the template", CAROL, "2020-02-01"),
    }
    return root, commits


def test_a_file_deleted_and_added_again_keeps_its_own_history(
        readded: tuple[Path, dict[str, str]]) -> None:
    root, commits = readded
    _, entries = build_log(root / "posts" / "a.md")
    assert [entry.revision.commit for entry in entries] == \
        [commits[name] for name in ("again", "withdrawn", "revised", "created")]
    assert [entry.kind for entry in entries] == ["created", "deleted", "changed", "created"]
    assert not any("renamed" in note for entry in entries for note in entry.notes)


def test_a_copy_of_another_document_starts_a_history_of_its_own(
        readded: tuple[Path, dict[str, str]]) -> None:
    root, commits = readded
    copy = root / "posts" / "copy.md"
    _, entries = build_log(copy)
    assert [(entry.revision.commit, entry.kind) for entry in entries] == \
        [(commits["copy"], "created")]
    message = one_line_error(run_jdtool("diff", copy, "--from", commits["again"]))
    assert "copy.md: did not exist at" in message


def test_diff_from_a_revision_finds_the_file_only_where_it_was_this_file(
        readded: tuple[Path, dict[str, str]]) -> None:
    root, commits = readded
    document = root / "posts" / "a.md"
    message = one_line_error(run_jdtool("diff", document, "--from", commits["withdrawn"]))
    assert "a.md: did not exist at" in message
    earlier = run_jdtool("diff", document, "--from", commits["revised"], "--format", "json")
    assert earlier.exit_code == 1, earlier.stderr
    assert json.loads(earlier.stdout)["stats"]["blocks_added"] == 1  # the new duty


def test_a_name_another_file_had_earlier_is_not_this_file(tmp_path: Path) -> None:
    repo = init_repo(tmp_path)
    unrelated = commit_file(repo, "posts/b.md", ORGANISER, "An organiser post", BOB,
                            "2015-01-01")
    remove_file(repo, "posts/b.md", "Withdraw the organiser post", "2015-06-01")
    commit_file(repo, "posts/a.md", TEXT_2016, "Add a", ALICE, "2016-04-01")
    commit_file(repo, "posts/b.md", TEXT_2016, "Rename a to b", CAROL, "2017-01-01",
                remove="posts/a.md")
    document = tmp_path / "posts" / "b.md"
    assert [entry.kind for entry in build_log(document)[1]] == ["renamed", "created"]
    message = one_line_error(run_jdtool("diff", document, "--from", unrelated))
    assert "b.md: did not exist at" in message
    assert run_jdtool("diff", document, "--from", "HEAD~1").exit_code == 0


def test_an_empty_revision_name_is_an_error_not_head(readded: tuple[Path, dict[str, str]]
                                                     ) -> None:
    root, _ = readded
    message = one_line_error(run_jdtool("diff", root / "posts" / "a.md", "--from", ""))
    assert "'' is not a revision name" in message
    assert "not a revision name" in one_line_error(
        run_jdtool("diff", root / "posts" / "a.md", "--from", "HEAD", "--to", " "))


# -- merges -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Two branches reword the same duty; the merge resolves the conflict with new words."""
    root = tmp_path_factory.mktemp("merged")
    repo = init_repo(root)
    path = "posts/general-secretary.md"
    commits = {"base": commit_file(repo, path, TEXT_2018, "Base", ALICE, "2018-03-14")}
    repo.git.checkout("-q", "-b", "side")
    commits["side"] = commit_file(repo, path, TEXT_2018.replace(DUTY, "- Direct the union's "
                                                                "recruitment and organising work"),
                                  "Side wording", BOB, "2018-04-01")
    repo.git.checkout("-q", "main")
    commits["main"] = commit_file(repo, path, TEXT_2018.replace(DUTY, "- Guide the union's "
                                                                "recruitment and organising work"),
                                  "Main wording", CAROL, "2018-04-02")
    with pytest.raises(git.GitCommandError):
        repo.git.merge("side", "-m", "unused")  # the conflict
    resolved = TEXT_2018.replace(DUTY, "- Steer the union's recruitment and organising work")
    (root / path).write_text(resolved, encoding="utf-8")
    repo.git.add(path)
    repo.git.commit("-q", "-m", "Merge side: steer, not guide or direct",
                    env={"GIT_AUTHOR_DATE": "2018-04-03T10:00:00",
                         "GIT_COMMITTER_DATE": "2018-04-03T10:00:00"})
    commits["merge"] = repo.head.commit.hexsha
    return root / path, commits


def test_a_merge_that_gave_the_file_its_text_is_in_the_log(
        merged: tuple[Path, dict[str, str]]) -> None:
    document, commits = merged
    _, entries = build_log(document)
    merge = entries[0]
    assert merge.revision.commit == commits["merge"]
    assert {entry.revision.commit for entry in entries} == set(commits.values())
    assert merge.kind == "changed" and merge.stats is not None
    assert merge.stats.blocks_reworded == 1  # against its first parent, the main line


def test_blame_attributes_the_merged_wording_to_the_merge(
        merged: tuple[Path, dict[str, str]]) -> None:
    document, commits = merged
    result = run_jdtool("blame", document, "--format", "json")
    assert result.exit_code == 0, result.stderr
    blocks = json.loads(result.stdout)["blocks"]
    steer = next(block for block in blocks if block["text"].startswith("Steer the union"))
    assert steer["wording"]["commit"] == commits["merge"]
    assert all(block["wording"] is not None for block in blocks)  # nothing "not committed"


# -- repositories git refuses or cannot read ----------------------------------------------------

@pytest.fixture
def foreign(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository git takes to belong to another user (as after a copy or a mounted disk)."""
    story = build_story_repo(tmp_path)
    shutil.copytree(ROOT / "posts" / "director-of-operations",
                    story.root / "posts" / "director-of-operations")
    empty = tmp_path / "empty-config"
    empty.write_text("", encoding="utf-8")
    # git's own switch for "owned by someone else", and no safe.directory from this machine.
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return story.document


def test_a_repository_of_another_user_is_one_clear_line_in_every_command(foreign: Path) -> None:
    for arguments in (["log", foreign], ["blame", foreign], ["diff", foreign, "--from", "v2016"],
                      ["lint", foreign, "--changed-since", "v2016"], ["git-setup", foreign]):
        message = one_line_error(run_jdtool(*arguments))
        assert "belongs to another user" in message and "safe.directory" in message, arguments


def test_a_repository_of_another_user_builds_without_history(foreign: Path) -> None:
    root = foreign.parent.parent
    result = run_jdtool("build", "--no-pdf", "--out", "site", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert "belongs to another user" in result.stderr
    assert (root / "site" / "index.html").is_file()
    assert not list((root / "site").glob("*/history.html"))


def test_a_repository_with_no_commits_builds_without_history(tmp_path: Path) -> None:
    init_repo(tmp_path)
    shutil.copytree(ROOT / "posts", tmp_path / "posts")
    result = run_jdtool("build", "--no-pdf", "--out", "site", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "no commits yet" in result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert not list((tmp_path / "site").glob("*/history.html"))
    document = tmp_path / "posts" / "general-secretary.md"
    assert "no commits yet" in one_line_error(run_jdtool("log", document))
    assert "no commits yet" in one_line_error(run_jdtool("blame", document))


def test_unreadable_repositories_are_one_line_errors(tmp_path: Path) -> None:
    story = build_story_repo(tmp_path / "story")
    tree = story.repo.commit(story.commits["formatted"]).tree.hexsha
    (story.root / ".git" / "objects" / tree[:2] / tree[2:]).unlink()
    message = one_line_error(run_jdtool("log", story.document))
    assert "git cannot read this repository" in message and str(story.root) in message
    assert "git cannot read" in one_line_error(run_jdtool("blame", story.document))
    broken = tmp_path / "broken"
    (broken / "posts").mkdir(parents=True)
    document = broken / "posts" / "general-secretary.md"
    document.write_text(TEXT_2018, encoding="utf-8")
    (broken / ".git").write_text("gitdir: /nonexistent/worktree\n", encoding="utf-8")
    for arguments in (["log", document], ["diff", document, "--from", "HEAD"],
                      ["lint", document, "--changed-since", "HEAD"]):
        assert "/nonexistent/worktree" in one_line_error(run_jdtool(*arguments)), arguments


def test_a_revision_whose_text_is_missing_is_noted_not_fatal(tmp_path: Path) -> None:
    """As in a partial clone: the commit and its tree are there, the file's blob is not."""
    story = build_story_repo(tmp_path)
    commit = story.commits["formatted"]
    blob = story.repo.commit(commit).tree["posts/general-secretary.md"].hexsha
    (story.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    _, entries = build_log(story.document)
    missing = next(entry for entry in entries if entry.revision.commit == commit)
    assert missing.kind == "unreadable"
    assert "does not have this revision's text" in missing.notes[0]
    blame = run_jdtool("blame", story.document)
    assert blame.exit_code == 0 and f"{commit[:7]} (2017-01-10) skipped" in blame.stderr
    message = one_line_error(run_jdtool("diff", story.document, "--from", commit))
    assert "does not have this revision's text" in message and commit[:7] in message


def test_without_git_history_is_one_line_and_the_build_goes_on(tmp_path: Path) -> None:
    """GitPython refuses to import without the git program: that is no internal error."""
    import os
    import subprocess
    import sys

    shutil.copytree(ROOT / "posts", tmp_path / "posts")
    environment = {**os.environ, "PATH": str(tmp_path / "no-programs"), "PYTHONPATH": str(ROOT)}

    def jdtool(*arguments: str) -> RunResult:
        done = subprocess.run([sys.executable, "-m", "jdtool", *arguments], cwd=tmp_path,
                              env=environment, capture_output=True, text=True, timeout=120,
                              check=False)
        return RunResult(done.returncode, done.stdout, done.stderr)

    assert "git is not installed" in one_line_error(jdtool("log", "posts/general-secretary.md"))
    build = jdtool("build", "--no-pdf", "--out", "site")
    assert build.exit_code == 0, build.stderr
    assert "git is not installed" in build.stderr and (tmp_path / "site" / "index.html").is_file()


def test_revisions_beyond_a_shallow_clone_are_one_line_errors(tmp_path: Path) -> None:
    story = build_story_repo(tmp_path / "story")
    clone = git.Repo.clone_from(story.root.as_uri(), tmp_path / "clone", depth=2)
    document = Path(clone.working_tree_dir or ".") / "posts" / "general-secretary-role.md"
    for arguments in (["diff", document, "--from", "HEAD~4"],
                      ["lint", document, "--changed-since", "HEAD~4"]):
        message = one_line_error(run_jdtool(*arguments))
        assert "unknown revision 'HEAD~4'" in message and "shallow clone" in message


# -- broken revisions ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def broken_revisions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The story, whose history already holds broken YAML and a binary file, plus a revision
    whose ``revised`` names no real month and one with a year 0."""
    story = build_story_repo(tmp_path_factory.mktemp("broken"))
    text = with_new_duty(TEXT_2018)
    for value, date in (("0000-01", "2019-04-01"), ("2019-13", "2019-05-01")):
        commit_file(story.repo, "posts/general-secretary-role.md",
                    text.replace("revised: 2018-03", f"revised: {value}"),
                    f"Revised {value}", ALICE, date)
    commit_file(story.repo, "posts/general-secretary-role.md", text, "Repair the date", BOB,
                "2019-06-01")
    return story.document


def test_broken_revisions_are_noted_and_skipped_by_log_and_blame(broken_revisions: Path
                                                                 ) -> None:
    result = run_jdtool("log", broken_revisions, "--format", "json")
    assert result.exit_code == 0, result.stderr
    revisions = json.loads(result.stdout)["revisions"]
    assert len(revisions) == 10
    assert {revision["kind"] for revision in revisions[4:6]} == {"unreadable"}  # YAML, binary
    blame = run_jdtool("blame", broken_revisions)
    assert blame.exit_code == 0, blame.stderr
    assert "skipped" in blame.stderr


def test_broken_revisions_do_not_stop_the_history_pages(broken_revisions: Path) -> None:
    root = broken_revisions.parent.parent
    result = run_jdtool("build", "--no-pdf", "--quiet", "--out", "site", cwd=root)
    assert result.exit_code == 0, result.stderr
    listing = (root / "site" / "general-secretary-role" / "history.html").read_text("utf-8")
    # Both are listed, named by when they were recorded (their revised values name no month).
    assert "Monday 1 April 2019</time>" in listing and "April 2019 revision" in listing
    assert "Wednesday 1 May 2019</time>" in listing and "May 2019 revision" in listing


def test_a_blob_over_the_limit_is_refused_and_the_next_read_still_works(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jdtool.core.problems import JdtoolError
    from jdtool.history.repository import GitRepository

    repo = init_repo(tmp_path)
    small = "---\nkind: brief\n---\n\nShort.\n"
    big = "---\nkind: brief\n---\n\n" + "Long text of the post. " * 200 + "\n"
    commit_file(repo, "posts/small.md", small, "small", ALICE, "2020-01-01")
    commit_file(repo, "posts/big.md", big, "big", ALICE, "2020-01-02")
    blobs = {path: repo.head.commit.tree[path].hexsha for path in ("posts/small.md",
                                                                  "posts/big.md")}
    monkeypatch.setattr("jdtool.history.repository.MAX_BYTES", 1000)
    repository = GitRepository.find(tmp_path / "posts" / "big.md")
    with pytest.raises(JdtoolError, match="too large at this revision"):
        repository.read_blob(blobs["posts/big.md"])
    assert repository.read_blob(blobs["posts/small.md"]).decode() == small
    with pytest.raises(JdtoolError, match="too large at this revision"):
        repository.read_blob(blobs["posts/big.md"])


def test_one_batch_read_keeps_every_blob_and_leaves_big_or_missing_ones_to_read_blob(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``prefetch_blobs`` reads many blobs with one git process; a blob over the limit and
    one git lacks are skipped, so ``read_blob`` still says what is wrong with each."""
    from jdtool.core.problems import JdtoolError
    from jdtool.history.repository import GitRepository

    repo = init_repo(tmp_path)
    texts = {f"posts/post-{n}.md": f"---\nkind: brief\n---\n\nPost {n}.\n" for n in range(5)}
    texts["posts/big.md"] = "---\nkind: brief\n---\n\n" + "Long text of the post. " * 200
    for number, (path, text) in enumerate(texts.items()):
        commit_file(repo, path, text, f"add {path}", ALICE, f"2020-01-0{number + 1}")
    blobs = {path: repo.head.commit.tree[path].hexsha for path in texts}
    missing = "f" * 40
    monkeypatch.setattr("jdtool.history.repository.MAX_BYTES", 1000)
    repository = GitRepository.find(tmp_path / "posts")
    repository.prefetch_blobs([blobs["posts/big.md"], missing, *blobs.values()])
    kept = {sha for sha in blobs.values() if sha in repository._blobs}
    assert kept == {blobs[path] for path in texts if path != "posts/big.md"}
    for path, text in texts.items():
        if path != "posts/big.md":
            assert repository.read_blob(blobs[path]).decode() == text
    with pytest.raises(JdtoolError, match="too large at this revision"):
        repository.read_blob(blobs["posts/big.md"])
    with pytest.raises(JdtoolError, match="does not have this revision's text"):
        repository.read_blob(missing)
