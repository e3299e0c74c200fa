"""What ``jdtool build`` does with its options, free of typer, and its fast path.

``build`` is run after every commit (a hook, CI, ``make``), so its start-up counts, and typer
with the pydantic it loads is about a tenth of a build after a one-file commit. The typer
command (``jdtool.cli.publishing.build``) declares the options and calls ``build_options``
and ``run_build`` here; ``fast_build`` runs the same two straight from ``sys.argv`` when every
argument is in a form it fully understands (each option once, long or short, ``--name=value``
too; ``cli.plain_arguments``). Anything else (``--help``, an unknown or repeated option, a
value that looks like an option, a ``--jobs`` that is not a number) returns None, and typer
parses, explains and refuses as it always does.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jdtool.cli.output import note, report_error
from jdtool.cli.plain_arguments import plain_arguments
from jdtool.core.plural import counted
from jdtool.core.problems import JdtoolError, UsageError

if TYPE_CHECKING:
    from jdtool.lint.engine import LintResult
    from jdtool.publish.context import BuildOptions
    from jdtool.publish.settings import SiteSettings
    from jdtool.publish.site import BuildReport

HANDFUL = 8
_FLAGS = {"--drafts": "drafts", "--no-pdf": "no_pdf", "--no-cache": "no_cache",
          "--quiet": "quiet", "-q": "quiet", "--strict": "strict", "--docx": "docx"}
"""``build``'s flags as typer declares them (``publishing.build``), by the name each sets."""
_VALUED = {"--out": "out", "-o": "out", "--today": "today", "--templates": "templates",
           "--site-url": "site_url", "--jobs": "jobs", "-j": "jobs"}
"""``build``'s options that take a value, likewise."""


def fast_build(argv: list[str]) -> int | None:
    """Run ``jdtool build ARGUMENTS`` without typer and return its exit status, or None to
    leave the arguments to typer."""
    values = _parsed(argv)
    if values is None:
        return None
    paths = values.pop("paths")
    quiet, strict, docx = (bool(values.pop(name, False)) for name in ("quiet", "strict", "docx"))
    try:
        run_build(build_options(paths, quiet=quiet, **values), quiet, strict=strict, docx=docx)
    except JdtoolError as error:
        report_error(error)  # as the typer command's handler (cli.errors) prints it
        return error.exit_code
    return 0


def _parsed(argv: list[str]) -> dict[str, Any] | None:
    """The keyword arguments of ``build_options`` (and ``paths``), or None for typer."""
    split = plain_arguments(argv, _FLAGS, _VALUED)
    if split is None:
        return None
    paths, values = split
    jobs = values.get("jobs", "0")
    if not jobs.isdigit():
        return None
    values["jobs"] = int(jobs)
    for key in ("out", "templates"):
        if key in values:
            values[key] = Path(values[key])
    values["paths"] = [Path(path) for path in paths]
    return values


def build_options(paths: list[Path] | None, *, out: Path = Path("build/site"),
                  today: str | None = None, drafts: bool = False, no_pdf: bool = False,
                  templates: Path = Path("templates"), site_url: str = "", jobs: int = 0,
                  no_cache: bool = False, quiet: bool = False) -> BuildOptions:
    """The options of a build, from the command line's (the defaults are ``build``'s)."""
    from jdtool.publish.context import BuildOptions
    from jdtool.publish.settings import site_settings

    site = site_settings()
    return BuildOptions(
        paths=paths or [], out=out, today=parse_today(today, site), drafts=drafts,
        pdf=not no_pdf, templates=templates, site_url=site_url_option(site_url), site=site,
        jobs=jobs, cache=None if no_cache else Path(".jdtool-cache"), progress=not quiet)


def parse_today(value: str | None, site: SiteSettings | None = None) -> dt.date:
    """``--today`` as a date; none given: today where the site is (its timezone)."""
    if not value:
        from jdtool.publish.settings import today_in

        return today_in(site) if site is not None else dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today: '{value}' is not a date; use YYYY-MM-DD") from None


def site_url_option(value: str) -> str:
    """``--site-url`` as given, normalised; empty: the URL comes from the settings."""
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

    def lint_summary(result: LintResult) -> None:
        if not quiet:
            note(f"lint: {result.summary()} (run 'jdtool lint' for details)")

    with _progress_bar(options.progress and not quiet) as progress:
        try:
            report = api.build_site(options, strict=strict, docx=docx, on_lint=lint_summary,
                                    progress=progress,
                                    on_warning=lambda text: note(f"jdtool: warning: {text}"))
        except JdtoolError as error:
            # The lint is loaded by then if it refused: a build with nothing changed never is.
            from jdtool.lint.engine import PublishingRefused

            if isinstance(error, PublishingRefused):
                for finding in error.findings:
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
