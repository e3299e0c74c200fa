"""The ``lint`` command: inclusive, clear, consistent and correct job descriptions.

typer declares its options here; what it does with them is ``cli.lint_command.run_lint``, which
``fast_lint`` there also runs straight from ``sys.argv``."""

from __future__ import annotations

from pathlib import Path

import typer

from jdtool.cli.lint_command import FailLevel, LintFormat, run_lint


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
    status = run_lint(paths, None if output_format is None else str(output_format),
                      None if fail_level is None else str(fail_level), config_path,
                      disable or [], enable or [], fix=fix, changed_since=changed_since,
                      output=output, list_rules=list_rules)
    if status:
        raise typer.Exit(status)


def register(app: typer.Typer) -> None:
    app.command()(lint)
