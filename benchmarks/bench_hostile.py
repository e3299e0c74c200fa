"""Benchmark the worst inputs: every pathological document through every command.

Each case of ``tests/hostile.py`` (a 1-million-line file, 4 MB on one line, backtick runs, a
storm of link references, 50,000 nested emphasis markers, 20,000 identical headings, a table
5,000 columns wide or 20,000 rows long) is written as a pack's person specification and run
through check, fmt --check, show, lint, diff, build --no-pdf, export and scoresheet, each a
new process with a time limit. Every command must finish in seconds or refuse with one line.

    python benchmarks/bench_hostile.py [SCALE|limit] [CASE...]   # 1.0 is issue 19's size

``limit`` runs each case at the largest size jdtool accepts (``tests.hostile.AT_LIMIT``);
``make bench`` (``main()``) runs both.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile import AT_LIMIT, PATHOLOGICAL, pathological  # noqa: E402

LIMIT = 120.0
"""Seconds after which a command counts as hung."""


def commands(pack: Path, other: Path, out: Path) -> dict[str, list[str]]:
    spec = str(pack / "person-spec.md")
    return {
        "check": ["check", str(pack)],
        "fmt --check": ["fmt", "--check", spec],
        "show --format json": ["show", spec, "--format", "json"],
        "lint": ["lint", str(pack)],
        "diff": ["diff", spec, str(other)],
        "build --no-pdf": ["build", str(pack.parent), "--no-pdf", "--no-cache", "--out",
                           str(out / "site")],
        "export": ["export", str(pack), "-o", str(out / "pack.docx")],
        "scoresheet": ["scoresheet", str(pack), "--format", "csv", "-o",
                       str(out / "scores.csv")],
    }


def run(arguments: list[str], cwd: Path) -> tuple[float, str, str]:
    """Seconds, exit code (or "hung") and the first line of standard error."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    try:
        result = subprocess.run([sys.executable, "-m", "jdtool", *arguments], cwd=cwd,
                                capture_output=True, text=True, timeout=LIMIT, env=environment)
    except subprocess.TimeoutExpired:
        return LIMIT, "hung", ""
    first = next(iter(result.stderr.strip().splitlines()), "")
    return time.perf_counter() - started, str(result.returncode), first[:110]


def main(scale: float | None = None, cases: list[str] | None = None) -> None:
    """Every case at issue 19's size, then at the limit (or only at ``scale``; None: both)."""
    if scale is None:
        print("--- at issue 19's sizes ---")
        main(1.0, cases)
        print("--- just inside the limits ---")
        main(0.0, cases)
        return
    for case in cases or list(PATHOLOGICAL):
        with tempfile.TemporaryDirectory() as folder:
            base = Path(folder)
            pack = base / "posts" / "hostile"
            pack.mkdir(parents=True)
            text = pathological(case, scale or AT_LIMIT[case])
            (pack / "person-spec.md").write_text(text, encoding="utf-8")
            other = base / "other.md"
            other.write_text(text.replace("Duties", "Tasks", 1).replace("Team", "Group", 1),
                             encoding="utf-8")
            print(f"{case} ({len(text) / 1_048_576:.1f} MB, {text.count(chr(10)):,} lines)",
                  flush=True)
            for name, arguments in commands(pack, other, base).items():
                seconds, code, first = run(arguments, base)
                print(f"    {name:<20} {seconds:7.2f} s  exit {code:<4} {first}", flush=True)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    chosen: float | None = None
    if arguments and (arguments[0] == "limit" or arguments[0][0].isdigit()):
        first = arguments.pop(0)
        chosen = 0.0 if first == "limit" else float(first)
    main(chosen, arguments or None)
