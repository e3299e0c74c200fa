"""jdtool: write, check, publish and compare job descriptions kept as structured Markdown.

The pipeline, one module (or sub-package) per stage:

    reader      bytes on disk -> text, with clear errors for bad files
    frontmatter text -> YAML mapping with the line of every key
    schema      mapping -> typed, validated ``FrontMatter``
    parser      Markdown body -> ``Section`` / ``Block`` / ``Criterion`` tree
    packs       ``posts/`` folders -> ``Pack`` objects with inherited fields
    check       every problem in a set of documents, in one run
    fmt         canonical Markdown through mdformat
    scaffold    new documents and packs from ``jd_templates/new``
    cli         the thin typer command-line layer over all of the above

The public API is re-exported lazily here so that ``jdtool --version`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from jdtool.model import (  # noqa: F401
        Block,
        BlockKind,
        Criterion,
        Document,
        Pack,
        Section,
        Span,
    )
    from jdtool.packs import load_document, load_packs  # noqa: F401
    from jdtool.problems import JdtoolError, Problem  # noqa: F401

_LAZY = {
    "Block": "jdtool.model",
    "BlockKind": "jdtool.model",
    "Criterion": "jdtool.model",
    "Document": "jdtool.model",
    "Pack": "jdtool.model",
    "Section": "jdtool.model",
    "Span": "jdtool.model",
    "load_document": "jdtool.packs",
    "load_packs": "jdtool.packs",
    "JdtoolError": "jdtool.problems",
    "Problem": "jdtool.problems",
}

__all__ = [*_LAZY, "__version__"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'jdtool' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
