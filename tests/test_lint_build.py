"""``jdtool build`` shows a lint summary of what it publishes, and ``--strict`` refuses to
publish while lint finds errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def build(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jdtool", "build", "--no-pdf", "--no-cache",
                           "--today", "2026-11-25", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, check=False)


def test_build_shows_the_lint_summary_and_strict_refuses_errors(posts_copy: Path) -> None:
    root = posts_copy.parent
    brief = posts_copy / "director-of-operations" / "brief.md"
    brief.write_text(brief.read_text(encoding="utf-8").replace(
        "financial leadership", "financial leadership with the the"), encoding="utf-8")
    refused = build("--strict", "--out", "strict-site", cwd=root)
    assert refused.returncode == 1
    assert "error JD403 'the' is repeated" in refused.stderr
    assert "lint found 1 error; not publishing (--strict)" in refused.stderr
    assert not (root / "strict-site").exists()
    relaxed = build("--out", "site", cwd=root)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "lint: 7 documents linted: 1 errors, " in relaxed.stderr
    assert (root / "site" / "index.html").is_file()
