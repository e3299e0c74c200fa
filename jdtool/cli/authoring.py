"""Commands for writing documents: ``check``, ``new``, ``fmt``, ``show`` and ``schema``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from jdtool.cli.output import format_from_suffix, print_problem, write_file
from jdtool.cli.terminal import paged


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
    from jdtool.cli.hot import check as run

    raise typer.Exit(run(paths or None, output_format))


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
    from jdtool import api

    for path in api.scaffold(kind.value, pack, root=root, title=title,
                             organisation=organisation):
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
    from jdtool import api

    result = api.format_paths(paths, check_only=check_only)
    for path in result.changed:
        print(f"{'would reformat' if check_only else 'reformatted'} {path}")
    for problem in result.problems:
        print_problem(problem)
    if result.failed or (check_only and result.changed):
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
    from jdtool import api
    from jdtool.core.model import Pack
    from jdtool.core.plural import counted

    shown = api.show(path)
    documents = shown.all_documents() if isinstance(shown, Pack) else [shown]
    if output_format is ShowFormat.JSON:
        json.dump(shown.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        with paged() as out:
            for document in documents:
                out.print(f"[bold]{document.path}[/] ({document.kind}) — "
                          f"{document.display_title()}")
                for section in document.body.walk():
                    if section.level:
                        out.print(f"{'  ' * section.level}[cyan]{section.heading}[/] (lines "
                                  f"{section.span.start}-{section.span.end}, "
                                  f"{counted(len(section.blocks), 'block')})")
    # The model is shown either way; a document with errors is no success (like check).
    errors = [problem for document in documents for problem in document.problems
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

    if output is not None:
        format_from_suffix(output, {".json": "json"}, or_option=None)
    text = json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        write_file(output, text)


def register(app: typer.Typer) -> None:
    app.command()(check)
    app.command()(new)
    app.command()(fmt)
    app.command()(show)
    app.command("schema")(schema_command)
