"""The prose view of a parsed document that text rules search, with exact source positions.

Rules search ``LintDocument.prose``: the text of every block and heading with Markdown markup,
comments, code, links and addresses taken out, so a word rule never fires inside a URL and
``**chairman**`` is still the word ``chairman``. Every prose offset maps back to the source
offset it came from, so a finding carries the line and column the author sees in the file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate

from jdtool.core.model import Block, BlockKind, Document, Pack, Section
from jdtool.lint.vocabulary import letter_runs_of, literal_positions

_MARKUP_BRANCHES = (
    r"(?P<comment><!--[\s\S]*?-->)",
    r"(?P<code>(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\3(?!`))",
    r"(?P<dest>\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\))",
    r"(?P<autolink><(?:https?|mailto|tel):[^>\s]*>)",
    r"(?P<url>\b(?:https?://|www\.)[^\s<>\]]*[^\s<>\].,;:!?)'\"])",
    r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)",
    r"(?P<marker>^[ \t]*(?:[-*+]|\d{1,9}[.)]|>|#{1,6})(?=[ \t]|$)[ \t]*)",
    r"(?P<bracket>!?\[)",
    r"(?P<emphasis>\*+|(?<![^\W_])_+|_+(?![^\W_])|~~)",
    r"(?P<escape>\\(?=[^\w\s]))",
)
_MARKUP = re.compile("|".join(_MARKUP_BRANCHES), re.MULTILINE)
_MARKUP_BUT_EMAIL = re.compile("|".join(b for b in _MARKUP_BRANCHES if "<email>" not in b),
                               re.MULTILINE)
"""``_MARKUP`` for a block without an "@", where no address can match: the address branch
tries every word character as the start of an address (a quarter of the scan's time on the
real revisions' blocks with inline markup)."""
_INLINE = re.compile(r"[<`\[\]*_~\\@]|https?:|www\.")
_MARKER = re.compile(r"(?P<marker>^[ \t]*(?:[-*+]|\d{1,9}[.)]|>|#{1,6})(?=[ \t]|$)[ \t]*)",
                     re.MULTILINE)
_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_ABBREVIATIONS = {"e.g", "i.e", "etc", "eg", "ie", "no", "mr", "mrs", "ms", "dr", "st", "approx",
                  "incl", "cf", "vs", "nb", "p", "pp", "para", "ref"}
_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*(?=\s+[^a-z\s])|\|")
"""A sentence's end: its mark with any closing quotes or brackets, or a table cell's bar. It
starts with the mark itself, not a lookbehind, so Python's engine skips to the next mark in
C instead of trying the pattern at every position; a sentence stops after the mark."""
BOUNDARY = "\n\x00\n"
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


@dataclass(slots=True)
class Segment:
    """The prose of one block or heading: ``prose[start:end]``."""

    start: int
    end: int
    section: Section
    headings: tuple[str, ...]
    block: Block | None
    """``None`` for a heading line."""

    @property
    def kind(self) -> str:
        return str(self.block.kind) if self.block is not None else "heading"


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    segment: Segment
    _words: list[str] | None = None

    def words(self) -> list[str]:
        if self._words is None:
            self._words = WORD.findall(self.text)
        return self._words


@dataclass(slots=True)
class LintDocument:
    """A document as the rules see it: model, prose with its source map, and its pack."""

    document: Document
    pack: Pack | None
    prose: str
    segments: list[Segment]
    _prose_points: list[int]
    _source_points: list[int]
    _line_starts: list[int]
    _segment_starts: list[int] = field(default_factory=list)
    _sentences: list[Sentence] | None = None
    _lowered: str | None = None
    _vocabulary: str | None = None
    _letter_runs: frozenset[str] | None = None
    _literals: dict[str, list[int]] | None = None
    memo: dict[str, object] = field(default_factory=dict)
    """Work two rules share, done once per document (the spelling rules' unknown words)."""

    @property
    def vocabulary(self) -> str:
        """Every distinct lower-case letter run of the prose, joined (see ``letter_runs_of``)."""
        if self._vocabulary is None:
            self._vocabulary = " ".join(self.letter_runs)
        return self._vocabulary

    @property
    def letter_runs(self) -> frozenset[str]:
        """The distinct lower-case letter runs of the prose (see ``letter_runs_of``)."""
        if self._letter_runs is None:
            self._letter_runs = letter_runs_of(self.lowered)
        return self._letter_runs

    @property
    def literals(self) -> dict[str, list[int]]:
        """Where the shared phrase lists' literals stand in ``lowered``
        (``vocabulary.literal_positions``), found once for all of them."""
        if self._literals is None:
            self._literals = literal_positions(self.lowered)
        return self._literals

    @property
    def lowered(self) -> str:
        """``prose`` in lower case, for the phrase lists' literal pre-checks."""
        if self._lowered is None:
            lowered = self.prose.lower()
            if len(lowered) != len(self.prose):  # a few characters lower-case to two
                lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in self.prose)
            self._lowered = lowered
        return self._lowered

    @property
    def source(self) -> str:
        return self.document.source

    def source_offset(self, prose_offset: int) -> int:
        index = bisect_right(self._prose_points, prose_offset) - 1
        if index < 0:
            return prose_offset
        return self._source_points[index] + (prose_offset - self._prose_points[index])

    def prose_offset(self, source_offset: int) -> int | None:
        """Where a source character stands in the prose (``None``: markup, a comment, code,
        an address or the front matter, which the prose leaves out or masks)."""
        index = bisect_right(self._source_points, source_offset) - 1
        if index < 0:
            return None
        offset = self._prose_points[index] + (source_offset - self._source_points[index])
        if offset >= len(self.prose) or self.prose[offset] != self.source[source_offset] or \
                self.segment_at(offset) is None:
            return None
        return offset

    def source_matches(self, pattern: re.Pattern[str]) -> Iterator[tuple[re.Match[str], int]]:
        """Matches of ``pattern`` in the source text that stand in the prose, each with the
        prose offset of its first letter or digit: for what the prose view takes out
        ("[month]" loses its bracket, a lone "*" is emphasis markup to it)."""
        for match in pattern.finditer(self.source):
            anchor = next((match.start() + i for i, c in enumerate(match.group())
                           if c.isalnum()), None)
            if anchor is None:
                # A match of punctuation alone: anchored on the word character before it.
                anchor = match.start() - 1
                while anchor >= 0 and not self.source[anchor].isalnum():
                    anchor -= 1
                if anchor < 0:
                    continue
            offset = self.prose_offset(anchor)
            if offset is not None:
                yield match, offset

    def position(self, source_offset: int) -> tuple[int, int]:
        """1-based line and column of a source offset."""
        index = bisect_right(self._line_starts, source_offset) - 1
        return index + 1, source_offset - self._line_starts[index] + 1

    def source_line(self, line: int) -> str:
        """The text of a 1-based source line, without its line break."""
        start = self.line_start(line)
        end = self.source.find("\n", start)
        return self.source[start:end if end != -1 else len(self.source)].rstrip("\r")

    def line_start(self, line: int) -> int:
        return self._line_starts[min(max(line, 1), len(self._line_starts)) - 1]

    def segment_at(self, prose_offset: int) -> Segment | None:
        index = bisect_right(self._segment_starts, prose_offset) - 1
        if index >= 0 and prose_offset < self.segments[index].end:
            return self.segments[index]
        return None

    def sentences(self) -> list[Sentence]:
        """Every sentence of every block (a list item or table cell is at least one)."""
        if self._sentences is None:
            sentences: list[Sentence] = []
            for segment in self.segments:
                if segment.block is not None:
                    _split(self.prose, segment, sentences)
            self._sentences = sentences
        return self._sentences

    def block_segments(self) -> Iterator[Segment]:
        return (segment for segment in self.segments if segment.block is not None)

    def stretches(self, keep: Callable[[Segment], bool]) -> list[tuple[int, int]]:
        """The prose ranges of consecutive segments ``keep`` accepts, one range per run.

        Only boundaries (``BOUNDARY``, which no word pattern matches) stand between two
        segments, so one search of a range finds what a search of each of its segments
        would, at one call instead of dozens."""
        ranges: list[tuple[int, int]] = []
        joined = False
        for segment in self.segments:
            if not keep(segment):
                joined = False
            elif joined:
                ranges[-1] = (ranges[-1][0], segment.end)
            else:
                ranges.append((segment.start, segment.end))
                joined = True
        return ranges


def _split(prose: str, segment: Segment, sentences: list[Sentence]) -> None:
    """Append the sentences of ``segment`` to ``sentences``."""
    start = segment.start
    # Searching the prose between the segment's bounds finds what a search of its text would
    # (the pattern looks at nothing before its match, and nothing past the end bound), without
    # copying the text; a list filled in place spares a generator per segment and sentence.
    for match in _SENTENCE_END.finditer(prose, segment.start, segment.end):
        stop = match.end()
        mark = prose[match.start()]
        end = match.start() + (mark != "|")  # just after a full stop, ! or ?
        # Every abbreviation ends in a full stop: a "!", "?" or closing quote is never one.
        if mark == "." and _is_abbreviation(prose, end):
            continue
        _sentence(prose, start, stop, segment, sentences)
        start = stop
    _sentence(prose, start, segment.end, segment, sentences)


def _is_abbreviation(prose: str, end: int) -> bool:
    before = prose[max(0, end - 12):end + 1].split()
    return bool(before) and before[-1].rstrip(".").lower().lstrip("(") in _ABBREVIATIONS


def _sentence(prose: str, start: int, end: int, segment: Segment,
              sentences: list[Sentence]) -> None:
    raw = prose[start:end].rstrip("| \n\t")
    stripped = raw.lstrip("| \n\t")
    if WORD.search(stripped):
        offset = start + (len(raw) - len(stripped))
        sentences.append(Sentence(offset, offset + len(stripped), stripped, segment))


def build(document: Document, pack: Pack | None = None) -> LintDocument:
    """Make the prose view of ``document``."""
    source = document.source
    # Each line's start: the running sum of the line lengths (with their breaks), in C.
    line_starts = list(accumulate(map(_PLUS_ONE, map(len, source.split("\n")[:-1])), initial=0))
    owned = _owned_ranges(document, len(line_starts))
    pieces: list[str] = []
    prose_points: list[int] = []
    source_points: list[int] = []
    segments: list[Segment] = []
    length = 0
    for first, last, section, headings, block in owned:
        begin = line_starts[first - 1]
        finish = line_starts[last] if last < len(line_starts) else len(source)
        if block is not None and (block.kind is BlockKind.CODE or (
                block.kind is BlockKind.ROW and _DELIMITER_ROW.match(source[begin:finish]))):
            continue
        segment_start = length
        position = begin
        # Most blocks hold no inline markup; then only a list or heading marker needs taking
        # out. The block is searched in place: it starts a line, so what stands before it (a
        # line break) looks to every pattern as the start of the text would.
        if _INLINE.search(source, begin, finish):
            markup: Iterable[re.Match[str]] = (
                _MARKUP if "@" in source[begin:finish] else _MARKUP_BUT_EMAIL
            ).finditer(source, begin, finish)
        else:
            markup = _markers(source, begin, finish)
        for match in markup:
            absolute = match.start()
            if absolute > position:
                prose_points.append(length)
                source_points.append(position)
                pieces.append(source[position:absolute])
                length += absolute - position
            kind = match.lastgroup
            if kind == "marker" or kind == "comment":
                replacement = _masked(match.group(), " ")
            elif kind in _MASKED_WITH_X:
                replacement = _masked(match.group(), "x")
            else:
                replacement = ""
            if replacement:
                prose_points.append(length)
                source_points.append(absolute)
                pieces.append(replacement)
                length += len(replacement)
            position = match.end()
        if finish > position:
            prose_points.append(length)
            source_points.append(position)
            pieces.append(source[position:finish])
            length += finish - position
        if length > segment_start:
            segments.append(Segment(segment_start, length, section, headings, block))
        # A boundary no pattern can match across (NUL is neither space nor word), so rules
        # never join two blocks.
        prose_points.append(length)
        source_points.append(finish)
        pieces.append(BOUNDARY)
        length += len(BOUNDARY)
    lint = LintDocument(document, pack, "".join(pieces), segments, prose_points, source_points,
                        line_starts)
    lint._segment_starts = [segment.start for segment in segments]
    return lint


_PLUS_ONE = (1).__add__


def _markers(source: str, begin: int, finish: int) -> list[re.Match[str]]:
    """``_MARKER.finditer(source, begin, finish)`` for ``begin`` at a line's start: a marker
    starts a line and ends on it, so it is tried at each line's start only, not (as the
    search would) at every character."""
    found = []
    position = begin
    while position < finish:
        match = _MARKER.match(source, position, finish)
        if match is not None:
            found.append(match)
        position = source.find("\n", position, finish) + 1
        if not position:
            break
    return found
_MASKED_WITH_X = frozenset({"code", "url", "email", "autolink"})


_NOT_LINE_BREAK = re.compile(r"[^\n]")


def _masked(text: str, mask: str) -> str:
    """``text`` with every character but its line breaks replaced by ``mask``."""
    return mask * len(text) if "\n" not in text else _NOT_LINE_BREAK.sub(mask, text)


def _owned_ranges(document: Document, line_count: int
                  ) -> list[tuple[int, int, Section, tuple[str, ...], Block | None]]:
    """The lines each block and heading owns: a list item's span stops where its children start."""
    items: list[tuple[int, int, Section, tuple[str, ...], Block | None]] = []

    def visit(section: Section, headings: tuple[str, ...]) -> None:
        if section.level > 0:
            items.append((section.span.start, section.span.start, section, headings, None))
        for block in section.blocks:
            items.append((block.span.start, block.span.end, section, headings, block))
        for child in section.children:
            visit(child, (*headings, child.heading))

    visit(document.body, ())
    items.sort(key=lambda item: item[0])
    owned = []
    for index, (first, last, section, headings, block) in enumerate(items):
        if index + 1 < len(items):
            last = min(last, items[index + 1][0] - 1)
        last = min(last, line_count)
        if first <= last:
            owned.append((first, last, section, headings, block))
    return owned
