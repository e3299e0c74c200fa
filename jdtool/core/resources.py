"""Where jdtool's bundled Jinja templates and CSS live, in a checkout or an installed wheel,
and the fingerprint of jdtool's own files that caches are kept under."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
"""``jdtool/``, from ``jdtool/core/``."""


@cache
def templates_dir() -> Path:
    """``jd_templates/`` beside the package in a checkout, ``jdtool/_templates`` in a wheel."""
    for candidate in (PACKAGE.parent / "jd_templates", PACKAGE / "_templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("jdtool's templates are missing: reinstall jdtool")


def code_fingerprint(files: Iterable[Path], *extra: str) -> str:
    """Each of ``files`` (its path and bytes) and ``extra`` (jdtool's version, say), as one
    digest: changes whenever the code that computed a cached result could compute
    differently."""
    digest = hashlib.sha256()
    for path in sorted(files):
        if path.is_file():
            name = path.relative_to(PACKAGE.parent) if path.is_relative_to(PACKAGE.parent) \
                else path
            digest.update(str(name).encode())
            digest.update(path.read_bytes())
    for part in extra:
        digest.update(part.encode())
    return digest.hexdigest()
