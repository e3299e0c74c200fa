"""Helpers shared by the import tests: run an import into a folder and count its words."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from jdtool.authoring.check import check
from jdtool.authoring.fmt import format_file
from jdtool.cli.app import app
from jdtool.core.packs import load_packs
from jdtool.importer.report import words


def run_import(files: list[Path], out: Path, *extra: str) -> tuple[int, str, dict[str, object]]:
    """Run ``jdtool import`` for real; return exit code, output and the JSON report."""
    report = out.parent / f"{out.name}-report.json"
    result = CliRunner().invoke(app, ["import", *map(str, files), "--out", str(out),
                                      "--report", str(report), *extra])
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return result.exit_code, result.output, data


def written_words(out: Path) -> Counter[str]:
    """Every word a reader reads in the imported documents, from the files on disk."""
    packs, problems = load_packs([out])
    assert not problems, [str(p) for p in problems]
    total: Counter[str] = Counter()
    for pack in packs:
        for document in pack.all_documents():
            if document.title:
                total.update(words(document.title))
            for section in document.sections():
                total.update(words(section.heading))
            for _, block in document.blocks():
                total.update(words(block.number or ""))
                for part in block.cells or (block.text,):
                    total.update(words(part))
    return total


def reported_words(data: dict[str, object], key: str) -> Counter[str]:
    total: Counter[str] = Counter()
    for report in data["files"]:  # type: ignore[attr-defined]
        for entry in report[key]:
            total.update(words(entry["text"]))
    return total


def assert_no_word_lost(source_text: str, out: Path, data: dict[str, object]) -> None:
    """Input words (+ words the importer says it added) = output words + left-out words."""
    expected = words(source_text) + reported_words(data, "added")
    found = written_words(out) + reported_words(data, "left_out")
    assert expected - found == Counter(), f"lost: {expected - found}"
    assert found - expected == Counter(), f"invented: {found - expected}"


def assert_checks_clean(out: Path) -> None:
    """``jdtool check`` finds no error, and ``jdtool fmt --check`` would change nothing."""
    result = check([out])
    assert result.errors == 0, [str(p) for p in result.problems]
    unformatted = [path for path in sorted(out.rglob("*.md"))
                   if format_file(path, check_only=True)]
    assert unformatted == []
