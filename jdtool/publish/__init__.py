"""Publishing: the static site and PDF job packs, and the generator hook other stages plug into.

``jdtool build`` loads the packs once, then calls every generator in ``GENERATORS`` with a
``SiteContext`` before it renders the pack pages, so a generator can both write extra pages
and add links that the pack page shows::

    from jdtool.publish import GENERATORS, SiteContext

    def history_pages(context: SiteContext) -> None:
        for pack in context.packs:
            context.render("history.html", f"{pack.slug}/history.html", pack=pack)
            context.links[pack.slug]["history"] = f"{pack.slug}/history.html"

    GENERATORS.append(history_pages)

Generators run in list order, in the main process, on every build that is not skipped.
A build is skipped when nothing it reads has changed: the files under the paths, the
templates, the options and the checked-out git commit. A generator that depends on anything
else gives itself a ``fingerprint`` attribute, ``fingerprint(options) -> str``, whose value
is added to that check. Heavy libraries (Jinja, WeasyPrint) are imported only when a build
runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jdtool.publish.context import BuildOptions, SiteContext

Generator = Callable[["SiteContext"], None]
"""Writes extra pages into ``context.out`` and may add to ``context.links``."""

GENERATORS: list[Generator] = []
"""Extra page generators, called in order on every build."""


def register_generator(generator: Generator) -> Generator:
    """Add ``generator`` to ``GENERATORS`` once; usable as a decorator."""
    if generator not in GENERATORS:
        GENERATORS.append(generator)
    return generator


__all__ = ["GENERATORS", "BuildOptions", "Generator", "SiteContext", "register_generator"]


def __getattr__(name: str) -> object:
    if name in ("BuildOptions", "SiteContext"):
        from jdtool.publish import context

        return getattr(context, name)
    raise AttributeError(f"module 'jdtool.publish' has no attribute {name!r}")


# Stages that add pages to every build (each registers its generator when imported).
import jdtool.history.pages  # noqa: E402, F401
