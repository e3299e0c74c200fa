"""``jdtool build``: load the packs once, run the generators, write every page, swap the site in.

The site is built in a staged folder (``core.staging.staged_site``) and only replaces the old
site, in one atomic step, when everything has been written, so a failed or interrupted build
leaves it intact; the output folder is refused unless jdtool made it.
A build whose inputs (documents, templates, options) are exactly those of the last build
finds that out from one hash of the input files and leaves the site as it is.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jdtool.core.collection import kept_apart_from_collection
from jdtool.core.files import path_kind, write_atomically
from jdtool.core.plural import counted
from jdtool.core.problems import JdtoolError, Problem, ProblemsFound, Severity
from jdtool.core.staging import Staging, check_replaceable, output_path, staged_site
from jdtool.publish.cache import BuildCache, content_key
from jdtool.publish.context import BuildOptions, Generator, SiteContext
from jdtool.publish.generators import generators_for
from jdtool.version import __version__

if TYPE_CHECKING:
    # Imported when packs are loaded, so that an up-to-date check stays quick.
    from jdtool.core.model import Pack
    from jdtool.publish.views import PackView

STATIC_FILES = ("site.css", "sort.js")
PARSED_FOLDER = "parsed"
"""Where in the build cache the parsed documents are kept (``core.parse_cache``)."""

Progress = Callable[[str, int, int], None]
"""``(stage, done, total)``: called as each pack's page (and PDF) is finished; a total of 0
announces a stage whose size is not known yet (reading the documents)."""


class BuildFailed(ProblemsFound):
    """The documents have errors; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems, f"{counted(len(problems), 'problem')} in the documents; "
                                   "the site was not changed")


@dataclass(slots=True)
class BuildReport:
    out: Path
    pages: int = 0
    pdfs: int = 0
    rendered: int = 0
    """Pack pages actually rendered (the others came from the cache)."""
    typeset: int = 0
    """PDFs actually typeset (the others came from the cache)."""
    packs: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    """Packs left out because they are not published yet (``--drafts`` includes them)."""
    removed_pdfs: list[str] = field(default_factory=list)
    """PDFs of the previous site this build did not keep (``--no-pdf`` with a changed pack)."""
    unchanged: bool = False
    """Nothing changed since the last build, so nothing was done."""


def load_site_packs(options: BuildOptions) -> list[Pack]:
    """The packs to publish; every error in any document stops the build before it writes."""
    return load_all_packs(options)[0]


def load_all_packs(options: BuildOptions) -> tuple[list[Pack], list[Pack]]:
    """The packs to publish, and the unpublished ones a build with ``--drafts`` would add."""
    from jdtool.core.packs import load_packs
    from jdtool.core.parse_cache import ParseCache

    # A document whose text is as it was at the last build is not parsed again.
    parsed = ParseCache(None if options.cache is None else options.cache / PARSED_FOLDER)
    packs, problems = load_packs(options.paths, parsed.parse)
    parsed.save()
    errors = [p for p in problems if p.severity is Severity.ERROR]
    for pack in packs:
        errors += [p for p in pack.problems if p.severity is Severity.ERROR]
        for document in pack.every_document():
            errors += [p for p in document.problems if p.severity is Severity.ERROR]
    if errors:
        raise BuildFailed(errors)
    listed = sorted((pack for pack in packs if pack.is_published(options.drafts)),
                    key=lambda pack: pack.slug)
    drafts = sorted((pack for pack in packs if pack.is_published(True)
                     and not pack.is_published(options.drafts)), key=lambda pack: pack.slug)
    seen: dict[str, Pack] = {}
    for pack in listed:
        if pack.slug in seen:
            raise JdtoolError(f"{pack.path}: two packs are named '{pack.slug}' (the other is "
                              f"{seen[pack.slug].path}); rename one")
        seen[pack.slug] = pack
    return listed, drafts


def build(options: BuildOptions, generators: Sequence[Generator] | None = None,
          progress: Progress | None = None) -> BuildReport:
    """Build the whole site into ``options.out``; raise ``JdtoolError`` and keep the old site."""
    return Site(options, generators).build(progress)


class Site:
    """One site being published: its options, templates, cache and (once loaded) packs."""

    def __init__(self, options: BuildOptions, generators: Sequence[Generator] | None = None
                 ) -> None:
        from jdtool.publish.templates import environment

        self.options = options
        self.generators = list(generators_for(options) if generators is None else generators)
        self.env = environment(options.templates, compiled=None if options.cache is None
                               else options.cache / "publish" / "templates")
        self.cache = BuildCache(options.cache)
        self.packs: list[Pack] = []
        self.links: dict[str, dict[str, str]] = {}
        self.cached_views: list[PackView] = []
        self.folders: dict[Path, int] = {}

    def build(self, progress: Progress | None = None) -> BuildReport:
        unusable = [kind for kind in map(path_kind, self.options.paths)
                    if isinstance(kind, Problem)]
        if unusable:  # before anything looks at them (the fingerprint, git)
            raise BuildFailed(unusable)
        out = output_path(self.options.out)
        check_replaceable(out, self.options.paths)
        # Without a cache no stamp keeps the fingerprint: a stat of every file for nothing.
        inputs = self.input_fingerprint() if self._stamp() is not None else ""
        if self._up_to_date(out, inputs):
            return BuildReport(out, unchanged=True)
        if progress is not None:
            progress("documents", 0, 0)  # the total is not known until they are read
        # Errors in the documents stop the build before the lint summary is given.
        with _collector_paused():
            self.packs, drafts = load_all_packs(self.options)
        with kept_apart_from_collection():
            if self.options.preflight is not None:
                self.options.preflight(self.packs)  # the lint gate, on the packs just loaded
            report = self._write_and_switch(out, progress)
        report.drafts = [pack.slug for pack in drafts]
        self._remember(out, inputs)
        return report

    def _write_and_switch(self, out: Path, progress: Progress | None = None) -> BuildReport:
        before = _pdf_files(out)
        with staged_site(out, holds=self.options.paths, manifest=self._manifest()) as staging:
            report = self.write(staging, progress)
            report.removed_pdfs = sorted(before - {
                Path(path).relative_to(staging.path).as_posix() for path in staging.written
                if path.endswith(".pdf")})
            _publishable_modes(staging.path)
        report.out = out
        return report

    def write(self, staging: Staging, progress: Progress | None = None) -> BuildReport:
        """Write the whole site for the loaded packs into the staged site."""
        from jdtool.publish.pages import site_fingerprint, write_site_pages
        from jdtool.publish.rendering import PAGES, run_pack_work
        from jdtool.publish.translations import translated_views

        folder = staging.path
        self.links = {pack.slug: {} for pack in self.packs}
        context = SiteContext(self.packs, folder, self.env, self.options, self.links,
                              staging=staging)
        context.fingerprint = site_fingerprint(context)
        _copy_static(context)
        for generator in self.generators:
            generator(context)
        views = self.views()
        extra_packs, extra_views = translated_views(self.packs, views, today=self.options.today,
                                                    pdf=True)
        work = SiteContext(self.packs + extra_packs, folder, self.env, self.options, self.links,
                           staging=staging)
        everything = views + extra_views
        done = _counter("packs", len(everything), progress)
        results = run_pack_work(work, everything, context.fingerprint, self.cache, done)
        write_site_pages(context, list(zip(self.packs, views, strict=True)))
        self.cache.prune("page")
        if self.options.pdf:
            self.cache.prune("pdf")
            self.cache.prune(PAGES)
        staging.prune()  # what an old tree holds that this build did not write
        # Every file of the site went through the staging, and no other is left in it.
        return BuildReport(
            folder, pages=sum(1 for path in staging.written if path.endswith(".html")),
            pdfs=sum(1 for view in everything if view.pdf_url),
            rendered=sum(r.rendered for r in results), typeset=sum(r.typeset for r in results),
            packs=[pack.slug for pack in self.packs])

    def refresh(self, out: Path, changed: set[Path]) -> BuildReport:
        """Bring a live preview in ``out`` up to date after ``changed`` files were saved.

        Only the packs those files belong to are parsed and rendered again, and their pages
        are replaced in place (each file atomically). Templates, new or deleted packs, or a
        pack changing its status mean a full rebuild.
        """
        from jdtool.publish.pages import site_fingerprint, write_site_pages
        from jdtool.publish.rendering import run_pack_work

        changed = {path.resolve() for path in changed}
        if len(self.folders) != len(self.packs) or len(self.cached_views) != len(self.packs):
            return self.rebuild(out)
        touched: set[int] = set()
        for path in changed:
            index = self.folders.get(path, self.folders.get(path.parent))
            if index is None or not path.exists():
                return self.rebuild(out)
            touched.add(index)
        if any(self.packs[index].translations for index in touched):
            return self.rebuild(out)  # a bilingual pack: both pages and the switch between
        for index in sorted(touched):
            fresh = load_site_packs(_only(self.options, self.packs[index].path))
            if [pack.slug for pack in fresh] != [self.packs[index].slug]:
                return self.rebuild(out)
            self.packs[index] = fresh[0]
            self.cached_views[index] = self._view(fresh[0])
        context = SiteContext(self.packs, out, self.env, self.options, self.links)
        views = self.cached_views
        if touched:
            chosen = sorted(touched)
            part = SiteContext([self.packs[i] for i in chosen], out, self.env, self.options,
                               self.links)
            run_pack_work(part, [views[i] for i in chosen], site_fingerprint(context),
                          self.cache)
        write_site_pages(context, list(zip(self.packs, views, strict=True)))
        return BuildReport(out, pages=len(touched) + 1, rendered=len(touched),
                           packs=[self.packs[i].slug for i in sorted(touched)])

    def rebuild(self, out: Path) -> BuildReport:
        """A full build into ``out`` that ignores the up-to-date check (for the preview)."""
        check_replaceable(output_path(out), self.options.paths)
        self.packs = load_site_packs(self.options)
        return self._write_and_switch(out)

    def views(self) -> list[PackView]:
        """A view of every loaded pack; kept so that a refresh only redoes the edited ones."""
        self.cached_views = [self._view(pack) for pack in self.packs]
        self.folders = {pack.path.resolve(): index for index, pack in enumerate(self.packs)}
        return self.cached_views

    def _view(self, pack: Pack) -> PackView:
        from jdtool.publish.views import pack_view

        # Every view names its PDF; the build drops the link when it has none to publish.
        language = pack.meta.lang if pack.meta and pack.meta.lang else self.options.site.language
        view = pack_view(pack, self.options.today, pdf=True, language=language)
        view.links = dict(self.links.get(pack.slug, {}))
        return view

    def input_fingerprint(self) -> str:
        """One hash of everything a build reads: files under the paths, templates, options.

        Files count by name, size and modification time (as in make), so checking a
        thousand packs costs one ``stat`` each.
        """
        from jdtool.publish.templates import template_files

        options = self.options
        parts: list[str | bytes] = [
            __version__, str(output_path(options.out)), options.today.isoformat(),
            str(options.drafts), str(options.pdf), options.site_url, options.site.fingerprint(),
            json.dumps(options.extra, sort_keys=True, default=str)]
        if options.pdf:
            from jdtool.publish.pdf import engine_version

            parts.append(engine_version())
        for generator in self.generators:
            parts.append(getattr(generator, "__qualname__", repr(generator)))
            fingerprint = getattr(generator, "fingerprint", None)
            if callable(fingerprint):
                parts.append(str(fingerprint(options)))
        parts += _file_stats(template_files(self.env))
        parts += _file_stats(options.paths)
        return content_key(*parts)

    def _manifest(self) -> Path | None:
        """Where the staging keeps the digests of the last two sites' files (one per output
        folder, as the stamp)."""
        stamp = self._stamp()
        return None if stamp is None else stamp.with_name(
            stamp.name.replace("last-build-", "site-files-"))

    def _stamp(self) -> Path | None:
        if self.options.cache is None:
            return None
        # One stamp per output folder, so that two sites sharing a cache do not collide.
        out = content_key(str(output_path(self.options.out)))[:16]
        return self.options.cache / "publish" / f"last-build-{out}.json"

    def _up_to_date(self, out: Path, inputs: str) -> bool:
        stamp = self._stamp()
        if stamp is None or not stamp.is_file() or not out.is_dir():
            return False
        try:
            last = json.loads(stamp.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return bool(last.get("inputs") == inputs and last.get("outputs") == _manifest(out))

    def _remember(self, out: Path, inputs: str) -> None:
        stamp = self._stamp()
        if stamp is not None:
            write_atomically(stamp, json.dumps({"inputs": inputs, "outputs": _manifest(out)}))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the packs are loaded: nearly every object made
    then lives until the build ends, and the collector would only go over them again and
    again as they pile up (a tenth of a cold build's time), to find little to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()



def _only(options: BuildOptions, path: Path) -> BuildOptions:
    from dataclasses import replace

    return replace(options, paths=[path])


def _file_stats(paths: list[Path]) -> Iterator[str]:
    """``name size mtime`` of every file under ``paths``, in a stable order.

    A superset of what ``load_packs`` reads: any change under the paths means a real build.
    """
    for path in paths:
        if path_kind(path) == "folder":
            yield from _tree_stats(str(path))
        else:  # a document, also a link named x.md to a folder: never walk that
            try:
                info = path.stat()
            except OSError:
                continue
            yield f"{path}\0{info.st_size}\0{info.st_mtime_ns}"


def _tree_stats(folder: str, prefix: str = "") -> Iterator[str]:
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _tree_stats(entry.path, f"{prefix}{entry.name}/")
        else:
            try:
                info = entry.stat()
            except OSError:
                continue
            yield f"{prefix}{entry.name}\0{info.st_size}\0{info.st_mtime_ns}"


def _manifest(out: Path) -> list[str]:
    """Every output file with its size and modification time: spots hand-edited outputs."""
    return list(_tree_stats(str(out)))


def _counter(stage: str, total: int, progress: Progress | None) -> Callable[[], None] | None:
    if progress is None:
        return None
    done = 0

    def advance() -> None:
        nonlocal done
        done += 1
        progress(stage, done, total)
    return advance


def _pdf_files(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*.pdf")}


def _publishable_modes(folder: Path) -> None:
    """Files 0644 and folders 0755, whatever the umask: the site is for a web server to read
    (a private 0600 file is a 403 "Forbidden" once uploaded)."""
    with os.scandir(folder) as scan:
        entries = list(scan)
    for entry in entries:  # scandir, not rglob: one stat-free listing per folder
        if entry.is_symlink():
            continue
        if entry.is_dir():
            os.chmod(entry.path, 0o755)
            _publishable_modes(Path(entry.path))
        else:
            os.chmod(entry.path, 0o644)


def _copy_static(context: SiteContext) -> None:
    assert context.env.loader is not None
    for name in STATIC_FILES:
        source, _, _ = context.env.loader.get_source(context.env, name)
        context.write(name, source)
    logo = context.options.site.logo
    if logo is not None:
        context.write(context.options.site.logo_url, logo.read_bytes())
