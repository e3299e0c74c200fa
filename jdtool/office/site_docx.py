"""The ``jdtool build --docx`` generator: one Word .docx per pack, next to the pack's PDF.

``jdtool.publish.generators`` runs it when ``BuildOptions.docx`` is set; python-docx is
imported only then, so a build without ``--docx`` does not load it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jdtool.publish.context import SiteContext

LINK_LABEL = "Word version of the job pack (.docx)"


def docx_url(slug: str) -> str:
    return f"{slug}/{slug}.docx"


def word_packs(context: SiteContext) -> None:
    """Write every pack as a Word document and link it from the pack page."""
    from jdtool.office.docx_export import docx_bytes, pack_to_docx

    for pack in context.packs:
        context.write(docx_url(pack.slug), docx_bytes(pack_to_docx(pack)))
        context.links.setdefault(pack.slug, {})[LINK_LABEL] = docx_url(pack.slug)
