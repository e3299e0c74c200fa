"""Benchmark of ``jdtool diff``: engine time, whole command, and the peers on the same pairs.

Pairs are generated here (fictional text, fixed seed) into ``benchmarks/corpus/diff/``:
a 5,000-word and a 50,000-word job description with about 5 % of words changed (rewordings,
insertions, deletions, moved bullets), a 6,000-word pair for the whole command, and two
adversarial pairs of 3,000 identical or near-identical bullets shuffled. References measured
in the same run: ``git diff --no-index --word-diff`` (whole process) and ``redlines`` (in
process), plus ``difflib`` over the words of the whole body for scale.
"""

from __future__ import annotations

import difflib
import random
import subprocess
import sys
from pathlib import Path

from timing import median_command_seconds, median_cpu_seconds, median_seconds, report

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "corpus" / "diff"
JDTOOL = [sys.executable, "-m", "jdtool"]

_VOCABULARY = [
    "branch", "members", "union", "officer", "committee", "regional", "national", "pay",
    "terms", "conditions", "employer", "negotiate", "represent", "organise", "recruit",
    "report", "budget", "accounts", "policy", "conference", "ballot", "equality",
    "training", "staff", "office", "records", "meeting", "agenda", "minutes", "claim",
    "dispute", "grievance", "casework", "facility", "time", "health", "safety", "pension",
    "review", "annual", "quarterly", "strategy", "plan", "ensure", "lead", "support",
    "develop", "maintain", "oversee", "advise", "prepare", "deliver", "monitor", "promote",
    "with", "the", "and", "of", "to", "for", "in", "on", "by", "at", "from", "that", "its",
    "their", "each", "every", "all", "clear", "effective",
]
_HEADINGS = ["Purpose of the post", "Leading the union", "Negotiations", "Representation",
             "Organising and recruitment", "Finance", "Staff management", "Communications",
             "Equality", "Health and safety", "Governance", "Partnerships", "Digital services",
             "Membership records", "Training and development", "Facilities"]
HEAD = ("---\nkind: description\ntitle: Director of Member Services\norganisation: "
        "Eastmoor Clerical Union\nterm: Appointed for a {years}-year term\n---\n\n")


_SYLLABLES = ["ad", "vis", "or", "mem", "ber", "ship", "con", "tract", "pen", "sion", "re",
              "port", "ing", "al", "ment", "tion", "ca", "se", "work", "pol", "i", "cy"]


def _lexicon(rng: random.Random, size: int = 3000) -> tuple[list[str], list[float]]:
    """Common words first, then invented ones, with Zipf-like frequencies as in real prose."""
    words = list(_VOCABULARY)
    while len(words) < size:
        words.append("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return words, [1 / (rank + 1) for rank in range(len(words))]


_LEXICON = _lexicon(random.Random(0))


def _word(rng: random.Random) -> str:
    return rng.choices(_LEXICON[0], _LEXICON[1])[0]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(_word(rng) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def generate(rng: random.Random, words: int) -> list[tuple[str, list[str]]]:
    sections: list[tuple[str, list[str]]] = []
    total = 0
    number = 0
    while total < words:
        heading = f"{_HEADINGS[number % len(_HEADINGS)]} {number // len(_HEADINGS) + 1}"
        blocks = [_sentence(rng, 60)] + [_sentence(rng, rng.randint(14, 30)) for _ in range(8)]
        total += sum(len(block.split()) for block in blocks)
        sections.append((heading, blocks))
        number += 1
    return sections


def edit(rng: random.Random, sections: list[tuple[str, list[str]]], rate: float
         ) -> list[tuple[str, list[str]]]:
    """About ``rate`` of the words changed: reworded clauses, new and deleted bullets, moves."""
    new = [(heading, list(blocks)) for heading, blocks in sections]
    total = sum(len(b.split()) for _, blocks in sections for b in blocks)
    budget = int(total * rate)
    while budget > 0:
        blocks = new[rng.randrange(len(new))][1]
        action = rng.random()
        index = rng.randrange(len(blocks))
        if action < 0.6:
            words = blocks[index].split()
            start = rng.randrange(len(words))
            span = rng.randint(1, 4)
            words[start:start + span] = [_word(rng) for _ in range(span)]
            blocks[index] = " ".join(words)
            budget -= span
        elif action < 0.75:
            blocks.insert(index, _sentence(rng, 20))
            budget -= 20
        elif action < 0.9 and len(blocks) > 2:
            budget -= len(blocks.pop(index).split())
        else:
            moved = blocks.pop(index)
            target = new[rng.randrange(len(new))][1]
            target.insert(rng.randrange(len(target) + 1), moved)
            budget -= 2
    return new


def render(sections: list[tuple[str, list[str]]], years: int) -> str:
    parts = [HEAD.format(years=years)]
    for heading, blocks in sections:
        parts.append(f"## {heading}\n\n{blocks[0]}\n\n")
        parts.append("".join(f"- {block}\n" for block in blocks[1:]) + "\n")
    return "".join(parts)


def write_pair(name: str, words: int, seed: int) -> tuple[Path, Path]:
    rng = random.Random(seed)
    old = generate(rng, words)
    new = edit(rng, old, 0.05)
    return _save(name, render(old, 4), render(new, 5))


def adversarial_pair(near: bool, seed: int) -> tuple[Path, Path]:
    rng = random.Random(seed)
    base = "Attend the branch meeting and report on the work of the committee"
    # Identical: one text 3,000 times. Near-identical: texts differing in one number, and a
    # fifth of them lightly edited after the shuffle.
    bullets = [f"{base} number {i}." if near else f"{base}." for i in range(3000)]
    shuffled = list(bullets)
    rng.shuffle(shuffled)
    if near:
        for index in rng.sample(range(len(shuffled)), len(shuffled) // 5):
            shuffled[index] = shuffled[index].replace("report on", "report in writing on")
    body = "## Duties\n\n" + "".join(f"- {b}\n" for b in bullets)
    changed = "## Duties\n\n" + "".join(f"- {b}\n" for b in shuffled)
    name = "near-identical" if near else "identical"
    return _save(name, HEAD.format(years=4) + body, HEAD.format(years=4) + changed)


def _save(name: str, old: str, new: str) -> tuple[Path, Path]:
    CORPUS.mkdir(parents=True, exist_ok=True)
    paths = CORPUS / f"{name}-old.md", CORPUS / f"{name}-new.md"
    for path, text in zip(paths, (old, new), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def engine(name: str, old: Path, new: Path, target: str, peers: bool = True,
           difflib_too: bool = True) -> float:
    """Median of ``compare()`` on parsed documents; redlines and difflib on the same bodies."""
    from jdtool.core.documents import load_document
    from jdtool.diff import compare

    a, b = load_document(old), load_document(new)
    words = len(_body(old).split())
    ours = median_seconds(lambda: compare(a, b), runs=7)
    parse = median_seconds(lambda: (load_document(old), load_document(new)), runs=5)
    report(f"{name} ({words} words): jdtool compare()", ours, target=target)
    report(f"{name}: jdtool compare(), CPU time", median_cpu_seconds(lambda: compare(a, b)))
    report(f"{name}: parsing both documents (not in the figure above)", parse)
    if not peers:
        return ours
    redlines = _redlines_seconds(old, new)
    if redlines is None:
        print(f"{name + ': redlines (in process)':<58} > {REDLINES_LIMIT} s (stopped)   "
              f"ratio > {REDLINES_LIMIT / ours:5.0f}x vs jdtool", flush=True)
    else:
        report(f"{name}: redlines (in process)", redlines, "jdtool", ours)
    if difflib_too:
        old_text, new_text = _body(old), _body(new)
        a_words, b_words = old_text.split(), new_text.split()
        seconds = median_seconds(lambda: difflib.SequenceMatcher(
            None, a_words, b_words, autojunk=False).get_opcodes(), runs=3)
        report(f"{name}: difflib over all words (no structure)", seconds, "jdtool", ours)
    return ours


REDLINES_LIMIT = 120
_REDLINES_CHILD = """
import sys, time
from pathlib import Path
from redlines import Redlines
sys.path.insert(0, sys.argv[1])
from timing import median_seconds
old, new = (Path(p).read_text(encoding="utf-8").split("---\\n", 2)[2] for p in sys.argv[2:4])
runs = int(sys.argv[4])
print(median_seconds(lambda: Redlines(old, new).output_markdown, runs=runs,
                     warmup=1 if runs > 1 else 0))
"""


def _redlines_seconds(old: Path, new: Path) -> float | None:
    """redlines in a child process (in process there), stopped after ``REDLINES_LIMIT``."""
    runs = 5 if old.stat().st_size < 200_000 else 1
    try:
        done = subprocess.run([sys.executable, "-c", _REDLINES_CHILD, str(ROOT / "benchmarks"),
                               str(old), str(new), str(runs)], capture_output=True, text=True,
                              timeout=REDLINES_LIMIT, check=True)
    except subprocess.TimeoutExpired:
        return None
    return float(done.stdout.strip().splitlines()[-1])


def command(old: Path, new: Path, target: str = "") -> float:
    """Whole processes, output discarded: ``jdtool diff`` against ``git diff --word-diff``."""
    words = len(_body(old).split())
    ours = median_command_seconds([*JDTOOL, "diff", str(old), str(new), "-f", "unified"])
    git = median_command_seconds(["git", "diff", "--no-index", "--word-diff", str(old),
                                  str(new)])
    report(f"whole command ({words} words): jdtool diff -f unified", ours, target=target)
    report(f"whole command ({words} words): git diff --no-index --word-diff", git)
    print(f"{'':<58} ratio jdtool/git {ours / git:5.1f}x", flush=True)
    return ours


def start_up(ours: float, old: Path, new: Path) -> None:
    html = median_command_seconds([*JDTOOL, "diff", str(old), str(new), "-f", "html", "-o",
                                   str(CORPUS / "out.html")])
    report("whole command: jdtool diff -f html -o FILE", html)
    small = ROOT / "posts" / "regional-organiser.md"
    floor = median_command_seconds([*JDTOOL, "check", str(small)])
    report("floor: jdtool check of one small file (start-up + imports)", floor)
    print(f"{'':<58} jdtool diff minus that floor: {(ours - floor) * 1000:6.1f} ms", flush=True)


def main() -> None:
    subprocess.run(["git", "--version"], check=True, capture_output=True)
    five = write_pair("5k", 5000, 1)
    engine("5,000-word pair, 5 % changed", *five, target="<= 10 ms")
    command(*five)
    fifty = write_pair("50k", 50000, 2)
    engine("50,000-word pair, 5 % changed", *fifty, target="<= 100 ms", difflib_too=False)
    command(*fifty)
    engine("3,000 identical bullets shuffled", *adversarial_pair(False, 3), target="<= 1 s",
           peers=False)
    engine("3,000 near-identical bullets shuffled", *adversarial_pair(True, 4), target="<= 1 s",
           peers=False)
    six = write_pair("6k", 6000, 5)
    start_up(command(*six, target="<= 250 ms"), *six)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
