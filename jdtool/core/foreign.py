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

ALIASES = {
    "organization": "organisation",
    "org": "organisation",
    "company": "organisation",
    "reference": "ref",
    "job_ref": "ref",
    "closing_date": "closing",
    "closes": "closing",
    "deadline": "closing",
    "interview_date": "interview",
    "pay": "salary",
    "reports-to": "reports_to",
}
"""Foreign keys that mean a jdtool field under another name."""

_MAPPED = frozenset({"title", "organisation", "ref", "grade", "salary", "location",
                     "reports_to", "responsible_for", "term", "hours", "tags", "closing",
                     "interview"})
"""The jdtool fields a foreign key may fill: facts of the post. ``status``, ``posted`` and
``revised`` are not guessed from a site's ``draft`` or ``date`` (a page's publication date is
not the post's), so those keys stay as they are, under their own names."""


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
    matter, body = _toml_front_matter(text, path)
    if matter is None:
        try:
            matter, body = frontmatter.load(text, path)
        except JdtoolError:  # no front matter at all (anything else made it a jdtool text)
            matter, body = FrontMatter({}), text
    kind = kind_from_name(path)
    root, title, problems = parse_body(body, path, matter.body_line)
    data = matter.data if "title" in matter.data or not title else \
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


def _toml_front_matter(text: str, path: Path) -> tuple[FrontMatter | None, str]:
    """Hugo's TOML front matter between ``+++`` lines, with values as text as YAML's are
    (``None`` if the text has none; broken TOML is kept as text, with the body)."""
    if not text.startswith("+++\n"):
        return None, text
    end = text.find("\n+++", 3)
    if end == -1:
        return None, text
    import tomllib  # only for Hugo's TOML: a YAML or plain file never loads it

    try:
        data = tomllib.loads(text[4:end + 1])
    except tomllib.TOMLDecodeError:
        return None, text
    closing = text.count("\n", 0, end + 1) + 1
    body_start = text.find("\n", end + 1)
    body = text[body_start + 1:] if body_start != -1 else ""
    return FrontMatter(_as_text(data), body_line=closing + 1, end_line=closing), body


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
        name = ALIASES.get(key.lower(), key.lower())
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
