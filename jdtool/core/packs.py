"""Find documents under ``posts/``, load each once, and group them into packs.

A folder holding ``pack.md`` (or any of the standard document names) is a pack; its
documents inherit ``pack.md``'s fields. Any other ``.md`` file is a pack of one. Problems
with one file never stop the others from loading.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from jdtool.core.documents import inherit, load_document, parse_document
from jdtool.core.files import (
    MARKDOWN_SUFFIXES,
    link_leaves,
    link_warning,
    path_kind,
    read_source,
)
from jdtool.core.model import Document, Pack
from jdtool.core.plural import counted
from jdtool.core.problems import (
    BAD_SLUG,
    DUPLICATE_DOCUMENT,
    KIND_MISMATCH,
    READ_ERROR,
    SYMLINK_LOOP,
    JdtoolError,
    Problem,
    ProblemsFound,
    UsageError,
)
from jdtool.core.schema import Kind

DOCUMENT_FILES = {
    "pack.md": Kind.PACK,
    "brief.md": Kind.BRIEF,
    "description.md": Kind.DESCRIPTION,
    "person-spec.md": Kind.PERSON_SPEC,
    "apply.md": Kind.APPLY,
}
"""The file name of each kind of document in a pack folder: the one table of them."""
_FILE_OF_KIND = {kind: name for name, kind in DOCUMENT_FILES.items()}
PACK_FILE = _FILE_OF_KIND[Kind.PACK]
KIND_ORDER = {kind: index for index, kind in enumerate(DOCUMENT_FILES.values())}
_TRANSLATION = re.compile(r"^(?P<stem>[a-z-]+)\.(?P<lang>[a-z]{2,3}(?:-[a-z0-9]{2,8})?)\.md$",
                         re.IGNORECASE)
SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
"""What a pack's name (its folder's name, or a loose file's stem) may be: it is its URL."""
_IGNORED = {"readme.md", "changelog.md"}
POSTS = Path("posts")
"""Where a project keeps its packs: the paths every command works on when given none."""
Parse = Callable[[str, Path], Document]
"""How a loader turns a file's text into its model: ``parse_document``, or a cache of it."""


def paths_or_posts(paths: Iterable[Path] | None) -> list[Path]:
    """``paths`` as given, or ``posts/``; outside a project with no paths, a usage error."""
    given = list(paths or [])
    if given:
        return given
    if not POSTS.is_dir():
        raise UsageError("no posts/ folder here; run jdtool from the repository root or "
                         "give a path")
    return [POSTS]


def load_one_pack(path: Path) -> Pack:
    """The one pack at ``path``: a pack folder, a loose document, or a file of a pack (loaded
    with its ``pack.md``); ``ProblemsFound`` if it cannot be loaded, ``UsageError`` if
    ``path`` holds several packs."""
    packs, problems = load_packs([path])
    if problems or not packs:
        raise ProblemsFound(problems, "" if problems else f"{path}: no documents here")
    if len(packs) > 1:
        raise UsageError(f"{path} holds {len(packs)} packs; give one pack folder or file")
    return packs[0]


def load_named(path: Path) -> Pack | Document:
    """The pack of a pack folder, or the document a file names (with its pack's fields)."""
    pack = load_one_pack(path)
    if path.is_dir():
        return pack
    wanted = path.resolve()
    return next(d for d in pack.all_documents() if d.path.resolve() == wanted)


def load_for_comparison(path: Path) -> Document:
    """One document with its pack's fields inherited; ``ProblemsFound`` listing every
    problem if it is unusable (``with_pack_fields``)."""
    if path_kind(path) == "folder":
        raise JdtoolError.from_problem(Problem(path, 1, 1, READ_ERROR,
                                               "is a folder; give a document file"))
    return with_pack_fields(load_document(path))


def with_pack_fields(document: Document) -> Document:
    """``document`` with its pack's fields inherited, ready to compare.

    Invalid front matter (its own or its pack's) is an error, since the fields compared would
    be wrong, and every such problem is listed (``ProblemsFound``); problems in the body (a
    criterion's unknown stage) are not: the text compares.
    """
    path = document.path
    pack_file = path.parent / PACK_FILE
    pack = None
    problems: list[Problem] = []
    if path.name != PACK_FILE and pack_file.is_file():
        try:
            pack = load_document(pack_file)
        except JdtoolError as error:
            problems.append(error.problem or Problem(pack_file, 1, 1, READ_ERROR, str(error)))
        else:
            problems.extend(pack.unusable_problems(body=False))
            inherit(pack, None)
    problems.extend(document.unusable_problems(body=False))
    if problems:
        raise unreadable(path, problems)
    inherit(document, pack)
    return document


def unreadable(path: Path, problems: list[Problem]) -> ProblemsFound:
    """The error for a file that cannot be used: every problem, one line each, and (when
    there are several) a line counting them."""
    return ProblemsFound(problems, "" if len(problems) == 1 else
                         f"{path}: cannot be read: {counted(len(problems), 'problem')}")


def load_packs(paths: Iterable[Path], parse: Parse = parse_document
               ) -> tuple[list[Pack], list[Problem]]:
    """Load every pack under ``paths`` (folders or files); return packs and loading problems.

    ``parse`` makes each file's model from its text (a build passes its ``ParseCache``).
    """
    packs: dict[Path, Pack] = {}
    problems: list[Problem] = []
    for path in paths:
        kind = path_kind(path)
        if isinstance(kind, Problem):
            problems.append(kind)
        elif kind == "folder":
            _walk(path, packs, problems, set(), path, parse)
        elif kind == "document":
            folder = path.parent
            if is_pack_folder(folder):
                _load_pack_folder(folder, packs, problems, parse, only=path)
            else:
                _load_loose(path, packs, problems, parse)
    return list(packs.values()), problems


def is_pack_folder(folder: Path) -> bool:
    return any((folder / name).is_file() for name in DOCUMENT_FILES)


def _walk(folder: Path, packs: dict[Path, Pack], problems: list[Problem],
          seen: set[tuple[int, int]], root: Path, parse: Parse) -> None:
    try:
        info = folder.stat()
    except OSError as error:
        problems.append(Problem(folder, 1, 1, SYMLINK_LOOP if error.errno == 40 else READ_ERROR,
                                f"cannot read folder: {error.strerror}"))
        return
    identity = (info.st_dev, info.st_ino)
    if identity in seen:
        problems.append(Problem(folder, 1, 1, SYMLINK_LOOP,
                                "symbolic link loop: this folder is already being read"))
        return
    seen = seen | {identity}
    is_pack = is_pack_folder(folder)
    if is_pack:
        _load_pack_folder(folder, packs, problems, parse, root=root)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        problems.append(Problem(folder, 1, 1, READ_ERROR, f"cannot list folder: {error.strerror}"))
        return
    for entry in entries:
        if entry.name.startswith((".", "_")):
            continue
        path = Path(entry.path)
        if entry.is_symlink() and link_leaves(path, root):
            problems.append(link_warning(path, root))
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            _walk(path, packs, problems, seen, root, parse)
        elif not is_pack and entry.name.endswith(".md") and entry.name.lower() not in _IGNORED:
            _load_loose(path, packs, problems, parse)


def _read(path: Path, problems: list[Problem], parse: Parse) -> Document | None:
    try:
        return parse(read_source(path), path)
    except JdtoolError as error:
        problems.append(error.problem or Problem(path, 1, 1, READ_ERROR, str(error)))
        return None


def translation_language(path: Path) -> str | None:
    """The language of a translation's file name (``description.cy.md``: ``cy``), or None."""
    match = _TRANSLATION.match(path.name)
    if match is None or f"{match['stem'].lower()}.md" not in DOCUMENT_FILES:
        return None
    return match["lang"].lower()


def file_name(kind: Kind) -> str:
    """The name a document of ``kind`` has in a pack folder (``person-spec.md``)."""
    return _FILE_OF_KIND[kind]


def slug_problem(slug: str, path: Path) -> Problem | None:
    """Why ``slug`` cannot name a pack (``None`` if it can)."""
    if SLUG.match(slug):
        return None
    return Problem(path, 1, 1, BAD_SLUG,
                   f"'{slug}' is not a usable pack name: use lower-case letters, digits and "
                   "hyphens")


def _check_slug(slug: str, path: Path, problems: list[Problem]) -> bool:
    problem = slug_problem(slug, path)
    if problem is not None:
        problems.append(problem)
    return problem is None


def _load_loose(path: Path, packs: dict[Path, Pack], problems: list[Problem],
                parse: Parse) -> None:
    if path in packs or not _check_slug(path.stem, path, problems):
        return
    document = _read(path, problems, parse)
    if document is None:
        return
    inherit(document, None)
    pack = Pack(path.stem, path)
    if document.kind is Kind.PACK:
        pack.pack = document
    else:
        pack.documents.append(document)
    packs[path] = pack


def _load_pack_folder(folder: Path, packs: dict[Path, Pack], problems: list[Problem],
                      parse: Parse, only: Path | None = None, root: Path | None = None
                      ) -> None:
    if folder in packs or not _check_slug(folder.name, folder, problems):
        return
    pack = Pack(folder.name, folder)
    packs[folder] = pack

    def leaves(path: Path) -> bool:
        return root is not None and link_leaves(path, root)

    if (folder / PACK_FILE).is_file() and not leaves(folder / PACK_FILE):
        pack.pack = _read(folder / PACK_FILE, problems, parse)
        if pack.pack is not None:
            inherit(pack.pack, None)
    if only is None:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in MARKDOWN_SUFFIXES
                       and p.name != PACK_FILE and p.name.lower() not in _IGNORED
                       and p.is_file())
    else:  # a file given by name is read whatever it is (and refused if no regular file)
        files = [] if only.name == PACK_FILE else [only]
    by_kind: dict[Kind, Document] = {}
    for path in files:
        if leaves(path):
            continue  # _walk has warned about it
        document = _read(path, problems, parse)
        if document is None:
            continue
        _file_name_matches_kind(document, problems)
        language = translation_language(path)
        if language is not None:
            inherit(document, pack.pack)
            pack.translations.setdefault(language, []).append(document)
            continue
        if document.kind is not None:
            first = by_kind.get(document.kind)
            if first is not None:
                problems.append(Problem(
                    path, 1, 1, DUPLICATE_DOCUMENT,
                    f"a second {document.kind} document in pack '{folder.name}' "
                    f"(the first is {first.path.name}); keep one and delete or rename the other"))
                continue
            by_kind[document.kind] = document
        inherit(document, pack.pack)
        pack.documents.append(document)
    for documents in [pack.documents, *pack.translations.values()]:
        documents.sort(key=lambda d: (KIND_ORDER.get(d.kind, 99) if d.kind else 99, d.path.name))


def _file_name_matches_kind(document: Document, problems: list[Problem]) -> None:
    expected = DOCUMENT_FILES.get(document.path.name)
    if expected is not None and document.kind is not None and document.kind is not expected:
        line = document.key_lines.get("kind", 1)
        document.problems.append(Problem(
            document.path, line, 1, KIND_MISMATCH,
            f"file is named {document.path.name} but its kind is '{document.kind}'; "
            f"use kind: {expected}"))
