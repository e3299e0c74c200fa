"""The site build's revision list, kept between builds and extended rather than walked again.

A build reads every commit under ``posts/`` with one ``git log`` (``GitRepository.revisions``)
to find each pack's history; in a repository of thousands of commits that log is most of
what a build after one new commit costs. ``revisions`` keeps the log's text in the build's
cache folder under the HEAD it was read at, and when HEAD has since moved on by new commits
on top of it, each with that one parent (what ``git commit`` does), asks git only for
``OLD..HEAD`` and puts it before the kept text: with no merge to interleave, that is exactly
the listing a full ``git log`` gives, which the same parser then reads.

Anything else walks the whole history again: no cache, an unreadable or foreign one, HEAD
moved elsewhere (amend, rebase, reset, checkout), a merge among the new commits, a shallow
clone, replaced objects or grafts, or any change to git's configuration or ``GIT_*``
environment since the text was kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from jdtool.core.files import write_atomically
from jdtool.core.problems import JdtoolError
from jdtool.history.repository import GitRepository
from jdtool.history.revisions import Revision

FILE_NAME = "log-walk.txt"
"""The kept listing: one line of JSON (its key, HEAD and digest), then ``git log``'s text."""


def revisions(repository: GitRepository, specs: list[str], folder: Path | None
              ) -> list[Revision]:
    """``repository.revisions(specs)``, reading only the commits new since the last build."""
    head = repository.head_commit()
    key = None if folder is None or head is None else _key(repository, specs)
    if folder is None or head is None or key is None:
        return repository.revisions(specs)
    path = folder / FILE_NAME
    stored = _stored(path, key)
    text: str | None = None
    if stored is not None:
        old, kept = stored
        if old == head:
            text = kept
        elif _on_top(repository, old, head):
            text = repository.log_text(specs, f"{old}..{head}") + kept
    if text is None:
        text = repository.log_text(specs)
    if stored is None or stored[0] != head:
        _store(path, key, head, text)
    return repository.parsed_revisions(text)


def _on_top(repository: GitRepository, old: str, head: str) -> bool:
    """Whether ``head`` is ``old`` followed by a line of commits with one parent each."""
    lines = repository.parents_between(old, head)
    if not lines or lines[0][0] != head:  # None: ``old`` is gone (rewritten and collected)
        return False
    expected = [*(line[0] for line in lines[1:]), old]
    return all(len(line) == 2 and line[1] == parent
               for line, parent in zip(lines, expected, strict=True))


def _key(repository: GitRepository, specs: list[str]) -> str | None:
    """What the kept text depends on besides the commits, or None to walk in full."""
    common = repository.common_dir
    if repository.shallow or (common / "info" / "grafts").exists() or _replaces(common):
        return None
    home = Path.home()
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    configs = [common / "config", home / ".gitconfig", xdg / "git" / "config",
               Path("/etc/gitconfig")]
    parts = [repr(specs), repr(repository.log_options()), str(repository.root)]
    parts += [f"{name}={value}" for name, value in sorted(os.environ.items())
              if name.startswith("GIT_")]
    for config in configs:
        with contextlib.suppress(OSError):
            info = config.stat()
            parts.append(f"{config}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _replaces(common: Path) -> bool:
    """Whether ``git replace`` has replaced any object (a loose or a packed ref)."""
    if any((common / "refs" / "replace").glob("*")):
        return True
    with contextlib.suppress(OSError):
        return " refs/replace/" in (common / "packed-refs").read_text(encoding="utf-8",
                                                                      errors="replace")
    return False


def _stored(path: Path, key: str) -> tuple[str, str] | None:
    try:
        header, _, text = path.read_bytes().decode("utf-8", "surrogatepass").partition("\n")
        data = json.loads(header)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key or \
            not isinstance(data.get("head"), str) or data.get("digest") != _digest(text):
        return None
    return data["head"], text


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _store(path: Path, key: str, head: str, text: str) -> None:
    header = json.dumps({"key": key, "head": head, "digest": _digest(text)})
    with contextlib.suppress(JdtoolError):  # an unwritable cache is skipped
        write_atomically(path, f"{header}\n{text}".encode("utf-8", "surrogatepass"))
