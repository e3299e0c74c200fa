"""Real git repositories for the history tests, built with GitPython in a temporary folder.

``build_story_repo`` tells the life of one job description: created by one author, reformatted
by a second, renamed by a third, revised (moved, reworded, added and removed duties), broken
for one commit, binary for another, then repaired; the two real revisions are tagged.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import git

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEXT_2016 = (FIXTURES / "general-secretary-2016.md").read_text(encoding="utf-8")
TEXT_2018 = (FIXTURES / "general-secretary-2018.md").read_text(encoding="utf-8")

ALICE = git.Actor("Alice Ashdown", "alice@example.org")
BOB = git.Actor("Bob Brennan", "bob@example.org")
CAROL = git.Actor("Carol Chen", "carol@example.org")

NEW_DUTY = ("Lead the union's campaign for safe staffing levels in probation offices, "
            "working with branches to gather evidence from members.")


@dataclass
class StoryRepo:
    """The repository and the commit of each step of the story, by name."""

    root: Path
    repo: git.Repo
    commits: dict[str, str] = field(default_factory=dict)

    @property
    def document(self) -> Path:
        return self.root / "posts" / "general-secretary-role.md"


def init_repo(root: Path) -> git.Repo:
    repo = git.Repo.init(root, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test Runner")
        config.set_value("user", "email", "runner@example.org")
        config.set_value("commit", "gpgsign", "false")
    return repo


def commit_file(repo: git.Repo, relative: str, content: str | bytes, message: str,
                author: git.Actor, date: str, remove: str | None = None) -> str:
    """Write (or, with ``remove``, rename) a file and commit it with the given author and date."""
    root = Path(repo.working_tree_dir or ".")
    path = root / relative
    if remove is not None:
        repo.index.remove([remove], working_tree=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    repo.index.add([relative])
    stamp = f"{date}T10:00:00"
    commit = repo.index.commit(message, author=author, committer=author,
                               author_date=stamp, commit_date=stamp)
    return str(commit.hexsha)


def reformatted(text: str) -> str:
    """The same document laid out differently: ``*`` bullets and a wrapped paragraph."""
    lines = []
    for line in text.split("\n"):
        if line.startswith("- "):
            lines.append("* " + line[2:])
        elif line.startswith("The General Secretary is the senior"):
            lines.append(textwrap.fill(line, width=80))
        else:
            lines.append(line)
    return "\n".join(lines)


def with_new_duty(text: str) -> str:
    anchor = "## Negotiations and representation\n\n"
    return text.replace(anchor, f"{anchor}- {NEW_DUTY}\n", 1)


def build_story_repo(root: Path) -> StoryRepo:
    repo = init_repo(root)
    story = StoryRepo(root, repo)
    old, new = "posts/general-secretary.md", "posts/general-secretary-role.md"
    story.commits["created"] = commit_file(
        repo, old, TEXT_2016, "Add the General Secretary job description", ALICE, "2016-04-01")
    repo.create_tag("v2016")
    story.commits["formatted"] = commit_file(
        repo, old, reformatted(TEXT_2016), "Reformat bullets and wrap the role paragraph", BOB,
        "2017-01-10")
    story.commits["renamed"] = commit_file(
        repo, new, reformatted(TEXT_2016), "Rename to general-secretary-role", CAROL,
        "2017-06-01", remove=old)
    story.commits["revised"] = commit_file(
        repo, new, TEXT_2018, "Revise for the 2018 election", ALICE, "2018-03-14")
    repo.create_tag("v2018")
    story.commits["broken"] = commit_file(
        repo, new, TEXT_2018.replace("kind: description", "kind: [description", 1),
        "Half-finished edit", BOB, "2019-02-01")
    story.commits["binary"] = commit_file(
        repo, new, b"\x89PNG\r\n\x1a\n\x00\x00binary", "Paste an image by mistake", BOB,
        "2019-02-02")
    story.commits["repaired"] = commit_file(
        repo, new, with_new_duty(TEXT_2018), "Restore the text and add the staffing duty",
        CAROL, "2019-03-01")
    return story


def run_jdtool(*arguments: str | Path, cwd: Path | None = None) -> RunResult:
    """Run the real command line in-process; ``cwd`` matters for revision-relative paths."""
    import os

    from typer.testing import CliRunner

    from jdtool.cli.app import app

    previous = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, [str(argument) for argument in arguments])
    finally:
        os.chdir(previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return RunResult(result.exit_code, result.stdout, result.stderr)


@dataclass(frozen=True)
class RunResult:
    exit_code: int
    stdout: str
    stderr: str
