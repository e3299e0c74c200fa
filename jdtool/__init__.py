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

The library API is ``jdtool.api``, re-exported here: ``jdtool.check(paths)``,
``jdtool.lint_paths(paths)``, ``jdtool.compare(old, new)``... Importing it is cheap (each function
imports its stage when called), so ``jdtool --version`` stays fast.
"""

from __future__ import annotations

# Cheap: jdtool.api imports each stage only when one of its functions is called.
from jdtool.api import *  # noqa: F403  (the API is what jdtool.api.__all__ lists)
from jdtool.api import __all__ as _api
from jdtool.core.problems import JdtoolError, Problem, ProblemsFound, Severity, UsageError
from jdtool.version import __version__

__all__ = [*_api, "JdtoolError", "Problem", "ProblemsFound", "Severity", "UsageError",
           "__version__"]
