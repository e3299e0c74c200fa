"""Where the real documents are: ``../shared`` beside the clone (as CI has it), or beside the
folder of worktrees. Tests that read them skip cleanly when they are absent; their text is
never copied into this repository."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_CANDIDATES = (ROOT.parent / "shared", ROOT.parent.parent / "shared")
SHARED: Path | None = next((path for path in _CANDIDATES if (path / "corpus").is_dir()), None)


def shared_path(*parts: str) -> Path:
    """A path under the shared real material; skip the calling test when it is absent."""
    if SHARED is None or not SHARED.joinpath(*parts).exists():
        pytest.skip("the real material (../shared) is not beside this clone")
    return SHARED.joinpath(*parts)
