"""Markdown that is not a jdtool document, read leniently for comparing and linting.

A jdtool document is Markdown whose front matter names its ``kind``: it is read strictly
(``core.documents``), and ``jdtool check`` only ever reads that way. Anything else a user
holds in git is read here: Markdown with no front matter at all, or with a site generator's
(Jekyll, Hugo, Middleman: ``layout``, ``permalink``, ``date``, ``draft``, ``weight``...). Keys
that mean a jdtool field (``title``, ``tags``, ``location``, ``organization``...) are mapped to
it; every other key is kept, as written, under ``extra``, so it compares field by field; a
note (never an error) says how the file was read. Such a document is a job description unless
its file name is one of a pack's (``person-spec.md``): nothing in it says otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jdtool.core import frontmatter
from jdtool.core.documents import parse_document
from jdtool.core.files import read_source
from jdtool.core.frontmatter import FrontMatter
from jdtool.core.model import Document
from jdtool.core.packs import DOCUMENT_FILES, with_pack_fields
from jdtool.core.parser import parse_body
from jdtool.core.problems import NO_FRONT_MATTER, JdtoolError
from jdtool.core.schema import InvalidFrontMatter, Kind, Meta, from_mapping

PLAIN_ORIGIN = "markdown"
"""``Document.origin`` of Markdown with no front matter."""
FOREIGN_ORIGIN = "front matter"
"""``Document.origin`` of Markdown with a site generator's front matter."""

FOREIGN_KEYS = {
    "title": "title", "job_title": "title", "position": "title", "role": "title",
    "organisation": "organisation", "organization": "organisation", "org": "organisation",
    "company": "organisation", "employer": "organisation",
    "ref": "ref", "reference": "ref", "job_ref": "ref", "grade": "grade",
    "salary": "salary", "pay": "salary",
    "location": "location", "city": "location", "place": "location",
    "reports_to": "reports_to", "reports-to": "reports_to", "hours": "hours",
    "closing": "closing", "closing_date": "closing", "closes": "closing",
    "deadline": "closing", "expirydate": "closing", "expiry_date": "closing",
    "expires": "closing", "interview_date": "interview",
    "date": "posted", "publishdate": "posted", "published": "posted", "posted": "posted",
    "revised": "revised", "lastmod": "revised", "updated": "revised",
}
"""A site generator's front matter key (case-folded) -> the jdtool field it means: the one
table for both readers of such pages, the lenient reader here and ``jdtool import``
(``importer.foreign_markdown``). Which fields each fills is its own rule: see ``_MAPPED``."""

_MAPPED = frozenset({"title", "organisation", "ref", "grade", "salary", "location",
                     "reports_to", "responsible_for", "term", "hours", "tags", "closing",
                     "interview"})
"""The jdtool fields a foreign key may fill when a page is read for comparing or linting:
facts of the post. ``status``, ``posted`` and ``revised`` are not guessed from a site's
``draft`` or ``date`` (a page's publication date is not the post's), so those keys stay as
they are, under their own names. (``jdtool import`` fills them: its result is a new document
an editor reviews, and its report says where each fact came from.)"""


_KIND_KEY = re.compile(r"^kind[ \t]*:", re.MULTILINE)


@dataclass(slots=True)
class MarkdownRead:
    """One Markdown file read for comparison: the document, and notes on how it was read."""

    document: Document
    notes: list[str] = field(default_factory=list)


def is_jdtool_text(text: str, path: Path) -> bool:
    """Whether ``text`` is a jdtool document: front matter that names a ``kind``. Broken
    front matter counts as jdtool's, so its problems are reported, not guessed past."""
    try:
        yaml_text, _, _ = frontmatter.split(text, path)
    except JdtoolError as error:
        return error.problem is None or error.problem.code != NO_FRONT_MATTER
    if _KIND_KEY.search(yaml_text):  # a top-level key: no need to parse the YAML twice
        return True
    try:
        matter, _ = frontmatter.load(text, path)
    except JdtoolError:
        return True
    return "kind" in matter.data


def read_markdown(text: str, path: Path) -> MarkdownRead:
    """``text`` as a document: strictly if it is a jdtool document, leniently otherwise."""
    if is_jdtool_text(text, path):
        return MarkdownRead(parse_document(text, path))
    matter, body = _toml_front_matter(text)
    if matter is None:
        try:
            matter, body = frontmatter.load(text, path)
        except JdtoolError:  # no front matter at all (anything else made it a jdtool text)
            matter, body = FrontMatter({}), text
    kind = kind_from_name(path)
    root, title, problems = parse_body(body, path, matter.body_line)
    named = any(FOREIGN_KEYS.get(str(key).casefold()) == "title" for key in matter.data)
    data = matter.data if named or not title else \
        {"title": title, **matter.data}  # the heading names the post, as jdtool's import does
    own, mapped, kept = foreign_meta(data, kind)
    mapped = [key for key in mapped if key in matter.data]
    origin = FOREIGN_ORIGIN if matter.data else PLAIN_ORIGIN
    document = Document(path, text, own, root, key_lines=matter.key_lines, problems=problems,
                        meta=own, title=title, origin=origin)
    return MarkdownRead(document, [_note(path, kind, mapped, kept, bool(matter.data))])


def load_markdown(path: Path) -> MarkdownRead:
    """A Markdown file as ``diff`` and ``lint`` see it: a jdtool document with its pack's
    fields inherited (``ProblemsFound`` listing every problem if it is unusable), any other
    Markdown leniently."""
    read = read_markdown(read_source(path), path)
    if read.document.is_jdtool:
        read.document = with_pack_fields(read.document)
    return read


_TOML = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)\+\+\+[ \t]*(?:\n|\Z)", re.S)


def split_toml(text: str) -> tuple[dict[str, Any], str, int] | None:
    """Hugo's TOML front matter between ``+++`` lines: its table, the body after it and the
    line the body starts on; None if the text has none. Broken TOML raises
    ``tomllib.TOMLDecodeError``, for the caller to keep or report."""
    match = _TOML.match(text)
    if not match:
        return None
    import tomllib  # only for Hugo's TOML: a YAML or plain file never loads it

    return tomllib.loads(match[1]), text[match.end():], match[0].count("\n") + 1


def _toml_front_matter(text: str) -> tuple[FrontMatter | None, str]:
    """TOML front matter with values as text, as YAML's are (``None`` if the text has none;
    broken TOML is kept as text, with the body)."""
    try:
        split = split_toml(text)
    except ValueError:  # tomllib.TOMLDecodeError, whose module only a TOML page loads
        return None, text
    if split is None:
        return None, text
    data, body, body_line = split
    return FrontMatter(_as_text(data), body_line=body_line, end_line=body_line - 1), body


def _as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def kind_from_name(path: Path) -> Kind:
    """A foreign document's kind: from its file name if a pack would use it (or it names a
    person specification or how to apply: ``person_specification_2023.md``), else a job
    description (the document people compare most, and what a lone role page is)."""
    known = DOCUMENT_FILES.get(path.name.lower())
    if known is not None:
        return known
    stem = re.sub(r"[\s_.]+", "-", path.stem.lower())
    if "person-spec" in stem:
        return Kind.PERSON_SPEC
    if "how-to-apply" in stem:
        return Kind.APPLY
    return Kind.DESCRIPTION


def foreign_meta(data: dict[str, Any], kind: Kind) -> tuple[Meta, list[str], list[str]]:
    """The typed fields of a foreign front matter: the keys mapped onto jdtool's fields, and
    the rest kept under ``extra`` as written; with the names of each."""
    fields: dict[str, Any] = {"kind": kind}
    extra: dict[str, Any] = {}
    mapped: list[str] = []
    for key, value in data.items():
        name = FOREIGN_KEYS.get(key.casefold(), key.casefold())
        if name in _MAPPED and name not in fields and value is not None and \
                _valid(kind, name, value):
            fields[name] = value
            mapped.append(key)
        else:
            extra[key] = value
    if extra:
        fields["extra"] = extra
    return from_mapping(fields), mapped, list(extra)


def _valid(kind: Kind, name: str, value: Any) -> bool:
    try:
        from_mapping({"kind": kind, name: value})
    except InvalidFrontMatter:
        return False
    return True


def _note(path: Path, kind: Kind, mapped: list[str], kept: list[str],
          has_front_matter: bool) -> str:
    if not has_front_matter:
        return f"{path}: plain Markdown (no front matter): read as a {kind}"
    parts = [f"{path}: not jdtool front matter (no 'kind'): read as a {kind}"]
    if mapped:
        parts.append(f"fields mapped: {', '.join(mapped)}")
    if kept:
        parts.append(f"kept as written: {', '.join(kept)}")
    return "; ".join(parts)
