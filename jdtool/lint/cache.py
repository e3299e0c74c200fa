"""The build's lint cache: each document's findings kept under the hash of all that made them.

A build lints every document it publishes before it writes anything; on the next build most
of them have not changed, and linting them again would give the same findings. A document's
key covers everything its findings depend on: its own text and origin, its pack's other
documents (their texts and order: the pack rules look at them), the settings resolved for its
path (today's date included), jdtool's version and the source of the code that reads and
lints it (``jdtool/core``, ``jdtool/lint``, its data files and the ``jdtool new`` templates
the leftover rules read), and the word lists the spelling rules read. The entries live in one
file under the build cache folder (``.jdtool-cache/lint/findings.json``), rewritten atomically
with only the entries this build used, so it holds one site's worth of findings.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from jdtool.core.files import write_atomically
from jdtool.core.model import Document, Pack
from jdtool.core.parse_cache import parser_fingerprint
from jdtool.core.problems import Severity
from jdtool.core.resources import PACKAGE, code_fingerprint, templates_dir
from jdtool.lint.config import Settings
from jdtool.lint.rules import Edit, Finding
from jdtool.lint.spelling import WORD_LISTS
from jdtool.version import __version__

FORMAT = 1
"""The layout of the cache file; a file of another layout is ignored."""
_FILE = Path("lint") / "findings.json"


class FindingsCache:
    """Cached findings by document key, read from and saved to ``root`` (``None``: keep
    nothing; every document is linted)."""

    def __init__(self, root: Path | None) -> None:
        self.path = None if root is None else root / _FILE
        self._entries: dict[str, list[list[Any]]] | None = None
        self._used: dict[str, list[list[Any]]] = {}
        self._changed = False

    def key(self, document: Document, pack: Pack | None, settings: Settings) -> str:
        """The hash of everything ``document``'s findings depend on."""
        digest = hashlib.sha256()
        others = pack.all_documents() if pack is not None else [document]
        role = "loose" if pack is None else "pack file" if pack.pack is document else \
            "no pack file" if pack.pack is None else "in a pack"
        parts = [_code_fingerprint(), settings_fingerprint(settings), role,
                 str(next((index for index, other in enumerate(others) if other is document),
                          -1))]
        for other in others:
            parts += [other.path.name, other.origin, other.source]
        for part in parts:
            data = part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
        return digest.hexdigest()

    def get(self, key: str, path: Path) -> list[Finding] | None:
        """The findings stored under ``key``, placed in the file at ``path``; ``None`` if
        there are none stored."""
        rows = self._load().get(key)
        if rows is None:
            return None
        try:
            findings = [_finding(row, path) for row in rows]
        except (TypeError, ValueError, IndexError):
            return None  # a damaged entry: lint the document again
        self._used[key] = rows
        return findings

    def put(self, key: str, findings: list[Finding]) -> None:
        self._used[key] = [_row(finding) for finding in findings]
        self._changed = True

    def save(self) -> None:
        """Keep the entries this build used (and only those), if anything changed."""
        if self.path is None or not (self._changed or len(self._used) != len(self._load())):
            return
        data = json.dumps({"format": FORMAT, "entries": self._used}, ensure_ascii=False,
                          separators=(",", ":"))
        write_atomically(self.path, data)

    def _load(self) -> dict[str, list[list[Any]]]:
        if self._entries is None:
            self._entries = _read(self.path)
        return self._entries


def _read(path: Path | None) -> dict[str, list[list[Any]]]:
    """The entries of the cache file; none if it is missing, unreadable or of another format
    (the cache is only ever a shortcut: the findings are worked out again)."""
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or \
            not isinstance(data.get("entries"), dict):
        return {}
    entries: dict[str, list[list[Any]]] = data["entries"]
    return entries


def _row(finding: Finding) -> list[Any]:
    edit = finding.edit
    return [finding.rule, str(finding.severity), finding.line, finding.column, finding.message,
            finding.section, finding.suggestion, finding.matched, finding.end_line,
            finding.end_column, None if edit is None else [edit.start, edit.end,
                                                           edit.replacement],
            finding.excerpt, finding.context]


def _finding(row: list[Any], path: Path) -> Finding:
    (rule, severity, line, column, message, section, suggestion, matched, end_line,
     end_column, edit, excerpt, context) = row
    return Finding(rule, Severity(severity), path, line, column, message, section=section,
                   suggestion=suggestion, matched=matched, end_line=end_line,
                   end_column=end_column, edit=None if edit is None else Edit(*edit),
                   excerpt=excerpt, context=context)


def settings_fingerprint(settings: Settings) -> str:
    """The settings as one canonical text: sets sorted (their order is not stable between
    runs), ordered settings as they are, and the date the rules take as today."""
    return json.dumps([sorted(settings.disable), sorted(settings.enable),
                       [[rule, str(level)] for rule, level in settings.severity],
                       [[name, str(value)] for name, value in settings.options],
                       sorted(settings.accept), [list(pair) for pair in settings.reject],
                       sorted(settings.vocabulary), settings.today().isoformat()])


@cache
def _code_fingerprint() -> str:
    """jdtool's version, what reads a document (``parser_fingerprint``: the ``core`` package,
    Python and the parsers, whose upgrade may change the model the rules read), the lint
    rules' source, and the word lists (by size and time: reading 3 MB of them to hash would
    cost more than it saves)."""
    files = [*(PACKAGE / "lint").rglob("*.py"), *(PACKAGE / "lint" / "data").rglob("*"),
             *(templates_dir() / "new").glob("*")]
    lists = []
    for name in (name for names in WORD_LISTS.values() for name in names):
        word_list = Path(name)
        if word_list.is_file():
            status = word_list.stat()
            lists.append(f"{name} {status.st_size} {status.st_mtime_ns}")
    return code_fingerprint(files, parser_fingerprint(), __version__, *lists)
