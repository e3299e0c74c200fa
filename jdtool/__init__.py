"""jdtool: write, check, publish and compare job descriptions kept as structured Markdown.

The pipeline, one sub-package per stage:

    core        bytes on disk -> front matter -> typed fields -> the document model, packs
    authoring   check, fmt and scaffold: writing documents
    lint        inclusive, clear and correct wording
    diff        structural comparison of two documents, and its output formats
    history     git revisions: log, blame, revision pages
    publish     the static site and PDF job packs
    office      Word export, tracked-changes redlines, scoring sheets
    importer    PDF, Word, HTML and text -> jdtool Markdown
    cli         the thin typer command-line layer over all of the above

The public API is re-exported lazily here so that ``jdtool --version`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from jdtool.core.documents import load_document  # noqa: F401
    from jdtool.core.model import (  # noqa: F401
        Block,
        BlockKind,
        Criterion,
        Document,
        Pack,
        Section,
        Span,
    )
    from jdtool.core.packs import load_packs  # noqa: F401
    from jdtool.core.problems import JdtoolError, Problem  # noqa: F401

_LAZY = {
    "Block": "jdtool.core.model",
    "BlockKind": "jdtool.core.model",
    "Criterion": "jdtool.core.model",
    "Document": "jdtool.core.model",
    "Pack": "jdtool.core.model",
    "Section": "jdtool.core.model",
    "Span": "jdtool.core.model",
    "load_document": "jdtool.core.documents",
    "load_packs": "jdtool.core.packs",
    "JdtoolError": "jdtool.core.problems",
    "Problem": "jdtool.core.problems",
}

__all__ = [*_LAZY, "__version__"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'jdtool' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
