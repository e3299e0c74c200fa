"""What ``jdtool lint`` does with its options, free of typer, and its fast path.

``lint`` runs in editors, hooks and CI over and over, and typer with the pydantic it loads is
about a sixth of linting one file. The typer command (``jdtool.cli.linting.lint``) declares the
options and calls ``run_lint`` here; ``fast_lint`` runs it straight from ``sys.argv`` when
every argument is in a form it fully understands (``cli.plain_arguments``: flags once,
options long or short, ``--name=value`` too, ``--disable``/``--enable`` repeated). Anything
else (``--help``, an unknown or repeated option, a value that looks like an option, a format
or level typer would refuse) returns None, and typer parses, explains and refuses as it
always does.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

from jdtool.cli.output import ERRORS_EXIT_2, format_from_suffix, note, report_error, write_file
from jdtool.cli.plain_arguments import plain_arguments
from jdtool.cli.terminal import console, fit, paged
from jdtool.core.plural import counted
from jdtool.core.problems import JdtoolError


class LintFormat(StrEnum):
    TEXT = "text"
    CONCISE = "concise"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


class FailLevel(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"
    NONE = "none"


_SUFFIX_FORMATS = {".txt": "text", ".json": "json", ".sarif": "sarif"}
_FLAGS = {"--fix": "fix", "--list-rules": "list_rules"}
"""``lint``'s flags as typer declares them (``linting.lint``), by the name each sets."""
_VALUED = {"--format": "output_format", "--fail-level": "fail_level", "--config": "config_path",
           "--changed-since": "changed_since", "--output": "output", "-o": "output"}
"""``lint``'s options that take one value, likewise."""
_REPEATED = {"--disable": "disable", "--enable": "enable"}
"""``lint``'s options that may be given more than once."""
_CHOICES = {"output_format": {str(item) for item in LintFormat},
            "fail_level": {str(item) for item in FailLevel}}


def fast_lint(argv: list[str]) -> int | None:
    """Run ``jdtool lint ARGUMENTS`` without typer and return its exit status, or None to
    leave the arguments to typer."""
    values = _parsed(argv)
    if values is None:
        return None
    try:
        return run_lint(**values)
    except JdtoolError as error:
        report_error(error)  # as the typer command's handler (cli.errors) prints it
        return 2 if "lint" in ERRORS_EXIT_2 else error.exit_code


def _parsed(argv: list[str]) -> dict[str, Any] | None:
    """The keyword arguments of ``run_lint``, or None for typer."""
    split = plain_arguments(argv, _FLAGS, _VALUED, _REPEATED)
    if split is None:
        return None
    paths, values = split
    if any(values[key] not in choices for key, choices in _CHOICES.items() if key in values):
        return None  # a choice typer refuses with its own message
    for key in ("config_path", "output"):
        if key in values:
            values[key] = Path(values[key])
    return {"paths": [Path(path) for path in paths], "disable": [], "enable": [], **values}


def run_lint(paths: list[Path] | None, output_format: str | None = None,
             fail_level: str | None = None, config_path: Path | None = None,
             disable: list[str] | None = None, enable: list[str] | None = None, *,
             fix: bool = False, changed_since: str | None = None, output: Path | None = None,
             list_rules: bool = False) -> int:
    """``jdtool lint``: the report on standard output (or ``output``), the summary on standard
    error; the exit status: 0 clean, 1 findings at or above the fail level, 2 unreadable."""
    if list_rules:
        _print_rules()
        return 0
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
        output_format = format_from_suffix(output, _SUFFIX_FORMATS) \
            if output is not None else "text"
    report = render(result, output_format)
    if output is not None:
        write_file(output, report)
    elif output_format == "text" and sys.stdout.isatty():
        _print_coloured(report)
    else:
        sys.stdout.write(report)
    sys.stdout.flush()
    if sys.stderr.isatty():
        colour = "red" if result.count(Severity.ERROR) else "green"
        console(stderr=True).print(f"[{colour}]{result.summary()}[/]")
    else:  # one plain line, and no console to load
        print(result.summary(), file=sys.stderr)
    if result.unreadable:
        return 2
    level = fail_level if fail_level is not None else str(run.config.fail_level)
    return 1 if level != "none" and result.fails(Severity(level)) else 0
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


