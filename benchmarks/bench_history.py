"""History speed: ``jdtool log`` and ``blame`` over 2,000 revisions, history pages for 100 packs.

Repositories are made in a temporary folder with one ``git fast-import`` each (a revision a
commit, a few authors, rewordings, additions, removals, moves and formatting-only commits).
The reference is what the issue measured: ``git log --follow`` plus one ``git cat-file
--batch`` fetching every revision's text, in the same run.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import median_command_seconds, median_seconds, report

REVISIONS = 2000
PACKS, PACK_REVISIONS = 100, 20
JDTOOL = [sys.executable, "-m", "jdtool"]
AUTHORS = ["Alice Ashdown <alice@example.org>", "Bob Brennan <bob@example.org>",
           "Carol Chen <carol@example.org>"]
WORDS = ["members", "branch", "union", "negotiate", "represent", "budget", "report", "policy",
         "staff", "equality", "campaign", "organise", "council", "strategy", "review",
         "annual", "training", "national", "regional", "conference", "officers", "employers",
         "workplace", "pensions", "safety"]


def sentence(rng: random.Random, length: int = 18) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


class Story:
    """A job description that changes a little at every revision."""

    def __init__(self, seed: int, title: str) -> None:
        self.rng = random.Random(seed)
        self.title = title
        self.sections = {f"Duties {n}": [sentence(self.rng) for _ in range(8)]
                         for n in range(1, 7)}
        self.marker = "-"
        self.year, self.month = 2000, 1

    def step(self) -> None:
        rng, sections = self.rng, list(self.sections.values())
        choice = rng.random()
        bullets = rng.choice(sections)
        if choice < 0.4:
            index = rng.randrange(len(bullets))
            words = bullets[index].rstrip(".").split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            bullets[index] = " ".join(words) + "."
        elif choice < 0.55:
            bullets.insert(rng.randrange(len(bullets) + 1), sentence(rng))
        elif choice < 0.7 and len(bullets) > 3:
            bullets.pop(rng.randrange(len(bullets)))
        elif choice < 0.9 and len(bullets) > 3:
            rng.choice(sections).append(bullets.pop(rng.randrange(len(bullets))))
        else:
            self.marker = "*" if self.marker == "-" else "-"  # formatting only
        self.month += 1
        if self.month > 12:
            self.year, self.month = self.year + 1, 1

    def text(self) -> str:
        parts = ["---", "kind: description", f"title: {self.title}", "status: published",
                 f"revised: {self.year:04d}-{self.month:02d}", "---", ""]
        for heading, bullets in self.sections.items():
            parts += [f"## {heading}", ""] + [f"{self.marker} {b}" for b in bullets] + [""]
        return "\n".join(parts)


def fast_import(root: Path, files: list[tuple[str, Story]], revisions: int) -> None:
    """One commit per revision of every story, in one ``git fast-import``."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    stream: list[bytes] = []
    stamp = 946_684_800
    mark = 0
    for revision in range(revisions):
        for path, story in files:
            if revision:
                story.step()
            data = story.text().encode()
            mark += 1
            stamp += 3600
            author = AUTHORS[mark % len(AUTHORS)]
            message = f"Revise {path} ({revision})".encode()
            stream.append(b"commit refs/heads/main\n")
            stream.append(f"mark :{mark}\nauthor {author} {stamp} +0000\n"
                          f"committer {author} {stamp} +0000\n".encode())
            stream.append(f"data {len(message)}\n".encode() + message + b"\n")
            if mark > 1:
                stream.append(f"from :{mark - 1}\n".encode())
            stream.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream),
                   check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)


def reference_read(root: Path, path: str) -> None:
    """The issue's reference: ``git log --follow`` + one ``cat-file --batch`` for every text."""
    log = subprocess.run(["git", "log", "--follow", "--raw", "--no-abbrev", "--format=%H",
                          "--", path], cwd=root, capture_output=True, text=True, check=True)
    blobs = [line.split()[3] for line in log.stdout.splitlines() if line.startswith(":")]
    subprocess.run(["git", "cat-file", "--batch"], cwd=root, input="\n".join(blobs).encode(),
                   capture_output=True, check=True)


def cold_run(command: list[str], root: Path, cache: Path) -> None:
    """Run with no cache at all: neither the build's nor the one ``log``/``blame`` keep in .git."""
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(root / ".git" / "jdtool", ignore_errors=True)
    subprocess.run(command, cwd=root, stdout=subprocess.DEVNULL, check=True)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="jdtool-bench-history-") as folder:
        root = Path(folder) / "one"
        started = time.perf_counter()
        fast_import(root, [("posts/long-story.md", Story(1, "Long Story"))], REVISIONS)
        print(f"made a {REVISIONS}-revision repository in {time.perf_counter() - started:.1f} s")
        path = "posts/long-story.md"
        reference = median_seconds(lambda: reference_read(root, path), runs=5)
        report("reference: git log --follow + cat-file --batch", reference)
        startup = median_command_seconds([*JDTOOL, "--version"], runs=5)
        report("reference: jdtool --version (process start)", startup)
        cache = root / ".jdtool-cache"
        for name, command, target in (
                ("log", [*JDTOOL, "log", path, "--format", "json"], "<= 1000 ms"),
                ("blame", [*JDTOOL, "blame", path], "<= 3000 ms")):
            cold = median_seconds(lambda command=command: cold_run(command, root, cache),
                                  runs=3, warmup=0)
            report(f"jdtool {name}, {REVISIONS} revisions, cold (no cache)", cold,
                   "git log + cat-file", reference, target)
            warm = median_command_seconds(command, runs=5, cwd=str(root))
            report(f"jdtool {name}, {REVISIONS} revisions, cached", warm,
                   "git log + cat-file", reference, target)
        pages_benchmark(Path(folder) / "packs")


def pages_benchmark(root: Path) -> None:
    started = time.perf_counter()
    stories = [(f"posts/post-{n:03d}.md", Story(100 + n, f"Post {n}")) for n in range(PACKS)]
    fast_import(root, stories, PACK_REVISIONS)
    print(f"made {PACKS} documents x {PACK_REVISIONS} revisions in "
          f"{time.perf_counter() - started:.1f} s")
    cache = root / ".jdtool-cache"
    build = [*JDTOOL, "build", "--no-pdf", "--quiet", "--out", "site"]
    outside = root.parent / "outside-git"
    shutil.copytree(root / "posts", outside / "posts")
    plain = median_command_seconds([*build, "--no-cache"], runs=3, cwd=str(outside))
    report("reference: jdtool build outside git (no history pages)", plain)

    cold_seconds = median_seconds(lambda: cold_run(build, root, cache), runs=3, warmup=0)
    report(f"jdtool build with history pages, {PACKS}x{PACK_REVISIONS}, cold", cold_seconds,
           "build without history", plain, "<= 10000 ms")
    warm = median_command_seconds(build, runs=3, cwd=str(root))
    report("jdtool build with history pages, rebuild (cached)", warm,
           "build without history", plain)


if __name__ == "__main__":
    main()
