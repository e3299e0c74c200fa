"""Where jdtool's bundled Jinja templates and CSS live, in a checkout or an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def templates_dir() -> Path:
    """``jd_templates/`` beside the package in a checkout, ``jdtool/_templates`` in a wheel."""
    package = Path(__file__).resolve().parent.parent  # jdtool/, from jdtool/core/
    for candidate in (package.parent / "jd_templates", package / "_templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("jdtool's templates are missing: reinstall jdtool")
