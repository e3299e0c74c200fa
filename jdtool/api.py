"""The library API: every command of the ``jdtool`` CLI as one typed function.

Each entry point takes paths (``str`` or ``os.PathLike``) or loaded documents, returns a
result object, and raises ``JdtoolError`` (with a one-line message, and a ``Problem`` when
one file is at fault) for what the user can fix. None of them prints: the CLI calls these
functions and prints what they return, so anything a command does, a script can do too::

    import jdtool

    result = jdtool.check(["posts"])
    diff = jdtool.compare("old.md", "new.md")

(``lint_paths``, not ``lint``: ``jdtool.lint`` is the lint stage's package.)

Each function imports the stage it calls when it is called, and this module imports nothing
at all when it loads (not even ``typing``), so ``import jdtool`` stays cheap: ``jdtool
--version`` imports it too. Result types live with their stages: ``jdtool.core.model``
(``Document``, ``Pack``), ``jdtool.diff`` (``DocumentDiff``), ``jdtool.lint.engine``
(``LintRun``), ``jdtool.history.resolve`` (``RevisionDiff``) and so on.
"""

from __future__ import annotations

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing ``typing`` (mypy reads the name the same way)."""

if TYPE_CHECKING:
    import datetime as dt
    import os
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import TypeAlias

    from jdtool.authoring.check import CheckResult
    from jdtool.authoring.fmt import FormatResult
    from jdtool.core.model import Document, Pack
    from jdtool.core.problems import Problem
    from jdtool.diff.model import DocumentDiff
    from jdtool.history.blame import Blame
    from jdtool.history.log import LogEntry
    from jdtool.history.resolve import DocumentAt, RevisionDiff
    from jdtool.importer.pipeline import ImportResult
    from jdtool.lint.config import LintConfig
    from jdtool.lint.engine import LintResult, LintRun
    from jdtool.office.scoresheet import SheetFormat
    from jdtool.publish.context import BuildOptions
    from jdtool.publish.site import BuildReport, Progress
    from jdtool.readers import Reading

    PathLike: TypeAlias = str | os.PathLike[str]
    Paths: TypeAlias = Sequence[PathLike] | PathLike
    """Several paths, or one."""
    DocumentLike: TypeAlias = Document | str | os.PathLike[str]
    """A loaded document, or the path of one (loaded with its pack's fields inherited)."""


def _path(path: PathLike) -> Path:
    from pathlib import Path

    return Path(path)


def _optional_path(path: PathLike | None) -> Path | None:
    return None if path is None else _path(path)


def _paths(paths: Paths | None) -> list[Path]:
    """The paths given (one path on its own is one path, not a string of characters), or
    ``posts/`` when none are; outside a project, a ``UsageError``."""
    from os import PathLike as AnyPath

    from jdtool.core.packs import paths_or_posts

    if isinstance(paths, str | AnyPath):
        return [_path(paths)]
    return paths_or_posts([_path(path) for path in paths or []])


# Reading ------------------------------------------------------------------------------------


def load_packs(paths: Paths | None = None) -> tuple[list[Pack], list[Problem]]:
    """Every pack under ``paths`` (default ``posts/``), and the problems loading them."""
    from jdtool.core import packs

    return packs.load_packs(_paths(paths))


def load_document(path: PathLike) -> Document:
    """One document on its own (no fields inherited); ``JdtoolError`` if it cannot be read."""
    from jdtool.core.documents import load_document as load

    return load(_path(path))


def show(path: PathLike) -> Pack | Document:
    """What ``jdtool show`` prints: the pack of a pack folder, or the document a file names."""
    from jdtool.core.packs import load_named

    return load_named(_path(path))


# Authoring ----------------------------------------------------------------------------------


def check(paths: Paths | None = None) -> CheckResult:
    """Validate every document under ``paths`` (default ``posts/``): every problem, one run."""
    from jdtool.authoring.check import check as run

    return run(_paths(paths))


def format_paths(paths: Paths | None = None, *,
                 check_only: bool = False) -> FormatResult:
    """Rewrite documents in canonical Markdown (with ``check_only``, only say which would
    change); a file that cannot be formatted safely is a problem, left as it is."""
    from jdtool.authoring.fmt import format_paths as run

    return run(_paths(paths), check_only=check_only)


def scaffold(kind: str, pack: str, *, root: PathLike = "posts", title: str | None = None,
             organisation: str | None = None) -> list[Path]:
    """Create a pack (``kind="pack"``) or one document of it; never overwrites a file."""
    from jdtool.authoring.scaffold import scaffold as run
    from jdtool.core.schema import Kind

    return run(Kind(kind), pack, root=_path(root), title=title, organisation=organisation)


# Linting ------------------------------------------------------------------------------------


def lint_paths(paths: Paths | None = None, *,
               config: LintConfig | PathLike | None = None, disable: Sequence[str] = (),
               enable: Sequence[str] = (), changed_since: str | None = None,
               fix: bool = False) -> LintRun:
    """Lint every document under ``paths`` (default ``posts/``).

    ``config`` is a loaded configuration or the file to read (default: the nearest
    ``jdtool.toml`` or ``pyproject.toml``); ``disable``/``enable`` lay rule ids, names or
    categories over it. ``changed_since`` keeps only findings in blocks changed since that git
    revision; ``fix`` applies the safe fixes and reports what is left.
    """
    from jdtool.core.files import path_kind
    from jdtool.core.problems import JdtoolError, Problem
    from jdtool.lint.config import LintConfig, config_for
    from jdtool.lint.engine import LintResult, LintRun, lint_changed_since
    from jdtool.lint.engine import lint_paths as run
    from jdtool.lint.fix import fix_and_relint

    targets = _paths(paths)
    for path in targets:
        kind = path_kind(path)
        if isinstance(kind, Problem):
            raise JdtoolError(f"{path}: {kind.message}", exit_code=2)
    if not isinstance(config, LintConfig):
        config = config_for(_optional_path(config),
                            disable=list(disable) or None, enable=list(enable) or None)
    targets, foreign = _split_foreign(targets)
    if changed_since is not None:
        result = lint_changed_since(targets, config, changed_since)
    elif targets or not foreign:
        result = run(targets, config, keep_sources=fix)
    else:
        result = LintResult([], 0)
    # Files that are not jdtool documents (a PDF, plain Markdown) are linted as they are
    # read for diff, and never fixed: their text is not the file (or not ours to rewrite).
    result = result.merged(_lint_foreign(foreign, config))
    if not fix or result.unreadable:  # a command that fails (exit 2) changes no file
        return LintRun(result, config)
    fixed, result = fix_and_relint(result, targets, config)
    return LintRun(result.merged(_lint_foreign(foreign, config)) if fixed else result,
                   config, tuple(fixed))


def _split_foreign(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The paths ``lint`` reads as jdtool documents (folders, jdtool Markdown files), and
    the files it reads as ``diff`` does (``jdtool.readers``): anything else."""
    from jdtool.core.files import MARKDOWN_SUFFIXES, read_source
    from jdtool.core.foreign import is_jdtool_text
    from jdtool.core.problems import JdtoolError

    own: list[Path] = []
    foreign: list[Path] = []
    for path in paths:
        if path.is_dir():
            own.append(path)
        elif path.suffix.lower() not in MARKDOWN_SUFFIXES:
            foreign.append(path)
        else:
            try:
                is_own = is_jdtool_text(read_source(path), path)
            except JdtoolError:  # unreadable: the strict loader reports it
                is_own = True
            (own if is_own else foreign).append(path)
    return own, foreign


def _lint_foreign(paths: list[Path], config: LintConfig) -> LintResult:
    from jdtool.core.model import Pack
    from jdtool.lint.engine import LintResult, lint_documents
    from jdtool.readers import read_all

    readings, problems = read_all(paths)
    packs = [Pack(reading.path.stem, reading.path, list(reading.documents))
             for reading in readings]
    result = lint_documents(packs, config) if packs else LintResult([], 0)
    result.problems = problems + result.problems
    result.sources = {}
    return result


# Comparing ----------------------------------------------------------------------------------


def load_for_comparison(path: PathLike) -> Document:
    """A document as ``compare`` sees it: its pack's fields inherited, its front matter
    valid (``JdtoolError`` otherwise: the fields compared would be wrong)."""
    from jdtool.core.packs import load_for_comparison as load

    return load(_path(path))


def read(path: PathLike) -> Reading:
    """Every document in a file or folder a user holds, read by its type
    (``jdtool.readers``): jdtool or any other Markdown, text, PDF, Word, a web page, a pack
    folder. Nothing is written; ``JdtoolError`` (``ProblemsFound``: every problem) if it
    cannot be read."""
    from jdtool.readers import read as run

    return run(_path(path))


def read_pair(old: PathLike, new: PathLike) -> tuple[Reading, Reading]:
    """Both sides of a comparison, read as ``read`` does; if either cannot be read,
    ``ProblemsFound`` lists every problem of both."""
    from jdtool.readers import read_pair as run

    return run(_path(old), _path(new))


def compare(old: DocumentLike, new: DocumentLike, *, ignore_quotes: bool = False) -> DocumentDiff:
    """What changed from ``old`` to ``new``: documents, or paths of anything ``read``
    reads (a PDF with a Word file, two pack folders: matched by kind)."""
    from jdtool.core.model import Document
    from jdtool.diff.engine import compare as run
    from jdtool.readers import comparable

    if isinstance(old, Document) and isinstance(new, Document):
        before, after = old, new
    elif isinstance(old, Document) or isinstance(new, Document):
        before, after = comparable(_reading(old), _reading(new))
    else:
        before, after = comparable(*read_pair(old, new))
    return run(before, after, ignore_quotes=ignore_quotes)


def _reading(side: DocumentLike) -> Reading:
    from jdtool.core.model import Document
    from jdtool.readers import Reading

    if isinstance(side, Document):
        return Reading(side.path, side.origin, [side])
    return read(side)


def compare_revisions(path: PathLike, from_rev: str | None = None, to_rev: str | None = None,
                      *, as_of: dt.date | None = None,
                      ignore_quotes: bool = False) -> RevisionDiff:
    """What changed in one document between two git revisions (any name git understands).

    The old side is the document at ``from_rev`` (default ``HEAD``) or, with ``as_of``, the
    version in force at the end of that day; the new side is ``to_rev``, or the working tree
    (uncommitted changes included).
    """
    from jdtool.core.problems import UsageError
    from jdtool.diff.engine import compare as run
    from jdtool.history.resolve import RevisionDiff, revision_sides

    if from_rev is not None and as_of is not None:
        raise UsageError("give --from or --as-of, not both")
    if _path(path).is_dir():
        old, new = _pack_revisions(_path(path), from_rev, to_rev, as_of)
    else:
        old, new = revision_sides(_path(path), from_rev, to_rev, as_of)
    return RevisionDiff(run(old.document, new.document, ignore_quotes=ignore_quotes), old, new)


def _pack_revisions(folder: Path, from_rev: str | None, to_rev: str | None,
                    as_of: dt.date | None) -> tuple[DocumentAt, DocumentAt]:
    """A pack folder at two revisions: each side's documents as one, matched by kind."""
    from jdtool.history.resolve import DocumentAt, pack_sides
    from jdtool.readers import as_one_document

    def joined(sides: list[DocumentAt], missing: str) -> DocumentAt:
        document = as_one_document([side.document for side in sides], folder)
        if not sides:
            return DocumentAt(document, f"{folder.name}/ ({missing})")
        first = sides[0]
        where = first.label.partition(" ")[2]
        return DocumentAt(document, f"{folder.name}/ {where}", first.revision)

    olds, news = pack_sides(folder, from_rev, to_rev, as_of)
    return joined(olds, "not there yet"), joined(news, "not there")


# History ------------------------------------------------------------------------------------


def log(path: PathLike) -> list[LogEntry]:
    """Every revision of a document or pack folder, newest first, following renames."""
    from jdtool.history.log import log_entries

    return log_entries(_path(path))


def blame(path: PathLike) -> Blame:
    """For every block, the revision that gave it its wording and the one it first appeared in."""
    from jdtool.history.blame import blame as run

    return run(_path(path))


# Publishing ---------------------------------------------------------------------------------


def build_site(options: BuildOptions, *, strict: bool = False, docx: bool = False,
               on_lint: Callable[[LintResult], None] | None = None,
               progress: Progress | None = None,
               on_warning: Callable[[str], None] | None = None) -> BuildReport:
    """Build the site and PDF packs as ``options`` say; ``JdtoolError`` keeps the old site.

    Before it publishes anything, a build that is not up to date lints what it will publish
    and hands the result to ``on_lint``; with ``strict``, lint errors refuse the build
    (``PublishingRefused``). ``docx`` adds a Word file next to each pack's PDF. The site's
    settings (``[tool.jdtool.site]``) are read unless ``options.site`` came from a file; an
    empty ``options.site_url`` is taken from them. A build with no URL at all is refused under
    ``strict`` (after the lint, so lint errors come first) and otherwise goes to
    ``on_warning`` once the site is built.
    """
    from dataclasses import replace

    from jdtool.core.problems import JdtoolError
    from jdtool.publish.settings import publishing_url, site_settings
    from jdtool.publish.site import build

    def lint_first(packs: list[Pack]) -> None:
        # Loaded only once a build is needed: a build with nothing changed never lints.
        from jdtool.lint.config import config_for
        from jdtool.lint.engine import publishing_gate

        config = config_for(today=options.today)
        result = publishing_gate(options.paths, config, drafts=options.drafts, strict=strict,
                                 packs=packs, cache=options.cache)
        if on_lint is not None:
            on_lint(result)
        if strict and warning is not None:
            raise JdtoolError(warning, exit_code=2)

    paths = _paths(options.paths)  # no posts/ here: say so before anything else
    site = options.site if options.site.source is not None else site_settings()
    url, warning = publishing_url(options.site_url, site)
    options = replace(options, paths=paths, preflight=lint_first, docx=docx,
                      extra={**options.extra, "strict": strict}, site=site, site_url=url)
    report = build(options, progress=progress)
    if warning is not None and on_warning is not None:
        on_warning(warning)
    return report


# Importing and office outputs ---------------------------------------------------------------


def import_files(files: Sequence[PathLike], *, out: PathLike = "posts", pack: str | None = None,
                 dry_run: bool = False, report: PathLike | None = None) -> ImportResult:
    """Import text, Word, HTML and PDF files as jdtool documents under ``out``, accounting for
    every word; ``dry_run`` writes nothing, ``report`` also writes the report as JSON."""
    from jdtool.importer.pipeline import check_report_folder, write, write_report
    from jdtool.importer.pipeline import import_files as run

    report_path = _optional_path(report)
    if report_path is not None:
        check_report_folder(report_path)
    result = run([_path(file) for file in files], _path(out), pack)
    if not dry_run:
        write(result)
    if report_path is not None:
        write_report(result, report_path, written=not dry_run)
    return result


def export(path: PathLike, output: PathLike | None = None) -> list[Path]:
    """Word .docx files of a pack folder, a document, or a folder of packs; the files written."""
    from jdtool.office.docx_export import export_docx

    return export_docx(_path(path), _optional_path(output))


def score_sheet(pack: PathLike, *, sheet_format: SheetFormat | str | None = None,
                candidates: int = 3, panel: int = 3, output: PathLike | None = None) -> Path:
    """Panel scoring sheets from a pack's person specification; the file written."""
    from jdtool.office.scoresheet import SheetFormat, write_score_sheet

    return write_score_sheet(_path(pack), candidates=candidates, panel=panel,
                             sheet_format=None if sheet_format is None else
                             SheetFormat(sheet_format),
                             output=_optional_path(output))


__all__ = [
    "blame",
    "build_site",
    "check",
    "compare",
    "compare_revisions",
    "export",
    "format_paths",
    "import_files",
    "lint_paths",
    "load_document",
    "load_for_comparison",
    "load_packs",
    "log",
    "read",
    "read_pair",
    "scaffold",
    "score_sheet",
    "show",
]
