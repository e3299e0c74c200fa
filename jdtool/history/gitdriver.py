"""``jdtool git-setup``: make plain ``git diff`` and ``git log -p`` show jdtool's structural diff.

Two git hooks are configured for ``*.md`` under ``posts/`` (the ``diff=jdtool`` attribute):
``diff.jdtool.command`` runs the structural diff for ``git diff`` (and for ``git log -p
--ext-diff``), and ``diff.jdtool.textconv`` turns each version into one line per block, so
``git log -p`` without ``--ext-diff`` shows wording changes rather than re-wrapped lines.
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from jdtool.core.documents import parse_document
from jdtool.core.files import read_source, write_atomically
from jdtool.core.model import Block, Document
from jdtool.core.problems import JdtoolError
from jdtool.core.schema import as_dict
from jdtool.diff import compare, term
from jdtool.diff.formats import RenderOptions

ATTRIBUTE = "diff=jdtool"
PATTERN = "posts/**/*.md"
DRIVER = "jdtool"


@dataclass(frozen=True, slots=True)
class SetupResult:
    attributes: Path
    attributes_changed: bool
    settings: dict[str, str]


def attributes_line(pattern: str = PATTERN) -> str:
    return f"{pattern} {ATTRIBUTE}"


def jdtool_command() -> str:
    """How git should call this jdtool: its own Python, so no PATH or venv is needed."""
    return f"{shlex.quote(sys.executable)} -m jdtool"


def setup(path: Path) -> SetupResult:
    """Write the ``.gitattributes`` entry and the repository's diff driver settings."""
    # git's layer is for setting up only: the driver, which ``git log -p`` starts once per
    # file, never loads it (nor subprocess).
    from jdtool.history.repository import GitRepository

    repository = GitRepository.find(path)
    attributes = repository.root / ".gitattributes"
    existing = attributes.read_text(encoding="utf-8") if attributes.is_file() else ""
    line = attributes_line()
    changed = line not in existing.splitlines()
    if changed:
        prefix = existing if not existing or existing.endswith("\n") else existing + "\n"
        write_atomically(attributes, prefix + line + "\n")
    command = jdtool_command()
    options = {
        "command": f"{command} git-diff-driver",
        "textconv": f"{command} git-textconv",
    }
    repository.set_config(f'diff "{DRIVER}"', options)
    settings = {f"diff.{DRIVER}.{option}": value for option, value in options.items()}
    return SetupResult(attributes, changed, settings)


# -- what git calls ---------------------------------------------------------------------------

def block_line(block: Block) -> str:
    """One block as one line of text: its marker and its plain wording."""
    if block.criterion is not None:
        criterion = block.criterion
        importance = str(criterion.importance).capitalize() if criterion.importance else "?"
        return f"| {criterion.text} [{importance}; {', '.join(criterion.assessed_by)}]"
    marker = {"bullet": "  " * block.depth + "-", "row": "|", "quote": ">",
              "code": "    "}.get(str(block.kind), "")
    if block.number:
        marker = f"{block.number}."
    return f"{marker} {block.text}".strip() if marker else block.text


def textconv(document: Document) -> str:
    """The document as git's line diff should see it: fields, headings, one block per line."""
    lines: list[str] = []
    if document.own is not None:
        for name, value in as_dict(document.own, json=True, exclude_defaults=True).items():
            if name == "revised":
                value = str(document.own.revised)
            lines.append(f"{name}: {value}")
    for section in document.body.walk():
        if section.level:
            lines.extend(["", f"{'#' * section.level} {section.heading}", ""])
        elif lines and section.blocks:
            lines.append("")
        lines.extend(block_line(block) for block in section.blocks)
    return "\n".join(lines).strip("\n") + "\n"


def textconv_file(path: Path) -> str:
    """``textconv`` for a file git hands over; a file that is no document passes unchanged."""

    try:
        text = read_source(path)
    except JdtoolError:
        return path.read_bytes().decode("utf-8", errors="replace")
    document = parse_document(text, path)
    if document.own is None:
        return text
    return textconv(document)


def driver_diff(name: str, old_file: Path, new_file: Path, *, color: bool) -> str:
    """What ``git diff`` prints for one file: jdtool's structural diff of the two versions."""
    import difflib


    header = f"jdtool diff a/{name} b/{name}\n"
    texts: list[str] = []
    for file in (old_file, new_file):
        if str(file) == "/dev/null":
            texts.append("")
            continue
        try:
            texts.append(read_source(file))
        except JdtoolError as error:
            return header + f"(not compared: {error.problem.message if error.problem else error})\n"
    documents = [parse_document(text, Path(name)) if text else None for text in texts]
    if any(document is None or document.own is None for document in documents):
        # A new, deleted or broken file: a line diff still tells the reader what happened.
        lines = difflib.unified_diff(texts[0].splitlines(keepends=True),
                                     texts[1].splitlines(keepends=True),
                                     f"a/{name}", f"b/{name}")
        return header + "".join(lines)
    old, new = documents
    assert old is not None and new is not None
    diff = compare(old, new)
    return header + term.render(diff, RenderOptions(name, f"a/{name}", f"b/{name}", color))
