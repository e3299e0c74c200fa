"""The ``lint`` command: inclusive, clear, consistent and correct job descriptions."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from jdtool.cli.output import format_from_suffix, note, write_file
from jdtool.cli.terminal import console, fit, paged
from jdtool.core.plural import counted


class LintFormat(StrEnum):
    TEXT = "text"
    CONCISE = "concise"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


_SUFFIX_FORMATS = {".txt": "text", ".json": "json", ".sarif": "sarif"}


class FailLevel(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"
    NONE = "none"


def lint(
    paths: list[Path] = typer.Argument(None, help="Files or folders (default: posts/)."),
    output_format: LintFormat | None = typer.Option(
        None, "--format", help="text (grouped by file, with the source line and a "
                               "caret), concise (one line per finding), json, sarif or github "
                               "(default: text, or what the -o file's suffix names)."),
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
    from jdtool import api
    from jdtool.core.problems import Severity
    from jdtool.lint.formats import render

    run = api.lint_paths(paths, config=config_path, disable=disable or (), enable=enable or (),
                         changed_since=changed_since, fix=fix)
    for item in run.fixed:
        sys.stderr.write(item.diff)
        note(f"fixed {counted(item.fixes, 'problem')} in {item.path}")
    result = run.result
    if output_format is None:
        output_format = LintFormat(format_from_suffix(output, _SUFFIX_FORMATS)) \
            if output is not None else LintFormat.TEXT
    report = render(result, str(output_format))
    if output is not None:
        write_file(output, report)
    elif output_format is LintFormat.TEXT and sys.stdout.isatty():
        _print_coloured(report)
    else:
        sys.stdout.write(report)
    sys.stdout.flush()
    colour = "red" if result.count(Severity.ERROR) else "green"
    console(stderr=True).print(f"[{colour}]{result.summary()}[/]")
    if result.unreadable:
        raise typer.Exit(2)
    level = fail_level.value if fail_level is not None else str(run.config.fail_level)
    if level != "none" and result.fails(Severity(level)):
        raise typer.Exit(1)


def _print_coloured(report: str) -> None:
    """The grouped report with each severity coloured, file names bold and carets in the
    colour of their finding; excerpt lines are never wrapped, or the caret would drift."""
    from rich.markup import escape

    colours = {" error ": "red", " warning ": "yellow", " suggestion ": "cyan"}
    colour = "default"
    with paged() as out:
        for line in report.splitlines():
            if line and not line.startswith(" "):
                out.print(f"[bold]{escape(line)}[/]")
                continue
            if line.lstrip().startswith(tuple("0123456789")) and " | " in line[:16]:
                out.print(escape(line), soft_wrap=True)
                continue
            if "| " in line[:16] and line.rstrip().endswith("^"):
                out.print(f"[{colour}]{escape(line)}[/]", soft_wrap=True)
                continue
            text = escape(fit(line))
            for word, name in colours.items():
                if word in text:
                    colour = name
                    text = text.replace(word, f" [{name}]{word.strip()}[/] ", 1)
                    break
            out.print(text)


def _print_rules() -> None:
    from jdtool.lint.engine import RULES

    for rule in sorted(RULES.rules(), key=lambda rule: rule.id):
        flags = (" (fixable)" if rule.fixable else "") + ("" if rule.enabled else " (off)")
        print(f"{rule.id}  {rule.name:<28} {rule.category:<12} {rule.severity:<10}"
              f"{flags}\n      {rule.reason}")


def register(app: typer.Typer) -> None:
    app.command()(lint)
