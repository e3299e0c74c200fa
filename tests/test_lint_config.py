"""Lint configuration: discovery, severities, thresholds, per-glob overrides, vocabulary, and
clear errors for bad settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdtool.core.problems import JdtoolError, Severity
from jdtool.lint.config import find_config, load_config
from jdtool.lint.engine import lint_paths
from tests.conftest import write

POST = """---
kind: description
title: Test Post
status: draft
---

## Job purpose

The utilise of stakeholder time matters, so the chairman and the panel meet each week to
agree what the team will deliver and how the work of every officer in every branch will be
reviewed, planned and reported to the committee over the coming year.

## Key tasks

- Brief the chairman.
"""


def _rules(root: Path, config_text: str | None, name: str = "pyproject.toml") -> list[str]:
    write(root / "posts" / "post.md", POST)
    if config_text is not None:
        write(root / name, config_text)
    config = load_config(find_config(root / "posts"), today="2026-11-25")
    return [f.rule for f in lint_paths([root / "posts"], config).findings]


def test_pyproject_table_is_found_and_applied(tmp_path: Path) -> None:
    assert "JD202" in _rules(tmp_path, None)
    found = _rules(tmp_path, '[tool.jdtool.lint]\ndisable = ["JD202"]\n')
    assert "JD202" not in found and "JD302" in found


def test_jdtool_toml_with_a_lint_table(tmp_path: Path) -> None:
    assert "JD302" not in _rules(tmp_path, "[lint]\nmax-sentence-words = 60\n", "jdtool.toml")


def test_severity_and_fail_level(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.jdtool.lint]\nfail-level = "warning"\n'
          '[tool.jdtool.lint.severity]\nJD202 = "error"\n')
    write(tmp_path / "posts" / "post.md", POST)
    config = load_config(tmp_path / "pyproject.toml")
    assert config.fail_level is Severity.WARNING
    result = lint_paths([tmp_path / "posts"], config)
    assert {f.severity for f in result.findings if f.rule == "JD202"} == {Severity.ERROR}


def test_per_glob_overrides(tmp_path: Path) -> None:
    write(tmp_path / "posts" / "archive" / "old.md", POST)
    write(tmp_path / "posts" / "post.md", POST)
    write(tmp_path / "jdtool.toml", '[lint]\n[[lint.overrides]]\nfiles = ["posts/archive/*"]\n'
          'disable = ["inclusive"]\n')
    config = load_config(tmp_path / "jdtool.toml")
    result = lint_paths([tmp_path / "posts"], config)
    by_file = {f.path.name for f in result.findings if f.rule == "JD202"}
    assert by_file == {"post.md"}


def test_accepted_and_rejected_vocabulary(tmp_path: Path) -> None:
    found = _rules(tmp_path, '[tool.jdtool.lint]\naccept = ["chairman"]\n'
                             '[tool.jdtool.lint.reject]\nstakeholder = "people"\n')
    assert "JD202" not in found
    assert found.count("JD305") == 1


@pytest.mark.parametrize("text, message", [
    ('[tool.jdtool.lint]\nmax-sentence-words = "long"\n', "must be a number"),
    ('[tool.jdtool.lint]\nspeling = 1\n', "unknown lint setting 'speling'"),
    ('[tool.jdtool.lint]\nfail-level = "fatal"\n', "is not a severity"),
    ('[tool.jdtool.lint\n', "invalid TOML"),
    ('[tool.jdtool.lint]\n[[tool.jdtool.lint.overrides]]\ndisable = ["JD202"]\n', "needs 'files'"),
])
def test_bad_settings_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "pyproject.toml", text)
    with pytest.raises(JdtoolError) as error:
        load_config(path)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert error.value.exit_code == 2
