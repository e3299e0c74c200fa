"""Site chrome in a job page printed or saved as text: the navigation, buttons, cookie and
share text a browser prints with the posting. Found by what the words are for, since a
printed page has no element names left: a short line made only of interface words ("Sign
In", "Apply now", "Share Share 0 Tweet", "Search for Jobs"), or a short paragraph about
the site's cookies. Each is left out and reported."""

from __future__ import annotations

import re

from jdtool.importer.nodes import Node, NodeKind, shown_text
from jdtool.importer.report import ImportReport

# Interface words: a line that is nothing but these (and punctuation) is a control.
_CONTROL_WORDS = re.compile(
    r"(?:sign\s*in|sign\s*up|log\s*in|log\s*out|login(?:\s+page)?|register|new\s+user|"
    r"apply(?:\s+(?:now|online|here|for\s+this\s+(?:job|position)|with\s+\w+))?|"
    r"share(?:\s+this(?:\s+(?:job|page|posting))?)?|tweet|email\s+(?:this\s+)?job|print(?:\s+"
    r"(?:preview|this\s+page))?|bookmark(?:\s+this\s+posting)?|back(?:\s+to\s+(?:search|"
    r"results|jobs))?|(?:new\s+|basic\s+|advanced\s+)?search(?:\s+(?:for\s+)?jobs?)?|"
    r"search\s+by\s+\w+|job\s+search|saved\s+(?:jobs|searches)|recommended\s+jobs|"
    r"applied\s+jobs|my\s+(?:account|jobpage|job\s+cart|profile)|view\s+profile|"
    r"add\s+to\s+(?:my\s+)?job\s+cart|favou?rite(?:\s+job)?|previous(?:\s+job)?|"
    r"next(?:\s+job)?|show\s+(?:more|fewer)\s+options|accept(?:\s+(?:all\s+)?cookies)?|"
    r"decline|reject(?:\s+all)?|close|ok|home|menu|skip\s+to\s+(?:main\s+)?content|"
    r"join\s+our\s+talent\s+community|facebook|twitter|linkedin|whatsapp|"
    r"cookie\s+settings|manage\s+cookies|what\s+are\s+cookies|\d+)", re.I)
_CONTROL_LINE = re.compile(r"^[\W\d_]*(?:" + _CONTROL_WORDS.pattern + r"[\W_]*)+$", re.I)
_COOKIES = re.compile(r"\bcookies?\b", re.I)
_COOKIE_SENTENCE = re.compile(r"\b(?:uses?|accept|agree|consent|enhance|continu(?:e|ed|ing))\b",
                              re.I)


def drop_site_chrome(nodes: list[Node], report: ImportReport) -> list[Node]:
    """``nodes`` without the site's controls and cookie notices (reported)."""
    kept: list[Node] = []
    for node in nodes:
        reason = chrome_reason(node)
        if reason is None:
            kept.append(node)
        else:
            report.leave_out(shown_text(node), reason, node.line)
    return kept


def _whole_words(text: str, match: re.Match[str]) -> bool:
    before = text[match.start() - 1:match.start()]
    after = text[match.end():match.end() + 1]
    return not before.isalnum() and not after.isalnum()


def chrome_reason(node: Node) -> str | None:
    """Why ``node`` is site chrome, or None if it is text of the posting."""
    if node.kind is NodeKind.TABLE:
        return None
    text = node.text.strip()
    words = text.split()
    if len(words) <= 8 and _CONTROL_LINE.match(text) and not text.isdigit():
        return "site navigation and buttons"
    controls = [m[0] for m in _CONTROL_WORDS.finditer(text) if not m[0].isdigit() and
                re.match(r"\b", text[m.start():]) and _whole_words(text, m)]
    if len(words) <= 12 and len(controls) >= 2 and \
            2 * sum(len(c.split()) for c in controls) >= len(words):
        return "site navigation and buttons"
    if _COOKIES.search(text) and _COOKIE_SENTENCE.search(text) and len(words) <= 80 and \
            re.search(r"\b(?:site|website|browser|experience|this page)\b", text, re.I):
        return "cookie notice"
    return None
