"""Commands for publishing: ``build`` (static site and PDF packs) and ``serve`` (live preview).

Every ``build`` option is declared once, in ``build``, and handed to ``jdtool.api.build_site``,
which decides what a build does (the lint before publishing, ``--strict``, ``--docx``).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jdtool.cli.output import note
from jdtool.core.plural import counted
from jdtool.core.problems import JdtoolError, UsageError

if TYPE_CHECKING:
    from jdtool.lint.engine import LintResult
    from jdtool.publish.context import BuildOptions
    from jdtool.publish.notes import Finding
    from jdtool.publish.settings import SiteSettings
    from jdtool.publish.site import BuildReport

HANDFUL = 8


def _today(value: str | None, site: SiteSettings | None = None) -> dt.date:
    if not value:
        from jdtool.publish.settings import today_in

        return today_in(site) if site is not None else dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today: '{value}' is not a date; use YYYY-MM-DD") from None


def build(
    paths: list[Path] = typer.Argument(None, help="Files or folders (default: posts/)."),
    out: Path = typer.Option(Path("build/site"), "--out", "-o", help="Output folder."),
    today: str = typer.Option(None, "--today", help="Date that decides open/closed (YYYY-MM-DD; "
                                                    "default: today)."),
    drafts: bool = typer.Option(False, "--drafts", help="Include draft and in-review packs."),
    no_pdf: bool = typer.Option(False, "--no-pdf", help="HTML only: skip the PDF packs."),
    templates: Path = typer.Option(Path("templates"), "--templates",
                                   help="Folder of templates overriding the built-in ones."),
    site_url: str = typer.Option("", "--site-url", show_default=False,
                                 help="Public URL of the site (for feed, sitemap, JSON-LD; "
                                      "default: url in [tool.jdtool.site])."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0: one per core)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Render everything again."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    strict: bool = typer.Option(False, "--strict", help="Refuse to publish if lint finds "
                                "errors in what would be published."),
    docx: bool = typer.Option(False, "--docx", help="Also write each pack as a Word .docx "
                                                    "next to its PDF."),
) -> None:
    """Build the static site and PDF job packs from posts/ into build/site.

    Builds into a temporary folder and swaps it in, so a failed build leaves the old site.

    Examples:

    \b
      jdtool build
      jdtool build --no-pdf --today 2026-12-01 --out /tmp/site
      jdtool build --docx
    """
    from jdtool.publish.context import BuildOptions
    from jdtool.publish.settings import site_settings

    site = site_settings()
    options = BuildOptions(
        paths=paths or [], out=out, today=_today(today, site), drafts=drafts, pdf=not no_pdf,
        templates=templates, site_url=_site_url(site_url), site=site, jobs=jobs,
        cache=None if no_cache else Path(".jdtool-cache"), progress=not quiet)
    run_build(options, quiet, strict=strict, docx=docx)


def _site_url(value: str) -> str:
    if not value:
        return ""  # from the settings
    from jdtool.publish.settings import normalise_url

    try:
        return normalise_url(value, "--site-url")
    except JdtoolError as error:
        raise UsageError(str(error)) from None


def run_build(options: BuildOptions, quiet: bool = False, *, strict: bool = False,
              docx: bool = False) -> None:
    """Run a build and print its lint summary and its own; lint errors that refuse a
    ``--strict`` build are listed one per line."""
    from jdtool import api
    from jdtool.lint.engine import PublishingRefused

    def lint_summary(result: LintResult) -> None:
        if not quiet:
            note(f"lint: {result.summary()} (run 'jdtool lint' for details)")

    with _progress_bar(options.progress and not quiet) as progress:
        try:
            report = api.build_site(options, strict=strict, docx=docx, on_lint=lint_summary,
                                    progress=progress,
                                    on_warning=lambda text: note(f"jdtool: warning: {text}"))
        except PublishingRefused as refused:
            for finding in refused.findings:
                print(finding, file=sys.stderr)
            raise
    if quiet:
        return
    if report.unchanged:
        note(f"{options.out} is up to date: nothing changed since the last build")
        return
    made = counted(report.rendered, "page") + " rendered" + (
        f", {counted(report.typeset, 'PDF')} typeset" if options.pdf else "")
    note(f"built {counted(report.pages, 'page')} and {counted(report.pdfs, 'PDF')} for "
         f"{counted(len(report.packs), 'pack')} into {options.out} ({made}; the rest "
         "unchanged)")
    for line in build_notes(report):
        note(line)


def build_notes(report: BuildReport) -> list[str]:
    """What a build left out: draft packs, and PDFs of the last site it did not keep."""
    lines = []
    if report.drafts:
        verb = "was" if len(report.drafts) == 1 else "were"
        lines.append(f"{counted(len(report.drafts), 'draft pack')} {verb} not published "
                     f"({', '.join(report.drafts)}); use --drafts to include "
                     f"{'it' if len(report.drafts) == 1 else 'them'}")
    if report.removed_pdfs:
        one = len(report.removed_pdfs) == 1
        lines.append(f"removed {counted(len(report.removed_pdfs), 'PDF')} whose "
                     f"{'pack' if one else 'packs'} changed since the last build "
                     f"({', '.join(report.removed_pdfs)}); build without --no-pdf to typeset "
                     f"{'it' if one else 'them'} again")
    return lines


@contextmanager
def _progress_bar(wanted: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on a terminal, shown once more than a handful of packs are built."""
    if not wanted or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, TaskID

    from jdtool.cli.terminal import console

    # No auto-refresh thread: the build forks worker processes, and threads do not fork well.
    with Progress(console=console(stderr=True), transient=True, auto_refresh=False) as bar:
        tasks: dict[str, TaskID] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if total == 0:
                tasks[stage] = bar.add_task(f"Reading {stage}", total=None)
                bar.refresh()
                return
            if total <= HANDFUL:
                return
            if stage not in tasks:
                for task in tasks.values():
                    bar.update(task, visible=False)
                tasks[stage] = bar.add_task(f"Building {stage}", total=total)
            bar.update(tasks[stage], completed=done, refresh=True)
        yield advance


def serve(
    paths: list[Path] = typer.Argument(None, help="Files or folders (default: posts/)."),
    port: int = typer.Option(8000, "--port", "-p", help="Port on 127.0.0.1 (0: any free port)."),
    out: Path = typer.Option(Path("build/preview"), "--out", "-o", help="Preview folder."),
    today: str = typer.Option(None, "--today", help="Date that decides open/closed."),
    drafts: bool = typer.Option(True, "--drafts/--no-drafts",
                                help="Show draft and in-review packs (shown by default)."),
    pdf: bool = typer.Option(False, "--pdf", help="Typeset the PDFs too (slower rebuilds)."),
    templates: Path = typer.Option(Path("templates"), "--templates",
                                   help="Folder of templates overriding the built-in ones."),
) -> None:
    """Preview the site on http://127.0.0.1:8000/, rebuilding and reloading on every save.

    A document with errors shows them on the page; the server keeps running. Ctrl+C stops.

    Examples:

    \b
      jdtool serve
      jdtool serve --port 8080 --pdf
    """
    from jdtool.core.packs import paths_or_posts
    from jdtool.publish.context import BuildOptions
    from jdtool.publish.serve import print_report
    from jdtool.publish.serve import serve as run_serve
    from jdtool.publish.settings import site_settings

    site = site_settings()
    options = BuildOptions(paths=paths_or_posts(paths), out=out, today=_today(today, site),
                           drafts=drafts, pdf=pdf, templates=templates, site=site)
    def lint(files: list[Path]) -> list[Finding]:
        from jdtool import api

        existing = [file for file in files if file.exists()]  # a deleted file has nothing
        return list(api.lint_paths(existing).result.findings) if existing else []

    try:
        run_serve(options, port, print_report, lint=lint,
                  ready=lambda url: print_report(f"serving {url} (Ctrl+C to stop)"))
    except OSError as error:
        raise JdtoolError(f"cannot serve on 127.0.0.1:{port}: {error.strerror}") from None


def register(app: typer.Typer) -> None:
    app.command()(build)
    app.command()(serve)
