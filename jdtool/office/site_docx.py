"""The ``jdtool build --docx`` generator: one Word .docx per pack, next to the pack's PDF.

``jdtool build --docx`` registers it (so a build without ``--docx`` does not import
python-docx); it also checks ``BuildOptions.extra["docx"]``, so a build in the same process
without the switch writes no Word files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jdtool.publish.context import BuildOptions, SiteContext

OPTION = "docx"
LINK_LABEL = "Word version of the job pack (.docx)"


def docx_url(slug: str) -> str:
    return f"{slug}/{slug}.docx"


class WordPacks:
    """A generator object, so the build's up-to-date check can see the ``--docx`` switch."""

    def __repr__(self) -> str:
        # The build fingerprints generators by name; keep it stable from run to run.
        return "jdtool.office.site_docx.word_packs"

    def __call__(self, context: SiteContext) -> None:
        if not context.options.extra.get(OPTION):
            return
        from jdtool.office.docx_export import docx_bytes, pack_to_docx

        for pack in context.packs:
            context.write(docx_url(pack.slug), docx_bytes(pack_to_docx(pack)))
            context.links.setdefault(pack.slug, {})[LINK_LABEL] = docx_url(pack.slug)

    def fingerprint(self, options: BuildOptions) -> str:
        return f"docx={bool(options.extra.get(OPTION))}"


word_packs = WordPacks()
