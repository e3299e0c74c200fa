"""Nodes -> documents: split one input into brief / description / person-spec / apply,
recover front matter facts, and turn grouped selection criteria into criteria tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jdtool.core.parser import _STAGE_ALIASES, STAGES
from jdtool.core.schema import Kind
from jdtool.importer.facts import (
    LABELS,
    Facts,
    clean_title,
    label_fact,
    names_post,
    resolve,
    sentence_facts,
)
from jdtool.importer.nodes import Cell, Node, NodeKind, escape, item, shown_text
from jdtool.importer.plain_text import KNOWN_HEADINGS, PART, heading_key
from jdtool.importer.report import ImportReport

_KIND_HEADINGS = [
    (Kind.BRIEF, re.compile(r"\b(?:job|role|candidate|recruitment|post)\s+(?:brief|pack)\b"
                            r"|\bbriefing\b", re.I)),
    (Kind.DESCRIPTION, re.compile(r"\b(?:job|role|post)\s+(?:description|profile|outline)\b",
                                  re.I)),
    (Kind.PERSON_SPEC, re.compile(r"\bperson(?:al)?\s+spec(?:ification)?\b|\bselection\s+"
                                  r"criteria\b|\bperson\s+profile\b", re.I)),
    (Kind.APPLY, re.compile(r"\bhow\s+to\s+apply\b|\bapplication\s+process\b"
                            r"|\bmaking\s+(?:an|your)\s+application\b", re.I)),
]
ORGANISATION = re.compile(r"\b(?:union|association|council|trust|federation|society|institute|"
                           r"congress|confederation|ltd|limited|plc|authority|agency|board|"
                           r"guild|charity|foundation|university|college|partnership)\b", re.I)
_STAGE_WORDS = (r"(?:application(?:\s+form)?|interview|test|presentation|references?|"
                r"assessment\s+centre|exercise|portfolio|cv|[AITPR])")
# A mark hyphened onto the word before it ("3-D", "1-E") is part of that word, not a mark.
_IMPORTANCE = re.compile(
    r"[\s(\[–—:-]*(?<![^\W_][-'’\u00ad])\b(?P<importance>essential|desirable|E|D)\b"
    r"[)\]]?[\s,;/:–—-]*\(?"
    r"(?P<assessed>(?:" + _STAGE_WORDS + r"(?:\s*[,/&;]\s*|\s+and\s+|\s+)?)*)"
    r"[)\]]?\s*$", re.I)
_STAGE_SPLIT = re.compile(r"\s*(?:,|;|/|&|\band\b)\s*")


@dataclass(slots=True)
class ImportedDocument:
    kind: Kind
    nodes: list[Node] = field(default_factory=list)
    title: Node | None = None
    criteria: list[CriteriaGroup] = field(default_factory=list)


@dataclass(slots=True)
class CriterionRow:
    text: str
    markup: str
    importance: str
    assessed: str


@dataclass(slots=True)
class CriteriaGroup:
    heading: Node
    rows: list[CriterionRow]
    lead: list[Node] = field(default_factory=list)
    """Paragraphs between the heading and the criteria ("We are looking for someone who
    can:"), written above the table."""


@dataclass(slots=True)
class ImportedPack:
    facts: Facts
    documents: list[ImportedDocument]
    preamble: list[Node]
    title_node: Node | None = None


def kind_of_heading(text: str) -> Kind | None:
    for kind, pattern in _KIND_HEADINGS:
        if pattern.search(text):
            return kind
    return None


def structure(nodes: list[Node], report: ImportReport,
              hints: dict[str, str] | None = None, page_title: str = "") -> ImportedPack:
    """Recover facts, split into documents, and build criteria groups."""
    facts = Facts()
    nodes = _collect_facts(_drop_contents(nodes, report), facts, report)
    _unhead_labels(nodes)
    for name, value in (hints or {}).items():
        facts.set(name, value, 0)
    preamble, documents = _split(nodes, report)
    title_node, banner = _find_title(preamble, documents, facts)
    preamble = _drop_banners(preamble, documents, banner, report)
    if "title" not in facts.values and page_title:
        # The page's <title>, less a " | Site name" suffix, when the text names no post.
        facts.set("title", re.split(r"\s+[|–—-]\s+", page_title)[0].strip(), 0)
    first = documents[0]
    if first.title is None and first.nodes and first.nodes[0] is title_node:
        first.title = title_node
        first.nodes = first.nodes[1:]
    _organisation_from_furniture(facts, report)
    _grade_from_title(facts)
    _note_truncation(documents[-1], report)
    for name in ("title", "organisation", "location", "grade", "reports_to"):
        if name in facts.values:  # "POST:SENIOR OFFICER (X12)" -> "Senior Officer (X12)"
            facts.values[name] = _tidy_case(facts.values[name])
    for document in documents:
        # Criteria are criteria wherever they stand (a posting's "Minimum qualifications"),
        # but only a person specification's unmarked lists are read as criteria.
        _criteria(document, report, unmarked=document.kind is Kind.PERSON_SPEC)
    return ImportedPack(facts, documents, preamble, title_node)


def _heading_above(output: list[Node]) -> Node | None:
    """The heading a table stands directly under, which names its criteria's group."""
    last = output[-1] if output else None
    if last is not None and last.kind is NodeKind.HEADING and \
            not importance_of_heading(last.text):
        return last
    return None


def _collect_facts(nodes: list[Node], facts: Facts, report: ImportReport) -> list[Node]:
    kept: list[Node] = []
    skip: Node | None = None
    for index, node in enumerate(nodes):
        if node is skip:
            continue
        tail = _value_tail(nodes, index)
        text = f"{node.text} {tail.text}" if tail is not None else node.text
        if node.kind is NodeKind.PARAGRAPH and node.number is None and \
                _label_moved(text, node.line, facts, report):
            skip = tail
            continue
        if (below := _value_below(nodes, index)) is not None and \
                _label_moved(f"{node.text.rstrip(': ')}: {below.text}", node.line, facts, report):
            skip = below  # left out with its label, in one entry
            continue
        if node.kind is NodeKind.TABLE and _table_facts(node, facts, report):
            continue
        if node.kind in (NodeKind.PARAGRAPH, NodeKind.ITEM, NodeKind.HEADING):
            for name, raw in sentence_facts(node.text):
                value, problem = resolve(name, raw)
                if value is not None:
                    facts.set(name, value, node.line)
                elif name not in facts.values:
                    report.note(f"{name}: {problem}; kept as text, not guessed", node.line)
        kept.append(node)
    return kept


def _unhead_labels(nodes: list[Node]) -> None:
    """A form's fields are not sections: a "heading" that is a label, a colon and a value
    ("Vacancy reference number: 4471"), or a label ending in a colon with nothing under it
    before the next heading at its level or above ("Closing date:" / "Interview dates:"),
    becomes a paragraph. A colon heading over a list or text, a document's own heading
    ("Job description: Caretaker") and "Part 2: ..." are kept."""
    for index, node in enumerate(nodes):
        text = node.text.strip("* ")
        if node.kind is not NodeKind.HEADING or kind_of_heading(text) or PART.match(text) or \
                importance_of_heading(text.rstrip(":")):
            continue
        following = nodes[index + 1] if index + 1 < len(nodes) else None
        empty = following is None or (following.kind is NodeKind.HEADING and
                                      following.level <= node.level)
        if _LABELLED_VALUE.match(text) or (text.endswith(":") and empty):
            node.kind = NodeKind.PARAGRAPH


# A label, a colon and a value on one line: a form's field, however the label is worded.
_LABELLED_VALUE = re.compile(r"^[^:]{2,50}:\s+\S")


def _drop_contents(nodes: list[Node], report: ImportReport) -> list[Node]:
    """A table of contents ("Contents" and the short lines under it) repeats headings that
    follow: left out (and reported), so that its entries do not start documents."""
    for index, node in enumerate(nodes):
        if node.kind is NodeKind.HEADING and heading_key(node.text) in ("contents",
                                                                        "table of contents"):
            end = index + 1
            while end < len(nodes) and nodes[end].kind is not NodeKind.TABLE and \
                    len(nodes[end].text.split()) <= 10 and not nodes[end].text.endswith("."):
                end += 1
            if end - index < 3:
                return nodes
            for entry in nodes[index:end]:
                report.leave_out(shown_text(entry), "table of contents", entry.line)
            return nodes[:index] + nodes[end:]
    return nodes


def _note_truncation(document: ImportedDocument, report: ImportReport) -> None:
    """A text that stops in the middle of a sentence (a page excerpt, a file cut short) is
    imported as it is, and the report says so."""
    last = next((n for n in reversed(document.nodes) if n.kind is not NodeKind.TABLE), None)
    if last is None or last.kind is NodeKind.HEADING:
        return
    words = last.text.split()
    if len(words) >= 8 and not re.search(r"[.!?:;)\]\"'”’…]$", last.text) and \
            words[-1][:1].islower():
        report.note(f"the text stops mid-sentence ('...{' '.join(words[-6:])}'): the document "
                    "looks cut short; imported as it is", last.line)


_TITLE_GRADE = re.compile(r"^(?P<title>.*\S)\s+[–—-]\s+(?P<grade>(?:band|grade|pay band)\s+\w{1,3}|"
                          r"[A-G]\d{1,2}|(?:SEO|HEO|EO|AO|AA|G6|G7|SCS\d?|PB\d))$", re.I)


def _grade_from_title(facts: Facts) -> None:
    """"Business Analyst – B2": the post is "Business Analyst", its grade B2."""
    match = _TITLE_GRADE.match(facts.values.get("title", ""))
    if match is not None and "grade" not in facts.values:
        facts.values["title"] = match["title"]
        facts.set("grade", match["grade"], facts.lines.get("title", 0))


def _value_tail(nodes: list[Node], index: int) -> Node | None:
    """The end of a label's value that a page break pushed onto a line of its own
    ("Responsible for: Staff within the Organisation and Resource" / "Development
    directorate"), just before the next heading."""
    node = nodes[index]
    if index + 2 >= len(nodes) or node.kind is not NodeKind.PARAGRAPH or \
            label_fact(node.text) is None or re.search(r"[.!?;:,)]$", node.text):
        return None
    tail, after = nodes[index + 1], nodes[index + 2]
    words = tail.text.split()
    if tail.kind not in (NodeKind.HEADING, NodeKind.PARAGRAPH) or not 1 <= len(words) <= 3 \
            or after.kind is not NodeKind.HEADING or label_fact(tail.text) is not None or \
            heading_key(tail.text) in KNOWN_HEADINGS or tail.text.isupper() or \
            kind_of_heading(tail.text) or re.search(r"[.!?:]$", tail.text):
        return None
    return tail


def _value_below(nodes: list[Node], index: int) -> Node | None:
    """The value of a label that stands on a line of its own ("Close Date" / "12/02/2022",
    "CLOSING DATE:" / "3 May 2024"): the short line below it."""
    node = nodes[index]
    if index + 1 >= len(nodes) or node.kind not in (NodeKind.HEADING, NodeKind.PARAGRAPH) or \
            LABELS.get(re.sub(r"\s+", " ", node.text).strip(" :").casefold()) is None:
        return None
    below = nodes[index + 1]
    if below.kind not in (NodeKind.HEADING, NodeKind.PARAGRAPH) or below.text.endswith(":") \
            or len(below.text.split()) > 10 or label_fact(below.text) or \
            LABELS.get(below.text.strip(" :").casefold()):
        return None
    return below


def _label_moved(text: str, line: int, facts: Facts, report: ImportReport) -> bool:
    found = label_fact(text)
    if found is None:
        return False
    name, raw = found
    if name in facts.values:
        return False
    value, problem = resolve(name, raw)
    if value is None:
        report.note(f"{name}: {problem}; kept as text, not guessed", line)
        return False
    facts.set(name, value, line)
    report.leave_out(text, f"moved to front matter as {name}", line)
    return True


def _table_facts(node: Node, facts: Facts, report: ImportReport) -> bool:
    """Rows of a two-column "label | value" table that name front matter fields move there;
    the other rows stay as a table. True if the whole table was moved."""
    kept = []
    for row in node.rows:
        cells = [cell for cell in row if cell.text.strip()]
        found = label_fact(f"{cells[0].text.strip().rstrip(':')}: {cells[1].text.strip()}") \
            if len(cells) == 2 else None
        value = resolve(*found)[0] if found is not None else None
        if found is None or value is None or not facts.set(found[0], value, node.line):
            kept.append(row)
            continue
        report.leave_out(" ".join(cell.text for cell in cells),
                         f"moved to front matter as {found[0]}", node.line)
    if len(kept) == len(node.rows):
        return False
    node.rows = kept
    return not kept


def _split(nodes: list[Node], report: ImportReport) -> tuple[list[Node], list[ImportedDocument]]:
    documents: list[ImportedDocument] = []
    seen: set[Kind] = set()
    preamble: list[Node] = []
    current: ImportedDocument | None = None
    for node in nodes:
        kind = kind_of_heading(node.text) if node.kind is NodeKind.HEADING else None
        if kind is not None and kind not in seen:
            seen.add(kind)
            current = ImportedDocument(kind, title=node)
            documents.append(current)
            continue
        if current is None:
            preamble.append(node)
        else:
            current.nodes.append(node)
    substantial = sum(node.kind is not NodeKind.HEADING for node in preamble) > 2
    if documents and substantial and Kind.DESCRIPTION not in seen:
        # Much text before the first document heading is itself a document: the duties.
        documents.insert(0, ImportedDocument(Kind.DESCRIPTION, nodes=preamble))
        preamble = []
        report.note("text before the first document heading imported as the job description")
    if not documents:
        tables = [n for n in preamble if n.kind is NodeKind.TABLE and n.rows and
                  _columns([cell.text.strip() for cell in n.rows[0]], n.rows[1:]) is not None]
        items = [n for n in preamble if n.kind is NodeKind.ITEM]
        marked = sum(1 for n in items if _IMPORTANCE.search(n.text))
        spec = bool(tables) or (marked >= 3 and 2 * marked >= len(items))
        documents.append(ImportedDocument(Kind.PERSON_SPEC if spec else Kind.DESCRIPTION,
                                          nodes=preamble))
        preamble = []
        report.note("no 'Job description', 'Person specification' or similar heading found: "
                    f"imported as one {'person specification' if spec else 'job description'}")
    return preamble, documents


_NOT_A_NAME = re.compile(r"(?:about|welcome|our|working|join|why)\b", re.I)


def _find_title(preamble: list[Node], documents: list[ImportedDocument], facts: Facts) \
        -> tuple[Node | None, Node | None]:
    """Title and organisation from the top of the input, when no label gave them: the
    (title node, the organisation's banner node)."""
    first_nodes = preamble or documents[0].nodes
    headings: list[Node] = []
    for node in first_nodes[:4]:
        if node.kind is NodeKind.PARAGRAPH and len(node.text) < 40 and not headings:
            continue  # a stray line (a link, a date) above the title
        if node.kind is not NodeKind.HEADING or heading_key(node.text) in KNOWN_HEADINGS or \
                kind_of_heading(node.text):
            break
        headings.append(node)
    post = next((node for node in headings if names_post(node.text)), None)
    title_node = banner = None
    for node in headings:
        before_post = post is not None and node is not post and title_node is None
        if "organisation" not in facts.values and len(node.text.split()) <= 8 and \
                not _NOT_A_NAME.match(node.text) and not re.search(r"\d", node.text) and (
                ORGANISATION.search(node.text) or (before_post and len(node.text.split()) <= 4)):
            facts.set("organisation", _tidy_case(node.text), node.line)
            # Above the post's title it is a banner; otherwise a heading of the text.
            banner = node if before_post else None
        elif title_node is None and (post is None or node is post):
            title_node = node
    if "title" not in facts.values:
        for document in documents:
            if document.title is not None and (name := _title_from_kind_heading(
                    document.title.text)):
                facts.set("title", name, document.title.line)
                break
        else:
            named = title_node if title_node is not None and names_post(title_node.text) \
                else _post_named(first_nodes) or _plain(title_node)
            if named is not None:
                facts.set("title", _tidy_case(clean_title(named.text)), named.line)
    return title_node, banner


def _plain(node: Node | None) -> Node | None:
    """A heading that may be a title though it names no post word: not a label or a
    lead-in."""
    if node is None or ":" in node.text or label_fact(node.text):
        return None
    return node


def _post_named(nodes: list[Node]) -> Node | None:
    """The first short line near the top that names a post ("Collections Manager,
    Mammalogy"), past any site header, e-mail header or navigation."""
    for node in nodes[:15]:
        text = node.text
        if node.kind not in (NodeKind.HEADING, NodeKind.PARAGRAPH) or \
                len(text.split()) > 12 or text.endswith(".") or \
                re.search(r"[|@<>]|https?:|www\.|\[", text) or label_fact(text) or \
                (kind_of_heading(text) and not _title_from_kind_heading(text)):
            continue
        if names_post(text) and text[:1].isupper():
            return node
    return None


def _drop_banners(preamble: list[Node], documents: list[ImportedDocument],
                  banner: Node | None, report: ImportReport) -> list[Node]:
    """The organisation's banner is front matter now; the banner block repeated above each
    later document ("UNISON" / the post's title, at the end of the one before) is a running
    title. Both are left out and reported. Returns the preamble without the banner."""
    if banner is not None:
        report.leave_out(banner.text, "organisation banner above the title (now the "
                         "organisation field)", banner.line)
        preamble = [node for node in preamble if node is not banner]
        for document in documents:
            document.nodes = [node for node in document.nodes if node is not banner]
    top = {heading_key(node.text) for node in ([banner] if banner else []) + preamble
           if node.kind is NodeKind.HEADING}
    for document in documents[:-1]:
        run = len(document.nodes)
        while run and document.nodes[run - 1].kind is NodeKind.HEADING and \
                len(document.nodes) - run < 4:
            run -= 1
        trailing = document.nodes[run:]
        if top and any(heading_key(node.text) in top for node in trailing):
            for node in trailing:
                report.leave_out(node.text, "running title repeated above a document",
                                 node.line)
            del document.nodes[run:]
    return preamble


def _organisation_from_furniture(facts: Facts, report: ImportReport) -> None:
    """A running header naming the organisation ("Harbourside Federation of Port Workers"),
    and facts in a running footer ("JD updated June 2021   Page 2 of 3")."""
    for entry in report.left_out:
        if entry.reason.startswith("page header"):
            for name, raw in sentence_facts(entry.text):
                value, _ = resolve(name, raw)
                if value is not None:
                    facts.set(name, value, entry.line)
    for entry in report.left_out:
        if entry.reason.startswith("page header") and ORGANISATION.search(entry.text):
            name = re.split(r"\s+[–—|-]\s+|\s{3,}", entry.text)[0].strip()
            if ORGANISATION.search(name) and len(name.split()) <= 8 and \
                    "organisation" not in facts.values:
                facts.set("organisation", _tidy_case(name), entry.line)
                return


def _title_from_kind_heading(text: str) -> str | None:
    """"JOB DESCRIPTION – GENERAL SECRETARY" -> "General Secretary"."""
    parts = re.split(r"\s+[–—:-]\s+|:\s*", text, maxsplit=1)
    if len(parts) != 2:
        # "Programme Delivery Manager job description": the kind's words at one end.
        for _, pattern in _KIND_HEADINGS:
            match = pattern.search(text)
            if match is None or (match.start() and match.end() < len(text)):
                continue
            rest = (text[:match.start()] + text[match.end():]).strip(" -–—:,")
            if rest and names_post(rest):
                return _tidy_case(rest)
        return None
    first, second = parts
    found = second if kind_of_heading(first) else first if kind_of_heading(second) else None
    if not found or not names_post(found):
        return None  # "PERSON SPECIFICATION - SKILLS REQUIRED" names no post
    return _tidy_case(found.strip())


_KEEP_UPPER = re.compile(r"^(?:[A-Z]{2,5}|[IVX]+)$")


def _tidy_case(text: str) -> str:
    """ALL CAPS text in Title Case; anything else (and one word, an acronym such as
    "UNISON") as written."""
    if any(c.islower() for c in text) or len(text.split()) == 1:
        return text
    words = []
    for index, word in enumerate(text.split()):
        lowered = word.lower()
        small = lowered in ("and", "of", "the", "for", "to", "in", "on", "a", "an", "at")
        first = next((i for i, c in enumerate(lowered) if c.isalpha()), 0)
        capital = lowered[:first] + lowered[first:first + 1].upper() + lowered[first + 1:]
        words.append(word if _KEEP_UPPER.match(word) and len(word) <= 4 and index else
                     lowered if small and index else capital)
    return " ".join(words)


# --- person specification ---------------------------------------------------------------


def _criteria(document: ImportedDocument, report: ImportReport, *, unmarked: bool) -> None:
    """Group items under each heading; a group whose every item states E/D becomes a table."""
    output: list[Node] = []
    groups: list[CriteriaGroup] = []
    position = 0
    nodes = document.nodes
    first_heading = next((n for n in nodes if n.kind is NodeKind.HEADING), None)
    first_marked = next((i for i, n in enumerate(nodes) if n.kind is not NodeKind.TABLE and
                         _marked(n)), None)
    if first_marked is not None and first_marked + 1 < len(nodes) and \
            _marked(nodes[first_marked + 1]) and \
            not any(n.kind is NodeKind.HEADING for n in nodes[:first_marked]):
        # Marked criteria ("... Essential Interview") with no group heading above them.
        nodes = [*nodes[:first_marked], _heading_node("Criteria", nodes[first_marked].line),
                 *nodes[first_marked:]]
        report.add("Criteria", "group heading added above criteria", nodes[first_marked].line)
    elif first_heading is not None and importance_of_heading(first_heading.text):
        # "Essential" and "Desirable" lists with no group above them: one group.
        group_heading = _heading_node("Criteria", first_heading.line)
        nodes = [group_heading, *nodes]
        report.add("Criteria", "group heading added above Essential/Desirable lists",
                   first_heading.line)
    # Unmarked groups are criteria only where no criterion in the document says E/D: where
    # some do, an unmarked list is something else (and is kept as a list).
    spec = unmarked
    unmarked = unmarked and not any(_marked(node) for node in nodes)
    context: list[str] = []
    """The text of the current part ("Section 2 - ..."), which may say how it is assessed."""
    in_part = False
    while position < len(nodes):
        node = nodes[position]
        if node.kind is NodeKind.HEADING and PART.match(node.text):
            context, in_part = [], True
        elif node.kind is NodeKind.HEADING and in_part:
            node.level = 3
        elif node.kind is NodeKind.PARAGRAPH:
            context.append(node.text)
        if node.kind is NodeKind.HEADING and not importance_of_heading(node.text):
            end = position + 1
            while end < len(nodes) and (nodes[end].kind is not NodeKind.HEADING
                                        or importance_of_heading(nodes[end].text)):
                end += 1
            group = _group(node, nodes[position + 1:end], report,
                           context if unmarked else None, quiet=not spec)
            if group is not None:
                groups.append(group)
                output.append(node)
                position = end
                continue
        if node.kind is NodeKind.HEADING and (found := _importance_group(nodes, position,
                                                                        report)):
            group, position = found
            groups.append(group)
            output.append(node)
            continue
        if node.kind is NodeKind.TABLE and (
                table_groups := _criteria_table(node, report, _heading_above(output))):
            groups.extend(table_groups)
            output.extend(g.heading for g in table_groups if not output or g.heading is not
                          output[-1])
            position += 1
            continue
        output.append(node)
        position += 1
    document.nodes = output
    document.criteria = groups


def _importance_group(nodes: list[Node], position: int, report: ImportReport) \
        -> tuple[CriteriaGroup, int] | None:
    """A heading that says how much its list matters and names the group itself
    ("Minimum Qualifications", "Preferred Qualifications"), standing where no group heading
    is above it: the heading stays, and its items become that group's criteria. Returns the
    group and the position after it."""
    heading_node = nodes[position]
    importance = importance_of_heading(heading_node.text)
    end = position + 1
    while end < len(nodes) and nodes[end].kind is not NodeKind.HEADING:
        end += 1
    lead, body = _lead_in(nodes[position + 1:end])
    if not importance or not body or any(n.kind is not NodeKind.ITEM for n in body):
        return None
    rows = []
    for node in body:
        _leave_out_number(node, report)
        row = _criterion_from_text(node)
        if row is None:
            row = CriterionRow(node.text, node.markup, importance, "")
            report.add(importance, "Essential/Desirable column filled from the heading",
                       node.line)
        rows.append(row)
    return CriteriaGroup(heading_node, rows, lead), end


def _lead_in(body: list[Node]) -> tuple[list[Node], list[Node]]:
    """The paragraphs that open a group before its list (none marked E/D), and the rest."""
    count = 0
    while count < len(body) and body[count].kind is NodeKind.PARAGRAPH and \
            not _IMPORTANCE.search(body[count].text):
        count += 1
    return body[:count], body[count:]


def _marked(node: Node) -> bool:
    """A node that states importance: an E/D mark, a table, an "Essential" heading."""
    if node.kind in (NodeKind.ITEM, NodeKind.PARAGRAPH):
        return bool(_IMPORTANCE.search(node.text))
    return node.kind is NodeKind.TABLE or bool(importance_of_heading(node.text))


def _group(heading_node: Node, body: list[Node], report: ImportReport,
           context: list[str] | None = None, *, quiet: bool = False) -> CriteriaGroup | None:
    """The group's criteria, or None (and the nodes left as they are) if any lacks E/D."""
    allowed = (NodeKind.ITEM, NodeKind.HEADING, NodeKind.PARAGRAPH)
    header = next((n for n in body if _is_table_header(n.text)), None)
    entries = [n for n in body if n is not header]
    if not entries or any(n.kind not in allowed for n in entries):
        return None
    lead, listed = _lead_in(entries)
    if lead and not lead[-1].text.rstrip().endswith(":"):
        lead, listed = [], entries  # only a lead-in ("... the ability to:") opens a list
    if context is not None and header is None and len(listed) >= 2 and \
            all(n.kind is NodeKind.ITEM and n.depth == 0 for n in listed) and \
            not any(_IMPORTANCE.search(n.text) for n in listed):
        group = _unmarked_group(heading_node, listed, report,
                                [*context, *(n.text for n in lead)])
        group.lead = lead
        return group
    if not any(n.kind is NodeKind.ITEM for n in entries) and \
            not all(n.kind is not NodeKind.PARAGRAPH or _IMPORTANCE.search(n.text)
                    for n in entries):
        return None
    # Report entries wait until the whole group is known to convert.
    pending = ImportReport(report.source)
    if header is not None:
        pending.leave_out(header.text, "table header replaced by the standard criteria header",
                          header.line)
    rows: list[CriterionRow] = []
    importance_heading = ""
    for node in entries:
        if node.kind is NodeKind.HEADING:
            importance_heading = importance_of_heading(node.text)
            if not importance_heading:
                return None
            pending.leave_out(node.text, "became the Essential/Desirable column", node.line)
            continue
        row = _criterion_from_text(node)
        _leave_out_number(node, pending)
        if row is None and importance_heading:
            row = CriterionRow(node.text, node.markup, importance_heading, "")
            pending.add(importance_heading, "Essential/Desirable column filled from a heading",
                        node.line)
        if row is None:
            said = "do not all say" if importance_heading or rows else "give no"
            if quiet and not (importance_heading or rows):
                return None  # an ordinary list outside a person specification
            report.note(f"criteria under '{heading_node.text}' {said} Essential or Desirable; "
                        "kept as a list", heading_node.line)
            return None
        rows.append(row)
    report.left_out.extend(pending.left_out)
    report.added.extend(pending.added)
    return CriteriaGroup(heading_node, rows)


_STAGE_MENTIONS = [
    ("Application", re.compile(r"\bapplication\b|\bprovide evidence\b|\b(?:supporting|personal)"
                               r" statement\b|\bcv\b", re.I)),
    ("Interview", re.compile(r"\binterview", re.I)),
    ("Test", re.compile(r"\b(?:test|exercise)\b", re.I)),
    ("Presentation", re.compile(r"\bpresentation\b", re.I)),
]


def _leave_out_number(node: Node, report: ImportReport) -> None:
    """A criterion's list number ("2.") is reported as left out: the criteria table has no
    numbers, and every word of the source must be accounted for."""
    if node.number:
        report.leave_out(node.number, "list number of a criterion (tables are not numbered)",
                         node.line)


def _unmarked_group(heading_node: Node, entries: list[Node], report: ImportReport,
                    context: list[str]) -> CriteriaGroup:
    """Criteria listed under a group heading ("Leadership") with no Essential/Desirable
    mark: a selection criterion is required unless it says otherwise, and the part's own
    text says how it is assessed ("provide evidence ... in your application")."""
    said = " ".join(context)
    stages = ", ".join(name for name, pattern in _STAGE_MENTIONS if pattern.search(said))
    rows = []
    for node in entries:
        _leave_out_number(node, report)
        rows.append(CriterionRow(node.text, node.markup, "Essential", stages))
        report.add("Essential", "criteria with no Essential/Desirable mark read as essential",
                   node.line)
        if stages:
            report.add(stages, "Assessed by taken from the section's text", node.line)
    report.note(f"criteria under '{heading_node.text}' have no Essential/Desirable mark: "
                f"imported as essential{', assessed by ' + stages if stages else ''}",
                heading_node.line)
    return CriteriaGroup(heading_node, rows)


_WHAT = r"(?:criteria|requirements?|skills|qualities|attributes|experience|knowledge|" \
    r"qualifications?|competenc(?:ies|es)|education(?:\s+and\s+experience)?)"
_IMPORTANCE_HEADING = re.compile(
    r"^(?:(?P<word>essential|desirable)(?:\s+" + _WHAT + r")?|(?P<other>required|minimum|basic|"
    r"preferred|preferable|desired|additional|nice[\s-]to[\s-]have)\s+" + _WHAT + r")$")
_DESIRABLE_WORDS = ("desirable", "preferred", "preferable", "desired", "additional", "nice")


def importance_of_heading(text: str) -> str:
    """"Essential" or "Desirable" for a heading that sets the importance of what follows:
    "Essential", "Desirable criteria", and the American "Minimum/Required qualifications"
    and "Preferred qualifications"."""
    match = _IMPORTANCE_HEADING.match(heading_key(text).rstrip("* "))
    if match is None:
        return ""
    word = (match["word"] or match["other"]).casefold()
    return "Desirable" if word.startswith(_DESIRABLE_WORDS) else "Essential"


def _is_table_header(text: str) -> bool:
    """A table's header row flattened into a line: "Criteria Essential Desirable Assessed"."""
    both = re.search(r"essential", text, re.I) and re.search(r"desirable", text, re.I)
    return len(text.split()) <= 10 and bool(
        both or (_IMPORTANCE_COLUMN.search(text) and _ASSESSED_COLUMN.search(text)))


def _criterion_from_text(node: Node) -> CriterionRow | None:
    match = _IMPORTANCE.search(node.text)
    if match is None or match.start() == 0:
        return None
    text = node.text[:match.start()].rstrip(" -–—:(")
    assessed = match["assessed"].strip().strip(",;/&")
    markup_match = _IMPORTANCE.search(node.markup)
    markup = node.markup[:markup_match.start()].rstrip(" -–—:(") if markup_match else \
        escape(text)
    assessed_cell, unknown = stages_cell(assessed)
    if unknown:
        text, markup, assessed_cell = f"{text} ({assessed})", f"{markup} ({escape(assessed)})", ""
    return CriterionRow(text, markup, match["importance"], assessed_cell)


def stages_cell(text: str) -> tuple[str, bool]:
    """``text`` as an "Assessed by" cell, and whether it names a stage jdtool does not know."""
    parts = [p for p in _STAGE_SPLIT.split(text.strip()) if p]
    for part in parts:
        lowered = re.sub(r"\s+", " ", part.casefold())
        if _STAGE_ALIASES.get(lowered, lowered) not in STAGES:
            return text, True
    return ", ".join(parts), False


_CRITERION_COLUMN = re.compile(r"criteri|requirement|attribute|competenc", re.I)
_IMPORTANCE_COLUMN = re.compile(r"essential|desirable|^e\s*/\s*d$|importance|priority", re.I)
_ASSESSED_COLUMN = re.compile(r"assess|how (?:tested|measured|identified|evidenced)|method|"
                              r"evidence|stage", re.I)


_MARK = re.compile(r"^(?:[✓✔√✗✘•xX*]|\uf0fc|\uf0fb|\uf050|yes|e|d|essential|desirable)$", re.I)
_ESSENTIAL_ONLY = re.compile(r"^essential\b(?!\s*(?:/|or|and)\s*desirable)", re.I)
_DESIRABLE_ONLY = re.compile(r"^desirable\b", re.I)


@dataclass(slots=True)
class _Columns:
    criterion: int | None
    importance: int | None
    essential: int | None
    desirable: int | None
    assessed: int | None
    group: int | None


def _columns(header: list[str], body: list[list[Cell]]) -> _Columns | None:
    essential = _column(header, _ESSENTIAL_ONLY)
    desirable = _column(header, _DESIRABLE_ONLY)
    separate = essential is not None and desirable is not None
    importance = None if separate else _column(header, _IMPORTANCE_COLUMN)
    if importance is None and not separate:
        return None
    assessed = _column(header, _ASSESSED_COLUMN)
    taken = {essential, desirable, importance, assessed}
    free = [index for index in range(len(header)) if index not in taken]
    marked = [index for index in (essential, desirable) if index is not None]
    if separate and any(index < len(row) and row[index].text.strip()
                        and not _MARK.match(row[index].text.strip())
                        for row in body for index in marked):
        # The criteria are written in the Essential and Desirable columns themselves.
        return _Columns(None, None, essential, desirable, assessed, free[0] if free else None)
    criterion = _column(header, _CRITERION_COLUMN)
    if criterion is None or criterion in taken:
        criterion = free[1] if len(free) >= 2 and not header[free[0]] else \
            (free[0] if free else None)
    group = free[0] if free and criterion != free[0] else None
    return _Columns(criterion, importance, essential, desirable, assessed, group)


def _criteria_table(node: Node, report: ImportReport, above: Node | None = None) \
        -> list[CriteriaGroup]:
    """A criteria table: one Essential/Desirable column (E/D in each row), or separate
    Essential and Desirable columns holding ticks or the criteria themselves; grouped by its
    first column when that column holds group names. All rows convert, or none do."""
    if len(node.rows) < 2:
        return []
    header = [cell.text.strip() for cell in node.rows[0]]
    columns = _columns(header, node.rows[1:])
    if columns is None:
        return []
    pending = ImportReport(report.source)
    groups: list[CriteriaGroup] = []
    current: CriteriaGroup | None = None
    for row in node.rows[1:]:
        cells = [*row, *[Cell("", "")] * len(header)]
        name = cells[columns.group].text.strip() if columns.group is not None else ""
        if name:
            current = CriteriaGroup(_heading_node(name, node.line), [])
            groups.append(current)
        rows = _table_rows(cells, columns, pending, node.line)
        if rows is None:
            return []
        if not rows:
            if name:
                continue
            return []
        if current is None and above is not None and not groups:
            current = CriteriaGroup(above, [])  # the heading the table stands under
            groups.append(current)
        elif current is None:
            pending.add("Criteria", "heading added above a criteria table", node.line)
            current = CriteriaGroup(_heading_node("Criteria", node.line), [])
            groups.append(current)
        current.rows.extend(rows)
    if not any(group.rows for group in groups):
        return []
    pending.leave_out(" ".join(header), "table header replaced by the standard criteria header",
                      node.line)
    report.left_out.extend(pending.left_out)
    report.added.extend(pending.added)
    return groups


def _table_rows(cells: list[Cell], columns: _Columns, pending: ImportReport,
                line: int) -> list[CriterionRow] | None:
    """The criteria of one table row; [] for a row naming only a group; None if the row
    does not fit the table's shape."""
    stage_text = cells[columns.assessed].text.strip() if columns.assessed is not None else ""
    criterion = cells[columns.criterion] if columns.criterion is not None else Cell("", "")
    if columns.importance is not None:
        value = cells[columns.importance].text.strip()
        if not criterion.text.strip() and not value:
            return []
        if not re.fullmatch(r"(?i)essential|desirable|e|d", value) or not criterion.text.strip():
            return None
        return [_row(criterion.text, criterion.markup, value, stage_text)]
    assert columns.essential is not None and columns.desirable is not None
    marks = {label: cells[index].text.strip() for label, index in
             (("Essential", columns.essential), ("Desirable", columns.desirable))}
    if criterion.text.strip() and all(not v or _MARK.match(v) for v in marks.values()):
        marked = [label for label, value in marks.items() if value]
        if len(marked) != 1:
            return None
        value = marks[marked[0]]
        if value.casefold() in ("e", "d", "essential", "desirable"):
            return [_row(criterion.text, criterion.markup, value, stage_text)]
        if value[0].isalnum():
            pending.leave_out(value, "tick in the Essential/Desirable column", line)
        pending.add(marked[0], "Essential/Desirable column filled from a tick", line)
        return [_row(criterion.text, criterion.markup, marked[0], stage_text)]
    if criterion.text.strip():
        return None
    # Criteria written in the Essential and Desirable columns themselves.
    rows = []
    for label, index in (("Essential", columns.essential), ("Desirable", columns.desirable)):
        cell = cells[index]
        for text, markup in cell.parts or ((cell.text, cell.markup),):
            if text.strip():
                pending.add(label, "Essential/Desirable column named in each row", line)
                rows.append(_row(text, markup, label, stage_text))
    return rows


_TYPED_BULLET = re.compile(r"^[•●▪■◦\uf0b7\uf0a7*–-]\s+")


def _row(text: str, markup: str, importance: str, stage_text: str) -> CriterionRow:
    cell, unknown = stages_cell(stage_text) if stage_text else ("", False)
    # A bullet typed into a table cell is not part of the criterion.
    text, markup = _TYPED_BULLET.sub("", text.strip()), _TYPED_BULLET.sub("", markup.strip())
    if unknown:
        text, markup, cell = f"{text} ({stage_text})", f"{markup} ({escape(stage_text)})", ""
    return CriterionRow(text, markup, importance, cell)


def _column(header: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((index for index, text in enumerate(header) if pattern.search(text)), None)


def _heading_node(text: str, line: int) -> Node:
    node = item(text, line)
    node.kind = NodeKind.HEADING
    node.level = 2
    return node

