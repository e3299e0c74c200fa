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
    assert "lint: 7 documents linted: 1 error, " in relaxed.stderr
    assert (root / "site" / "index.html").is_file()


def test_an_up_to_date_site_is_not_linted_again_but_strict_still_checks(posts_copy: Path) -> None:
    root = posts_copy.parent
    brief = posts_copy / "director-of-operations" / "brief.md"
    brief.write_text(brief.read_text(encoding="utf-8").replace(
        "financial leadership", "financial leadership with the the"), encoding="utf-8")
    command = [sys.executable, "-m", "jdtool", "build", "--no-pdf", "--today", "2026-11-25",
               "--out", "site"]

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*command, *extra], cwd=root, capture_output=True, text=True,
                              timeout=300, check=False)

    first = run()
    assert first.returncode == 0 and "lint: 7 documents linted" in first.stderr
    again = run()
    assert again.returncode == 0
    assert "is up to date" in again.stderr and "lint:" not in again.stderr
    strict = run("--strict")
    assert strict.returncode == 1 and "not publishing (--strict)" in strict.stderr


def test_strict_lints_a_document_in_review_inside_a_published_pack(posts_copy: Path) -> None:
    """A pack's status decides for all its documents: a description marked ``review`` in a
    published pack is published with it, so ``--strict`` must lint it too."""
    root = posts_copy.parent
    description = posts_copy / "director-of-operations" / "description.md"
    text = description.read_text(encoding="utf-8")
    description.write_text(text.replace("kind: description\n", "kind: description\n"
                                        "status: review\n").replace(
        "operational services", "operational the the services"), encoding="utf-8")
    refused = build("--strict", "--out", "strict-site", cwd=root)
    assert refused.returncode == 1, refused.stderr
    assert "description.md" in refused.stderr and "JD403" in refused.stderr
    assert not (root / "strict-site").exists()
    published = build("--out", "site", cwd=root)
    assert published.returncode == 0, published.stderr
    page = (root / "site" / "director-of-operations" / "index.html").read_text(encoding="utf-8")
    assert "operational the the services" in page
