"""The readers on real material (``../shared``, skipped when absent; never copied here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

from typer.testing import CliRunner

from jdtool.cli.app import app
from tests.real_material import shared_path

ROOT = Path(__file__).resolve().parents[1]


def test_every_consecutive_real_revision_compares_as_plain_markdown() -> None:
    """All of them (about 300 pairs, ~15 s on the shared machine): exit 0 or 1, never an
    error, and the JSON names each side as plain Markdown."""
    revisions = shared_path("corpus", "revisions")
    runner = CliRunner()
    pairs = 0
    for history in sorted(path for path in revisions.iterdir() if path.is_dir()):
        versions = sorted(history.glob("v*.md"))
        for old, new in pairwise(versions):
            result = runner.invoke(app, ["diff", str(old), str(new), "-f", "json"])
            assert result.exit_code in (0, 1), (old, new, result.stderr, result.exception)
            data = json.loads(result.stdout)
            assert data["old"]["source"] == data["new"]["source"] == "markdown"
            assert data["is_empty"] is (result.exit_code == 0)
            pairs += 1
    assert pairs > 100


def test_a_real_pdf_against_a_real_word_file_through_the_command() -> None:
    pdf = shared_path("corpus", "pdf", "jepson-coll-mgr-2022.pdf")
    word = shared_path("corpus", "docx", "Service-Manager-pack-SM.docx")
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "jdtool", "diff", str(pdf), str(word),
                             "-f", "json"], capture_output=True, text=True, cwd=ROOT,
                            env=environment, timeout=120, check=False)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert (data["old"]["source"], data["new"]["source"]) == ("pdf", "docx")
    assert data["stats"]["words_added"] > 100 and data["stats"]["words_removed"] > 100
    assert "pdf read through the importer, in memory" in result.stderr
