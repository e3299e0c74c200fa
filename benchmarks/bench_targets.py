"""Issue 15's table: every whole-command speed target, each with its reference in the same run.

One row per line of the issue: ``check`` and ``diff`` as whole processes, ``log`` cached on a
real history, parse + validate throughput on one core, a cold HTML build of 1,000 packs,
``log`` over 2,000 revisions cold and cached, history pages for 100 packs x 20 revisions,
one new commit then ``build`` in a 187-document, 1,870-commit tree, and ``lint`` over 1,000
documents. The machine is shared and noisy, so each figure is a median and is printed with the
ratio to a reference measured in this same run; the table at the end repeats them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_diff import write_pair
from bench_history import Story, cold_run, fast_import, reference_read
from bench_publish import bare_loop
from corpus import make_corpus, make_documents
from timing import median_command_seconds, median_seconds, report

ROOT = Path(__file__).resolve().parent.parent
JDTOOL = [sys.executable, "-m", "jdtool"]
REAL_HISTORIES = next((folder / "corpus" / "revisions" for folder in (
    ROOT.parent / "shared", ROOT.parent.parent / "shared") if folder.is_dir()), Path("absent"))
"""The real histories beside the clone (as CI has it) or beside the folder of worktrees."""
ROWS: list[tuple[str, str, str, str]] = []


def row(measure: str, reference: str, now: str, target: str) -> None:
    ROWS.append((measure, reference, now, target))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def whole_commands() -> None:
    python = median_command_seconds([sys.executable, "-c", "pass"], runs=11)
    report("python -c pass (reference)", python)
    check = median_command_seconds([*JDTOOL, "check", "posts/general-secretary.md"], runs=11,
                                   cwd=str(ROOT))
    report("jdtool check FILE, whole command", check, "python -c pass", python, "<= 100 ms")
    row("`jdtool check FILE`, whole command", f"`python -c pass` {ms(python)}", ms(check),
        "<= 100 ms")
    old, new = write_pair("6.5k", 6500, 5)
    git = median_command_seconds(["git", "diff", "--no-index", "--word-diff", str(old),
                                  str(new)], runs=11)
    report("git diff --no-index --word-diff, 6.5k words (reference)", git)
    ours = median_command_seconds([*JDTOOL, "diff", str(old), str(new), "-f", "unified"],
                                  runs=11)
    report("jdtool diff, 6.5k-word pair, whole command", ours, "git diff --word-diff", git,
           "<= 150 ms")
    row("`jdtool diff`, 6.5k-word pair, whole command", f"`git diff --word-diff` {ms(git)}",
        ms(ours), "<= 150 ms")


def real_history(folder: Path) -> None:
    """``log`` cached on the longest real history at hand, each revision given front matter
    (the real texts have none) in a throwaway repository."""
    histories = sorted(REAL_HISTORIES.glob("*/")) if REAL_HISTORIES.is_dir() else []
    if not histories:
        print("real histories absent (../shared/corpus/revisions): row skipped")
        row("`jdtool log FILE`, cached, real history", "absent", "-", "<= 0.15 s")
        return
    longest = max(histories, key=lambda path: len(list(path.glob("v*.md"))))
    versions = sorted(longest.glob("v*.md"))
    root = folder / "real"
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    target = root / "posts" / "role.md"
    target.parent.mkdir(parents=True)
    for number, version in enumerate(versions):
        target.write_text(f"---\nkind: description\ntitle: Role\nrevised: {2000 + number}-01\n"
                          f"---\n\n{version.read_text(encoding='utf-8', errors='replace')}",
                          encoding="utf-8")
        subprocess.run(["git", "add", "-A"], cwd=root, check=True)
        subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=b@example.org",
                        "commit", "-qm", f"revision {number}"], cwd=root, check=True)
    git = median_command_seconds(["git", "log", "--follow", "-p", "--", "posts/role.md"],
                                 runs=7, cwd=str(root))
    report(f"git log --follow -p, real {len(versions)}-revision file (reference)", git)
    command = [*JDTOOL, "log", "posts/role.md"]
    subprocess.run(command, cwd=root, stdout=subprocess.DEVNULL, check=True)  # fills the cache
    cached = median_command_seconds(command, runs=7, cwd=str(root))
    report("jdtool log FILE, cached", cached, "git log --follow -p", git, "<= 150 ms")
    row(f"`jdtool log FILE`, cached, real {len(versions)}-revision file",
        f"`git log --follow -p` {ms(git)}", ms(cached), "<= 0.15 s")


def parse_throughput(folder: Path) -> None:
    from markdown_it import MarkdownIt

    from jdtool.core.documents import parse_document

    paths = make_documents(folder / "loose", count=1000, words=1700)
    texts = [(path.read_text(encoding="utf-8"), path) for path in paths]
    bare = MarkdownIt("commonmark").enable("table")

    def ours() -> None:
        for text, path in texts:
            document = parse_document(text, path)
            assert document.own is not None and not document.problems

    reference = median_seconds(lambda: [bare.parse(text) for text, _ in texts], runs=3)
    seconds = median_seconds(ours, runs=3)
    report("markdown-it-py parse only, 1,000 docs (reference)", reference)
    report("jdtool parse + validate, 1,000 docs", seconds, "markdown-it-py", reference)
    print(f"    = {1000 / seconds:,.0f} documents/s (target >= 2,000); markdown-it-py "
          f"{1000 / reference:,.0f}/s", flush=True)
    row("parse + validate, ~1.7k-word documents, one core",
        f"markdown-it-py alone {1000 / reference:,.0f}/s", f"{1000 / seconds:,.0f}/s",
        ">= 2,000/s")


def cold_build(folder: Path) -> None:
    from jdtool.publish.context import BuildOptions
    from jdtool.publish.site import build

    corpus = make_corpus(folder / "packs" / "posts", packs=1000)
    options = BuildOptions(paths=[corpus], out=folder / "packs" / "site",
                           today=dt.date(2026, 12, 1), pdf=False, templates=None, cache=None,
                           progress=False)
    reference = median_seconds(lambda: bare_loop(corpus, folder / "packs" / "bare"), runs=3,
                               warmup=0)
    seconds = median_seconds(lambda: build(options, generators=[]), runs=3, warmup=0)
    report("bare markdown-it-py + Jinja, 1,000 packs (reference)", reference)
    report("jdtool build --no-pdf, cold, 1,000 packs", seconds, "bare loop", reference)
    print(f"    = {1001 / seconds:,.0f} pages/s (target >= 1,000); bare loop "
          f"{1000 / reference:,.0f}/s", flush=True)
    row("cold HTML build, 1,000 packs", f"bare markdown-it-py + Jinja {1000 / reference:,.0f} "
        "pages/s", f"{1001 / seconds:,.0f} pages/s", ">= 1,000 pages/s")


def long_log(folder: Path) -> None:
    root = folder / "long"
    path = "posts/long-story.md"
    fast_import(root, [(path, Story(1, "Long Story"))], 2000)
    reference = median_seconds(lambda: reference_read(root, path), runs=5)
    report("git log --follow + cat-file --batch, 2,000 revisions (reference)", reference)
    command = [*JDTOOL, "log", path, "--format", "json"]
    cold = median_seconds(lambda: cold_run(command, root, root / ".jdtool-cache"), runs=3,
                          warmup=0)
    report("jdtool log, 2,000 revisions, cold", cold, "git log + cat-file", reference,
           "<= 500 ms")
    cached = median_command_seconds(command, runs=5, cwd=str(root))
    report("jdtool log, 2,000 revisions, cached", cached, "git log + cat-file", reference,
           "<= 150 ms")
    row("`jdtool log`, 2,000 revisions, cold / cached",
        f"`git log --follow` + `cat-file --batch` {ms(reference)}", f"{ms(cold)} / {ms(cached)}",
        "<= 0.5 s / <= 0.15 s")


BUILD = [*JDTOOL, "build", "--no-pdf", "--quiet", "--out", "site",
         "--site-url", "https://jobs.example.org/"]  # a publishing build names its URL


def _plain_build(root: Path) -> float:
    """The reference: the same posts built outside git (so without history pages), no cache."""
    outside = root.parent / f"{root.name}-outside-git"
    shutil.copytree(root / "posts", outside / "posts")
    return median_command_seconds([*BUILD, "--no-cache"], runs=3, cwd=str(outside))


def history_pages(folder: Path) -> None:
    root = folder / "pages"
    fast_import(root, [(f"posts/post-{n:03d}.md", Story(100 + n, f"Post {n}"))
                       for n in range(100)], 20)
    plain = _plain_build(root)
    report("jdtool build without history, 100 packs (reference)", plain)
    cold = median_seconds(lambda: cold_run(BUILD, root, root / ".jdtool-cache"), runs=3,
                          warmup=0)
    report("jdtool build with history pages, 100 x 20, cold", cold, "build without history",
           plain, "<= 3000 ms")
    row("history pages, 100 packs x 20 revisions, cold", f"build without history {ms(plain)}",
        ms(cold), "<= 3 s")


def one_commit(folder: Path) -> None:
    root = folder / "tree"
    stories = [(f"posts/post-{n:03d}.md", Story(500 + n, f"Post {n}")) for n in range(187)]
    fast_import(root, stories, 10)
    plain = _plain_build(root)
    report("full build without history, 187 documents (reference)", plain)
    subprocess.run(BUILD, cwd=root, check=True)  # the site and its caches, as they stand
    path, story = stories[0]
    count = 0

    def commit_then_build() -> None:
        nonlocal count
        count += 1
        story.step()
        (root / path).write_text(story.text(), encoding="utf-8")
        subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=b@example.org",
                        "commit", "-qam", f"edit {count}"], cwd=root, check=True)
        subprocess.run(BUILD, cwd=root, check=True)

    seconds = median_seconds(commit_then_build, runs=3, warmup=0)
    report("one new commit, then jdtool build (187 documents, 1,870 commits)", seconds,
           "full build without history", plain, "<= 1000 ms")
    row("one new commit touching one document in a 187-document, 1,870-commit tree, then "
        "`build`", f"full build without history {ms(plain)}", ms(seconds), "<= 1 s")
    one_commit_parts(root, path, seconds)


BUILD_IMPORTS = ("import jdtool.publish.site, jdtool.publish.templates, jdtool.history.pages, "
                 "jdtool.lint.engine, jdtool.core.parse_cache, git, jinja2")
"""What a build after one commit must import: the site, its templates (Jinja), the history
pages (GitPython, the diff engine) and the lint before publishing."""


def one_commit_parts(root: Path, path: str, whole: float) -> None:
    """Row 8's floor: the parts a build after one commit stands on, each measured as its own
    process in the same tree right after the row (the build itself caches every document's
    parse, the revision list and each unchanged page; what is left is below)."""
    python = median_command_seconds([sys.executable, "-c", "pass"], runs=7)
    report("python -c pass (reference)", python)
    imports = median_command_seconds([sys.executable, "-c", BUILD_IMPORTS], runs=7)
    report("the imports a build after one commit needs", imports, "the whole build", whole)
    unchanged = median_command_seconds(BUILD, runs=5, cwd=str(root))
    report("jdtool build with nothing changed (the up-to-date check)", unchanged,
           "the whole build", whole)
    linted = median_command_seconds([*JDTOOL, "lint", path, "--fail-level", "none"], runs=5,
                                    cwd=str(root))
    report("jdtool lint of the changed document, whole command", linted, "the whole build",
           whole)
    walk = median_command_seconds(["git", "log", "--raw", "--no-abbrev", "-z", "-M", "-c",
                                   "--combined-all-paths", "--", "posts"], runs=5,
                                  cwd=str(root))
    report("git log over the 1,870 commits (read once, then kept)", walk, "the whole build",
           whole)


def lint(folder: Path) -> None:
    from jdtool.core.packs import load_packs

    root = make_corpus(folder / "lint" / "posts", packs=250, seed=0)
    parse = median_seconds(lambda: load_packs([root]), runs=3)
    report("load + parse 1,000 documents (reference)", parse)
    whole = median_command_seconds([*JDTOOL, "lint", str(root), "--fail-level", "none"], runs=3)
    report("jdtool lint, 1,000 documents", whole, "load + parse", parse, "<= 2000 ms")
    row("`jdtool lint`, 1,000 documents", f"load + parse {ms(parse)}", ms(whole), "<= 2 s")


def floors() -> None:
    """What the missed targets stand on: the imports a checked document needs (msgspec,
    PyYAML, the parsers; no command-line framework), and the Rust block parser alone."""
    python = median_command_seconds([sys.executable, "-c", "pass"], runs=11)
    report("python -c pass (reference)", python)
    for code in ("import msgspec", "import yaml", "import jdtool.core.schema",
                 "import jdtool.authoring.check"):
        seconds = median_command_seconds([sys.executable, "-c", code], runs=11)
        report(f"python -c '{code}'", seconds, "python -c pass", python)
    from jdtool.core.documents import parse_document
    from jdtool.core.markdown import block_tree

    with tempfile.TemporaryDirectory() as name:
        paths = make_documents(Path(name), count=300, words=1700)
        texts = [(path.read_text(encoding="utf-8"), path) for path in paths]
    tree = median_seconds(lambda: [block_tree(text) for text, _ in texts], runs=5)
    ours = median_seconds(lambda: [parse_document(text, path) for text, path in texts], runs=5)
    print(f"markdown-it-pyrs block tree alone: {300 / tree:,.0f} documents/s; parse + "
          f"validate {300 / ours:,.0f}/s ({ours / tree:.1f}x the tree alone)", flush=True)
    build_floor()
    history_floor()
    lint_floor()
    with tempfile.TemporaryDirectory() as name:
        log_parts(Path(name))
        pages_parts(Path(name))


def build_floor() -> None:
    """Row 5's floor: the Rust block tree alone over the 1,000-pack corpus's documents, the
    least any build that parses them must spend; then what the cold build stands on: loading
    the packs (read, front matter, parse, validate) in the one process that must hold them all
    (the index, the feed, the lint gate and the generators read every pack; sending loaded
    packs back from workers costs more than loading them, and forked workers rendering the
    pages of packs they inherit gained nothing on two cores: the copy-on-write faults and
    cold caches made each page about 1.5x dearer), against the whole build."""
    import gc

    from jdtool.core.markdown import block_tree
    from jdtool.publish.context import BuildOptions
    from jdtool.publish.site import build, load_all_packs

    with tempfile.TemporaryDirectory() as name:
        root = make_corpus(Path(name) / "posts", packs=1000)
        texts = [path.read_text(encoding="utf-8") for path in sorted(root.glob("*/*.md"))]
        tree = median_seconds(lambda: [block_tree(text) for text in texts], runs=3)
        print(f"cold build floor: the block tree alone for the corpus's {len(texts):,} "
              f"documents takes {ms(tree)}, at most {1001 / tree:,.0f} pages/s on one core "
              "before any other work", flush=True)
        options = BuildOptions(paths=[root], out=Path(name) / "site", pdf=False,
                               today=dt.date(2026, 12, 1), templates=None, cache=None,
                               progress=False)

        def load() -> None:
            gc.disable()  # as the build loads them (``site._collector_paused``)
            try:
                load_all_packs(options)
            finally:
                gc.enable()
        loading = median_seconds(load, runs=3)
        whole = median_seconds(lambda: build(options, generators=[]), runs=3, warmup=0)
    report("cold build: loading the 1,000 packs in one process", loading)
    report("cold build, whole", whole, "loading the packs", loading)
    print(f"    = loading alone allows at most {1001 / loading:,.0f} pages/s; everything else "
          f"(views, pages, index, feed, writing, swap) takes {ms(whole - loading)}", flush=True)


def history_floor() -> None:
    """What rows 6 and 7 would cost done the whole-document way: each of 2,000 revisions
    parsed once and each consecutive pair compared whole by the diff engine, in this process
    (no git, no pages, no start-up). ``log`` and the history pages compare a pair without the
    sections both revisions start and end with (``history.pruning``), which is why they take
    less than this."""
    from jdtool.core.documents import parse_document
    from jdtool.diff import compare

    story, texts = Story(1, "Long Story"), []
    for _ in range(2000):
        story.step()
        texts.append(story.text())
    path = Path("long-story.md")
    documents = [parse_document(text, path) for text in texts]
    parse = median_seconds(lambda: [parse_document(text, path) for text in texts], runs=3)
    pairs = median_seconds(lambda: [compare(old, new) for old, new in
                                    itertools.pairwise(documents)], runs=3)
    print(f"2,000 revisions the whole-document way: parsing each once {ms(parse)}, comparing "
          f"each consecutive pair whole {ms(pairs)} (the cold log's target is 500 ms)",
          flush=True)


def lint_floor() -> None:
    """Row 9's floor, part by part: the command's start-up (``lint --list-rules``: Python,
    the command line and every rule module), the whole command with every rule off (start-up,
    the word lists, the workers loading their documents and building each prose view), then
    processor time of each stage over the 1,000 documents on one core: loading and parsing,
    the lint set-up (the word lists; the phrase lists and patterns a first document needs),
    the prose views, and the rules. Two workers share the last three at best evenly."""
    from jdtool.core.packs import load_packs
    from jdtool.lint.config import config_for
    from jdtool.lint.engine import RULES, _active
    from jdtool.lint.prose import build
    from jdtool.lint.spelling import dictionary

    with tempfile.TemporaryDirectory() as name:
        root = make_corpus(Path(name) / "posts", packs=250, seed=0)
        startup = median_command_seconds([*JDTOOL, "lint", "--list-rules"], runs=5)
        report("jdtool lint --list-rules (start-up: Python, CLI, rule modules)", startup)
        off = [*JDTOOL, "lint", str(root), "--fail-level", "none"] + [
            option for category in ("structure", "inclusive", "clarity", "correctness")
            for option in ("--disable", category)]
        nothing = median_command_seconds(off, runs=3)
        report("jdtool lint, 1,000 documents, every rule off", nothing, "start-up", startup)
        clock = time.process_time
        started = clock()
        packs, _ = load_packs([root])
        load = clock() - started
        started = clock()
        words = dictionary()
        if words is not None:
            words.is_word("")
        setup = clock() - started
        documents = [(d, p) for p in packs for d in p.all_documents()]
        config = config_for(None)
        settings = config.for_path(documents[0][0].path)
        active = _active(RULES, settings, True)
        started = clock()
        first = build(*documents[0])
        for _, check, _ in active:
            list(check(first, settings))
        setup += clock() - started
        started = clock()
        views = [build(document, pack) for document, pack in documents]
        prose = clock() - started
        started = clock()
        for lint in views:
            for _, check, _ in active:
                list(check(lint, settings))
        rules = clock() - started
    print(f"lint floor, processor time on one core: load + parse {ms(load)}, set-up (word "
          f"lists, first document) {ms(setup)}, prose views {ms(prose)}, rules {ms(rules)}; "
          f"start-up + (load + views + rules) / 2 cores + set-up = "
          f"{ms(startup + (load + prose + rules) / 2 + setup)}", flush=True)


def _cpu(function: Callable[[], object]) -> float:
    started = time.process_time()
    function()
    return time.process_time() - started


def log_parts(folder: Path) -> None:
    """Row 6's floor: a cold log of 2,000 revisions cut into its parts, each timed alone in
    this process (CPU time: steadier than wall time on a shared machine). Reading front
    matter, cutting and parsing the changed sections and comparing are shared between two
    processes (``RevisionLog._compare_ahead``); the start-up, git's reading and the walk
    that assembles the entries are not."""
    from jdtool.diff import compare
    from jdtool.diff.wording import changes_in_words
    from jdtool.history.cache import HistoryCache
    from jdtool.history.log import RevisionLog
    from jdtool.history.repository import GitRepository

    root, path = folder / "long-parts", "posts/long-story.md"
    fast_import(root, [(path, Story(1, "Long Story"))], 2000)
    git = median_seconds(lambda: reference_read(root, path), runs=5)
    start = median_command_seconds([*JDTOOL, "--version"], runs=5)
    repository = GitRepository.find(root / path)
    history = repository.history(root / path)
    parts: dict[str, list[float]] = {"front matter": [], "cut + parse": [], "compare": [],
                                     "walk": []}
    for _ in range(3):
        log = RevisionLog(repository, history, cache=HistoryCache(None))
        log.versions.prefetch(log._needed_blobs())  # git's part: the reference above
        pairs = log._uncompared_pairs()
        parts["front matter"].append(_cpu(lambda log=log, pairs=pairs: [
            log.blob_facts(ref) for old, new, _ in pairs for ref in (old, new)]))
        pruned: list[Any] = []
        parts["cut + parse"].append(_cpu(lambda log=log, pairs=pairs, pruned=pruned: [
            pruned.append(log._pruned(old, new)) for old, new, _ in pairs]))
        parts["compare"].append(_cpu(lambda pruned=pruned: [
            changes_in_words(compare(*pair)) for pair in pruned if pair is not None]))
        log._work_out(pairs)  # the figures into the cache, as the two processes leave them
        parts["walk"].append(_cpu(lambda log=log: log.entries(save=False)))
    median = {name: statistics.median(times) for name, times in parts.items()}
    shared = median["front matter"] + median["cut + parse"] + median["compare"]
    print("cold log floor, 2,000 revisions, CPU per part: " + ", ".join(
        f"{name} {ms(seconds)} ({seconds / 2:.2f} ms a revision)"
        for name, seconds in median.items()), flush=True)
    print(f"    = {ms(shared)} shareable (>= {ms(shared / 2)} on two cores) + walk "
          f"{ms(median['walk'])} + start-up (jdtool --version) {ms(start)} + git log + "
          f"cat-file {ms(git)}: at best {ms(shared / 2 + median['walk'] + start + git)} "
          "on an idle two-core machine (target 500 ms)", flush=True)


def pages_parts(folder: Path) -> None:
    """Row 7's floor: the history pages of 100 packs x 20 revisions cut into their parts,
    each timed alone in this process (CPU time): the log of each pack with its whole
    comparisons, the redlines, and placing each redline in a site page (``embeddable``).
    What the build spends beyond these (the site's page template around each redline,
    writing 2,100 pages and 2,000 cached redlines) is the row's time less their sum."""
    from jdtool.diff.html import render
    from jdtool.history.cache import HistoryCache
    from jdtool.history.log import RevisionLog
    from jdtool.history.pages import embeddable
    from jdtool.history.repository import GitRepository

    root = folder / "pages-parts"
    fast_import(root, [(f"posts/post-{n:03d}.md", Story(100 + n, f"Post {n}"))
                       for n in range(100)], 20)
    repository = GitRepository.find(root / "posts")
    histories = [repository.history(path) for path in sorted((root / "posts").glob("*.md"))]
    logs = [RevisionLog(repository, history, cache=HistoryCache(None), keep_diffs=True)
            for history in histories]
    for log in logs:
        log.versions.prefetch(log._needed_blobs())
    entries = _cpu(lambda: [log.entries(save=False) for log in logs])
    diffs = [diff for log in logs for revision in log.history.revisions
             for diff in log.kept_diffs(revision) if diff is not None]
    pages: list[str] = []
    redlines = _cpu(lambda: pages.extend(render(diff, title="Post", old_label="Before",
                                                new_label="After") for diff in diffs))
    placing = _cpu(lambda: [embeddable(page, "d0-") for page in pages])
    print(f"history pages floor, {len(diffs):,} redlines, CPU per part: logs with whole "
          f"comparisons {ms(entries)} ({entries / len(diffs) * 1000:.2f} ms a revision), "
          f"redlines {ms(redlines)} ({redlines / len(diffs) * 1000:.2f} ms), placing them "
          f"{ms(placing)} ({placing / len(diffs) * 1000:.2f} ms): "
          f"{ms(entries + redlines + placing)}, at best {ms((entries + redlines + placing) / 2)}"
          " on two cores, before the build without history and the pages' frames and files "
          "(target 3 s)", flush=True)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="jdtool-bench-targets-") as name:
        folder = Path(name)
        whole_commands()
        real_history(folder)
        parse_throughput(folder)
        cold_build(folder)
        long_log(folder)
        history_pages(folder)
        one_commit(folder)
        lint(folder)
    floors()
    print("\n| measure | reference in the same run | now | target |\n|---|---|---|---|")
    for measure, reference, now, target in ROWS:
        target = target.replace("<=", "≤").replace(">=", "≥")
        print(f"| {measure} | {reference} | {now} | {target} |")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
