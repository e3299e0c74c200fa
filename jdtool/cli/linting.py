"""The ``lint`` command: inclusive, clear, consistent and correct job descriptions."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jdtool.cli.output import console, fail, user_errors

if TYPE_CHECKING:
    import datetime as dt

    from jdtool.core.problems import Severity
    from jdtool.lint.config import LintConfig
    from jdtool.lint.engine import LintResult

DEFAULT_PATHS = [Path("posts")]


class LintFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


class FailLevel(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"
    NONE = "none"


def lint(
    paths: list[Path] = typer.Argument(None, help="Files or folders (default: posts/)."),
    output_format: LintFormat = typer.Option(LintFormat.TEXT, "--format",
                                             help="text, json, sarif or github."),
    fail_level: FailLevel = typer.Option(None, "--fail-level",
                                         help="Exit 1 on findings at or above this severity "
                                              "(default: error, or the configuration's)."),
    config_path: Path = typer.Option(None, "--config",
                                     help="A jdtool.toml or pyproject.toml (default: the "
                                          "nearest one)."),
    disable: list[str] = typer.Option(None, "--disable", help="Rule id, name or category "
                                      "to turn off (repeatable)."),
    enable: list[str] = typer.Option(None, "--enable", help="Rule id, name or category to "
                                     "turn on (repeatable)."),
    fix: bool = typer.Option(False, "--fix", help="Apply the safe mechanical fixes and show "
                             "what changed."),
    changed_since: str = typer.Option(None, "--changed-since", metavar="REV",
                                      help="Only report findings in blocks changed since "
                                           "this git revision."),
    output: Path = typer.Option(None, "-o", "--output", help="Write the report to this file."),
    list_rules: bool = typer.Option(False, "--list-rules", help="List every rule and exit."),
) -> None:
    """Lint job descriptions: structure and facts, inclusive language, clarity, correctness.

    Exit codes: 0 clean, 1 findings at or above the fail level, 2 usage or runtime error.
    Silence a rule inline with <!-- jdtool-disable JD203 --> ... <!-- jdtool-enable JD203 -->
    or <!-- jdtool-disable-next-line JD203 -->.

    Examples:

    \b
      jdtool lint
      jdtool lint posts/director-of-operations --format sarif -o lint.sarif
      jdtool lint --changed-since main --fail-level warning
      jdtool lint --fix posts/regional-organiser.md
    """
    if list_rules:
        _print_rules()
        return
    with user_errors(exit_code=2):
        result, config = _run(paths or DEFAULT_PATHS, config_path, disable, enable,
                              changed_since, keep_sources=fix)
        failed = _unreadable(result)
        if fix and not failed:  # a command that fails (exit 2) changes no file
            result = _fix(result, paths or DEFAULT_PATHS, config)
    from jdtool.lint.formats import render

    report = render(result, str(output_format))
    if output is not None:
        from jdtool.core.files import write_atomically

        write_atomically(output, report)
    elif output_format is LintFormat.TEXT and sys.stdout.isatty():
        _print_coloured(report)
    else:
        sys.stdout.write(report)
    sys.stdout.flush()
    colour = "red" if result.count(_severity("error")) else "green"
    console(stderr=True).print(f"[{colour}]{result.summary()}[/]")
    if _unreadable(result):
        raise typer.Exit(2)
    level = fail_level.value if fail_level is not None else str(config.fail_level)
    if level != "none" and result.fails(_severity(level)):
        raise typer.Exit(1)


def _unreadable(result: LintResult) -> bool:
    """Whether any file could not be read (a warning, a link not followed, is no failure)."""
    return any(problem.severity == "error" for problem in result.problems)


def _severity(name: str) -> Severity:
    from jdtool.core.problems import Severity

    return Severity(name)


def _run(paths: list[Path], config_path: Path | None, disable: list[str] | None,
         enable: list[str] | None, changed_since: str | None,
         keep_sources: bool = True) -> tuple[LintResult, LintConfig]:
    from jdtool.core.files import path_kind
    from jdtool.core.packs import load_packs
    from jdtool.lint.changes import changed_lines
    from jdtool.lint.config import find_config, load_config
    from jdtool.lint.engine import lint_documents, lint_paths

    for path in paths:
        kind = path_kind(path)
        if not isinstance(kind, str):
            raise fail(f"{path}: {kind.message}", 2)
    if config_path is not None and not config_path.is_file():
        raise fail(f"{config_path}: no such configuration file", 2)
    config = load_config(config_path or find_config(Path.cwd()),
                         disable=disable or None, enable=enable or None)
    if changed_since is None:
        return lint_paths(paths, config, keep_sources=keep_sources), config
    packs, problems = load_packs(paths)
    documents = [d for pack in packs for d in pack.all_documents()]
    result = lint_documents(packs, config, changed_lines(documents, changed_since))
    result.problems = problems + result.problems
    return result, config


def _fix(result: LintResult, paths: list[Path], config: LintConfig) -> LintResult:
    from jdtool.lint.fix import fix_files

    fixed = fix_files(result.findings, result.sources)
    for item in fixed:
        sys.stderr.write(item.diff)
        print(f"fixed {item.fixes} problem{'s' if item.fixes != 1 else ''} in {item.path}",
              file=sys.stderr)
    if not fixed:
        return result
    # Lint again so the report shows what is left, with positions in the fixed text.
    from jdtool.lint.engine import lint_paths

    return lint_paths(paths, config)


def _print_coloured(report: str) -> None:
    from rich.markup import escape

    out = console()
    colours = {" error ": "red", " warning ": "yellow", " suggestion ": "cyan"}
    for line in report.splitlines():
        text = escape(line)
        for word, colour in colours.items():
            if word in text:
                text = text.replace(word, f" [{colour}]{word.strip()}[/] ", 1)
                break
        out.print(text)


def _print_rules() -> None:
    from jdtool.lint.rules import load_rules

    for rule in sorted(load_rules().values(), key=lambda rule: rule.id):
        flags = (" (fixable)" if rule.fixable else "") + ("" if rule.enabled else " (off)")
        print(f"{rule.id}  {rule.name:<28} {rule.category:<12} {rule.severity:<10}"
              f"{flags}\n      {rule.reason}")


def lint_before_build(paths: list[Path], *, drafts: bool, strict: bool, quiet: bool,
                      today: dt.date | None = None) -> None:
    """What ``jdtool build`` runs first: a lint summary of the documents it will publish, and
    with ``strict`` a refusal to publish while any of them has an error."""
    from jdtool.core.problems import Severity
    from jdtool.lint.config import find_config, load_config
    from jdtool.lint.engine import lint_for_publishing

    with user_errors(exit_code=2):
        config = load_config(find_config(Path.cwd()), today=today)
        result = lint_for_publishing(paths, config, drafts=drafts)
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if strict and errors:
        for finding in errors:
            print(finding, file=sys.stderr)
        raise fail(f"lint found {len(errors)} error{'s' if len(errors) != 1 else ''}; "
                   "not publishing (--strict)", 1)
    if not quiet:
        print(f"lint: {result.summary()} (run 'jdtool lint' for details)", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command()(lint)
