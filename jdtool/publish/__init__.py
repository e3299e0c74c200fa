"""Publishing: the static site and PDF job packs.

``jdtool build`` loads the packs once, then runs the build's generators, each with a
``SiteContext``, before it renders the pack pages, so a generator can both write extra pages
and add links that the pack page shows. Which generators a build runs is decided once per
build from its ``BuildOptions`` by ``jdtool.publish.generators.generators_for`` (the history
pages unless ``history=False``, the Word packs with ``docx=True``); there is no global list
to add to, and importing a module never changes what a build does. A generator is any
callable taking a ``SiteContext``::

    def history_pages(context: SiteContext) -> None:
        for pack in context.packs:
            context.render("history.html", f"{pack.slug}/history.html", pack=pack)
            context.links[pack.slug]["history"] = f"{pack.slug}/history.html"

    build(options, generators=[history_pages])   # instead of the options' own generators

Generators run in list order, in the main process, on every build that is not skipped.
A build is skipped when nothing it reads has changed: the files under the paths, the
templates, the options and the checked-out git commit. A generator that depends on anything
else gives itself a ``fingerprint`` attribute, ``fingerprint(options) -> str``, whose value
is added to that check. Heavy libraries (Jinja, WeasyPrint) are imported only when a build
runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jdtool.publish.context import BuildOptions, Generator, SiteContext

__all__ = ["BuildOptions", "Generator", "SiteContext"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from jdtool.publish import context

        return getattr(context, name)
    raise AttributeError(f"module 'jdtool.publish' has no attribute {name!r}")
