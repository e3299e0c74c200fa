"""Commands for writing documents: ``check``, ``new``, ``fmt``, ``show`` and ``schema``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from jdtool.cli.output import console, fail, print_problem, user_errors

DEFAULT_PATHS = [Path("posts")]


class NewKind(StrEnum):
    PACK = "pack"
    BRIEF = "brief"
    DESCRIPTION = "description"
    PERSON_SPEC = "person-spec"
    APPLY = "apply"


class ShowFormat(StrEnum):
    JSON = "json"
    TEXT = "text"


def check(
    paths: list[Path] = typer.Argument(None, help="Files or folders (default: posts/)."),
    output_format: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Validate every document: front matter schema, dates, criteria tables, pack layout.

    Reports every problem in one run as "path:line:col: error CODE message" and exits 1
    if there is any error.

    Examples:

    \b
      jdtool check
      jdtool check posts/director-of-operations posts/general-secretary.md
    """
    from jdtool.authoring.check import check as run_check

    result = run_check(paths or DEFAULT_PATHS)
    if output_format == "json":
        json.dump({"documents": result.documents, "errors": result.errors,
                   "problems": [p.to_dict() for p in result.problems]}, sys.stdout, indent=2)
        print()
    else:
        for problem in result.problems:
            print_problem(problem)
        packs = len(result.packs)
        summary = (f"{result.documents} documents in {packs} packs checked: "
                   f"{result.errors} errors")
        console(stderr=True).print(
            f"[{'red' if result.errors else 'green'}]{summary}[/]")
    if result.errors:
        raise typer.Exit(1)


def new(
    kind: NewKind = typer.Argument(..., help="pack (all documents) or one document kind."),
    pack: str = typer.Option(..., "--pack", help="The pack's folder name, e.g. head-of-policy."),
    title: str = typer.Option(None, "--title", help="The post's title."),
    organisation: str = typer.Option(None, "--organisation", help="The organisation."),
    root: Path = typer.Option(Path("posts"), "--root", help="Where packs live."),
) -> None:
    """Scaffold a new pack or document from jd_templates/new; never overwrites a file.

    Examples:

    \b
      jdtool new pack --pack head-of-policy --title "Head of Policy"
      jdtool new person-spec --pack head-of-policy
    """
    from jdtool.authoring.scaffold import scaffold
    from jdtool.core.schema import Kind

    with user_errors():
        written = scaffold(Kind(kind.value), pack, root=root, title=title,
                           organisation=organisation)
    for path in written:
        print(f"created {path}")


def fmt(
    paths: list[Path] = typer.Argument(None, help="Files or folders (default: posts/)."),
    check_only: bool = typer.Option(False, "--check", help="Change nothing; exit 1 if any "
                                    "file is not formatted."),
) -> None:
    """Format documents as canonical Markdown (mdformat), so revisions differ only in wording.

    Examples:

    \b
      jdtool fmt
      jdtool fmt --check posts/
    """
    from jdtool.authoring.fmt import format_file, markdown_files
    from jdtool.core.problems import JdtoolError

    changed = failed = 0
    files, warnings = markdown_files(paths or DEFAULT_PATHS)
    for warning in warnings:
        print_problem(warning)
    for path in files:
        try:
            if format_file(path, check_only=check_only):
                changed += 1
                print(f"{'would reformat' if check_only else 'reformatted'} {path}")
        except JdtoolError as error:
            failed += 1
            if error.problem:
                print_problem(error.problem)
    if failed or (check_only and changed):
        raise typer.Exit(1)


def show(
    path: Path = typer.Argument(..., help="A document or pack folder."),
    output_format: ShowFormat = typer.Option(ShowFormat.TEXT, "--format",
                                             help="json (the model) or text (an outline)."),
) -> None:
    """Show the parsed model of a document or pack.

    Examples:

    \b
      jdtool show posts/general-secretary.md --format json
    """
    from jdtool.core.packs import load_packs

    packs, problems = load_packs([path])
    for problem in problems:
        print_problem(problem)
    if not packs or not packs[0].all_documents():
        raise fail(f"{path}: nothing to show", 1)
    if output_format is ShowFormat.JSON:
        data = packs[0].to_dict() if path.is_dir() else packs[0].all_documents()[0].to_dict()
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        out = console()
        for document in packs[0].all_documents():
            out.print(f"[bold]{document.path}[/] ({document.kind}) — {document.display_title()}")
            for section in document.body.walk():
                indent = "  " * section.level
                if section.level:
                    out.print(f"{indent}[cyan]{section.heading}[/] (lines {section.span.start}-"
                              f"{section.span.end}, {len(section.blocks)} blocks)")
    # The model is shown either way; a document with errors is no success (like check).
    errors = [problem for document in packs[0].all_documents() for problem in document.problems
              if problem.severity == "error"]
    for problem in errors:
        print_problem(problem)
    if errors:
        raise typer.Exit(1)


def schema_command(
    output: Path = typer.Option(None, "-o", "--output", help="Write to this file."),
) -> None:
    """Print the front matter JSON Schema (for editors that validate YAML).

    Examples:

    \b
      jdtool schema -o schema/front-matter.schema.json
    """
    from jdtool.core.schema import json_schema

    text = json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        from jdtool.core.files import write_atomically

        write_atomically(output, text)


def register(app: typer.Typer) -> None:
    app.command()(check)
    app.command()(new)
    app.command()(fmt)
    app.command()(show)
    app.command("schema")(schema_command)
