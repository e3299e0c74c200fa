"""Which extra page generators a build runs: chosen per build from its ``BuildOptions``.

As in pelican's ``_get_generator_classes``, the list is assembled afresh for every build in
one function, from typed options, so two builds in one process never see each other's
choices. The generators themselves live with the stage whose pages they write.
"""

from __future__ import annotations

from jdtool.history.pages import history_pages
from jdtool.office.site_docx import word_packs
from jdtool.publish.context import BuildOptions, Generator


def generators_for(options: BuildOptions) -> list[Generator]:
    """The generators of one build, in the order they run."""
    generators: list[Generator] = []
    if options.history:
        generators.append(history_pages)
    if options.docx:
        generators.append(word_packs)
    return generators
