"""Fixtures shared by every test module."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from tests.history_repo import StoryRepo

# CI runs the property tests on a fixed sequence of examples, so a submission's result does not
# depend on luck; developers' runs keep exploring new examples (and keep what they find).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
POSTS = ROOT / "posts"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> StoryRepo:
    """The General Secretary's history as a real git repository, built once per test module."""
    from tests.history_repo import build_story_repo

    return build_story_repo(tmp_path_factory.mktemp("story"))


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
