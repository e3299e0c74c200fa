"""``jdtool build``: load the packs once, run the generators, write every page, swap the site in.

The site is built in a temporary folder beside the output folder and only replaces the old
site when everything has been written, so a failed or interrupted build leaves it intact.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jdtool.model import Pack
from jdtool.packs import load_packs
from jdtool.problems import JdtoolError, Problem, Severity
from jdtool.publish import GENERATORS, Generator
from jdtool.publish.context import BuildOptions, SiteContext, safe_path
from jdtool.publish.views import is_listed

STATIC_FILES = ("site.css", "sort.js")

Progress = Callable[[str, int, int], None]
"""``(stage, done, total)``: called as pages and PDFs are finished."""


class BuildFailed(JdtoolError):
    """The documents have errors; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems in the documents; the site was not changed")
        self.problems = problems


@dataclass(slots=True)
class BuildReport:
    out: Path
    pages: int = 0
    pdfs: int = 0
    rendered: int = 0
    """Pack pages actually rendered (the others came from the cache)."""
    typeset: int = 0
    packs: list[str] = field(default_factory=list)


def load_site_packs(options: BuildOptions) -> list[Pack]:
    """The packs to publish; every error in any document stops the build before it writes."""
    packs, problems = load_packs(options.paths)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    for pack in packs:
        errors += [p for p in pack.problems if p.severity is Severity.ERROR]
        for document in pack.all_documents():
            errors += [p for p in document.problems if p.severity is Severity.ERROR]
    if errors:
        raise BuildFailed(errors)
    listed = sorted((pack for pack in packs if is_listed(pack, options.drafts)),
                    key=lambda pack: pack.slug)
    seen: dict[str, Pack] = {}
    for pack in listed:
        if pack.slug in seen:
            raise JdtoolError(f"{pack.path}: two packs are named '{pack.slug}' (the other is "
                              f"{seen[pack.slug].path}); rename one")
        seen[pack.slug] = pack
    return listed


def build(options: BuildOptions, generators: Sequence[Generator] | None = None,
          progress: Progress | None = None) -> BuildReport:
    """Build the whole site into ``options.out``; raise ``JdtoolError`` and keep the old site."""
    from jdtool.publish.templates import environment

    packs = load_site_packs(options)
    out = options.out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        env = environment(options.templates)
        context = SiteContext(packs, staging, env, options,
                              links={pack.slug: {} for pack in packs})
        report = BuildReport(out, packs=[pack.slug for pack in packs])
        _write_site(context, report, list(GENERATORS if generators is None else generators),
                    progress)
        os.chmod(staging, 0o755)
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


def _write_site(context: SiteContext, report: BuildReport, generators: list[Generator],
                progress: Progress | None) -> None:
    from jdtool.publish.pages import write_pack_pages, write_site_pages

    _copy_static(context)
    for generator in generators:
        generator(context)
    views = write_pack_pages(context, report, progress)
    write_site_pages(context, list(zip(context.packs, views, strict=True)))
    report.pages += 1
    if context.options.pdf:
        raise JdtoolError("PDF job packs are not built yet on this branch; use --no-pdf")


def _copy_static(context: SiteContext) -> None:
    assert context.env.loader is not None
    for name in STATIC_FILES:
        source, _, _ = context.env.loader.get_source(context.env, name)
        context.write(name, source)


def swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with two renames; the old site is deleted afterwards."""
    if out.exists() and not out.is_dir():
        raise JdtoolError(f"{out} exists and is not a folder; choose another --out")
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.replace(out, old / "site")
    os.replace(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


__all__ = ["BuildFailed", "BuildReport", "build", "load_site_packs", "safe_path", "swap_in"]
