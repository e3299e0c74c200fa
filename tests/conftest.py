"""Fixtures shared by every test module."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed sequence of examples, so a submission's result does not
# depend on luck; developers' runs keep exploring new examples (and keep what they find).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
POSTS = ROOT / "posts"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def posts_copy(tmp_path: Path) -> Path:
    """A private copy of the example ``posts/`` folder that a test may change."""
    target = tmp_path / "posts"
    shutil.copytree(POSTS, target)
    return target


def write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` (creating folders) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
