"""Write lint results as text, JSON, SARIF 2.1.0 (code-scanning uploads) or GitHub Actions
workflow commands (annotations on a pull request)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jdtool.core.problems import Problem, Severity
from jdtool.lint.engine import RULES, LintResult
from jdtool.lint.rules import Finding
from jdtool.version import __version__

FORMATS = ("text", "concise", "json", "sarif", "github")
_SARIF_LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "suggestion": "notice"}


def render(result: LintResult, output_format: str) -> str:
    """The whole report in ``output_format``."""
    if output_format == "json":
        return render_json(result)
    if output_format == "sarif":
        return render_sarif(result)
    if output_format == "github":
        return render_github(result)
    if output_format == "concise":
        return render_concise(result)
    return render_text(result)


def render_concise(result: LintResult) -> str:
    """One line per finding, ``path:line:column: severity RULE message``, for grep and
    editors' error parsers."""
    lines = [str(problem) for problem in result.problems]
    for finding in result.findings:
        line = str(finding)
        if finding.section:
            line += f" [{finding.section}]"
        lines.append(line)
    return "".join(line + "\n" for line in lines)


def render_text(result: LintResult) -> str:
    """Ruff- and Vale-style: the findings grouped under their file, each one line
    (``line:column severity RULE message``) over the source line with a caret under the
    span. Files that could not be read come first, one line each."""
    lines = [str(problem) for problem in result.problems]
    path: Path | None = None
    for finding in result.findings:
        if finding.path != path:
            if path is not None:
                lines.append("")
            path = finding.path
            lines.append(str(path))
        lines.extend(_finding_lines(finding))
    return "".join(line + "\n" for line in lines)


_EXCERPT_WIDTH = 100
"""The longest source line shown whole; a longer one is cut around the span."""


def _finding_lines(finding: Finding) -> list[str]:
    where = f"{finding.line}:{finding.column}"
    head = f"  {where:<8} {finding.severity!s:<10} {finding.rule}  {finding.advice()}"
    if finding.section:
        head += f"  [{finding.section}]"
    text = finding.context.expandtabs(1)
    if not text.strip() or not finding.excerpt:
        return [head]
    start = finding.column - 1
    end = finding.end_column - 1 if finding.end_line == finding.line else len(text)
    end = max(min(end, len(text)), start + 1)
    if len(text) > _EXCERPT_WIDTH:  # keep the span in view, cut the line around it
        first = max(0, min(start - 30, len(text) - _EXCERPT_WIDTH))
        shown = text[first:first + _EXCERPT_WIDTH]
        prefix = "…" if first else ""
        text = prefix + shown + ("…" if first + _EXCERPT_WIDTH < len(finding.context) else "")
        start, end = start - first + len(prefix), min(end - first, _EXCERPT_WIDTH) + len(prefix)
    gutter = " " * len(str(finding.line))
    return [head, f"    {finding.line} | {text}",
            f"    {gutter} | {' ' * start}{'^' * max(1, end - start)}"]


def render_json(result: LintResult) -> str:
    data = {
        "documents": result.documents,
        "summary": {str(s): result.count(s) for s in Severity},
        "problems": [problem.to_dict() for problem in result.problems],
        "findings": [finding.to_dict(RULES.get(finding.rule)) for finding in result.findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _uri(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_uri()


def render_sarif(result: LintResult) -> str:
    listed = sorted(RULES.rules(), key=lambda rule: rule.id)
    index = {rule.id: position for position, rule in enumerate(listed)}
    rules = [{
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.name.replace("-", " ")},
        "fullDescription": {"text": rule.reason},
        "defaultConfiguration": {"level": _SARIF_LEVEL[str(rule.severity)],
                                 "enabled": rule.enabled},
        "properties": {"category": str(rule.category), "fixable": rule.fixable},
    } for rule in listed]
    results = [_sarif_result(finding, index) for finding in result.findings]
    results += [_sarif_problem(problem) for problem in result.problems]
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "jdtool", "version": __version__,
                                "rules": rules}},
            "results": results,
        }],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def _region(line: int, column: int, end_line: int = 0, end_column: int = 0) -> dict[str, int]:
    region = {"startLine": line, "startColumn": column}
    if end_line:
        region |= {"endLine": end_line, "endColumn": max(end_column, 1)}
    return region


def _sarif_result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    region: dict[str, Any] = dict(_region(finding.line, finding.column, finding.end_line,
                                          finding.end_column))
    if finding.excerpt:
        region["snippet"] = {"text": finding.excerpt}
    item: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": _SARIF_LEVEL[str(finding.severity)],
        "message": {"text": finding.advice()},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(finding.path)},
            "region": region}}],
        "properties": {"excerpt": finding.excerpt},
    }
    if finding.section:
        item["properties"]["section"] = finding.section
    return item


def _sarif_problem(problem: Problem) -> dict[str, Any]:
    return {
        "ruleId": problem.code,
        "level": "error",
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(problem.path)},
            "region": _region(problem.line, problem.column)}}],
    }


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: LintResult) -> str:
    lines = []
    for problem in result.problems:
        lines.append(f"::error file={_escape_property(str(problem.path))},line={problem.line},"
                     f"col={problem.column},title={problem.code}::"
                     f"{_escape_data(problem.message)}")
    for finding in result.findings:
        rule = RULES.get(finding.rule)
        name = rule.name if rule is not None else finding.rule
        message = finding.advice()
        location = f"file={_escape_property(str(finding.path))},line={finding.line}," \
            f"col={finding.column}"
        if finding.end_line:
            location += f",endLine={finding.end_line},endColumn={finding.end_column}"
        lines.append(f"::{_GITHUB_LEVEL[str(finding.severity)]} {location},"
                     f"title={_escape_property(f'{finding.rule} {name}')}::"
                     f"{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)
