"""A page that lists several postings (a newsletter, a careers page): one pack each.

A posting starts at a heading that names a post ("Senior Caseworker") and is followed, soon,
by the facts of a vacancy ("Closing date: ...", "Salary: ...", "Ref: ..."). Two or more such
headings with different titles split the page; what stands before the first (the page's
own introduction) is left out and reported.
"""

from __future__ import annotations

from jdtool.importer.facts import label_fact, names_post, sentence_facts
from jdtool.importer.nodes import Node, NodeKind, shown_text
from jdtool.importer.report import ImportReport

_VACANCY_FACTS = frozenset({"closing", "salary", "location", "ref", "grade", "hours",
                            "reports_to", "interview"})
_LOOKAHEAD = 8


def split_postings(nodes: list[Node], report: ImportReport) -> list[list[Node]]:
    """The postings of ``nodes``: ``[nodes]`` when it holds one."""
    starts = [index for index, node in enumerate(nodes) if _starts_posting(nodes, index)]
    titles = {nodes[index].text.casefold() for index in starts}
    if len(starts) < 2 or len(titles) < len(starts):
        return [nodes]
    for node in nodes[:starts[0]]:
        report.leave_out(shown_text(node), "the page's introduction before its postings",
                         node.line)
    report.note(f"{len(starts)} postings on one page: imported as {len(starts)} packs")
    return [nodes[start:end] for start, end in zip(starts, [*starts[1:], len(nodes)],
                                                     strict=True)]


def _starts_posting(nodes: list[Node], index: int) -> bool:
    node = nodes[index]
    if node.kind is not NodeKind.HEADING or not names_post(node.text) or \
            len(node.text.split()) > 10:
        return False
    for later in nodes[index + 1:index + 1 + _LOOKAHEAD]:
        if later.kind is NodeKind.HEADING and names_post(later.text) and \
                later.level <= node.level:
            return False  # another posting (or a sub-heading) before any vacancy fact
        found = label_fact(later.text)
        named = [found[0]] if found else [name for name, _ in sentence_facts(later.text)]
        if _VACANCY_FACTS.intersection(named):
            return True
    return False
