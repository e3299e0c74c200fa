"""The Jinja environment of the site: built-in templates, user overrides, and clear template errors.

A user's ``templates/`` folder overrides any single built-in template; an override can still
extend the built-in one as ``{% extends "!theme/base.html" %}`` (as in Pelican).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.bccache import Bucket

from jdtool.core.facts import long_date, long_datetime
from jdtool.core.files import write_atomically
from jdtool.core.problems import JdtoolError
from jdtool.core.resources import templates_dir
from jdtool.publish.body import contact_links

THEME_PREFIX = "!theme"


class CompiledTemplates(BytecodeCache):
    """Templates compiled once, not once per build: kept for the process and, given a
    folder (in the build cache), on disk for the next ``jdtool build``.

    Jinja checks each entry against a checksum of its template's source, so an edited
    template is compiled again; an unreadable or damaged entry is compiled again too.
    """

    _memory: ClassVar[dict[str, bytes]] = {}

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._memory.get(bucket.key)
        if data is None and self.folder is not None:
            try:
                data = (self.folder / bucket.key).read_bytes()
            except OSError:
                return
        if data is None:
            return
        try:
            bucket.bytecode_from_string(data)
        except Exception:  # any damage to a cache entry only means compiling again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        self._memory[bucket.key] = data
        if self.folder is not None:
            # The cache only saves time; a read-only folder must not stop the build.
            with contextlib.suppress(JdtoolError):
                write_atomically(self.folder / bucket.key, data)


def environment(user_templates: Path | None = None, compiled: Path | None = None
                ) -> Environment:
    """Autoescaping, strict environment: user templates first, then the built-in theme;
    compiled templates kept in ``compiled`` (a folder of the build cache) if given."""
    theme = FileSystemLoader(str(templates_dir()))
    loaders: list[Any] = []
    if user_templates is not None and user_templates.is_dir():
        loaders.append(FileSystemLoader(str(user_templates)))
    loaders += [PrefixLoader({THEME_PREFIX: theme}, delimiter="/"), theme]
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      auto_reload=False, bytecode_cache=CompiledTemplates(compiled))
    env.filters["long_date"] = long_date
    env.filters["long_datetime"] = long_datetime
    env.filters["contact_links"] = contact_links
    return env


def template_files(env: Environment) -> list[Path]:
    """Every template file the environment can load, for the build cache's fingerprint."""
    files: list[Path] = []
    loader = env.loader
    assert isinstance(loader, ChoiceLoader)
    for choice in loader.loaders:
        if isinstance(choice, FileSystemLoader):
            for folder in choice.searchpath:
                files += sorted(p for p in Path(folder).rglob("*") if p.is_file()
                                and p.suffix in (".html", ".xml", ".css", ".js"))
    return files


def render(env: Environment, name: str, **values: Any) -> str:
    """Render a template; any template error becomes one line naming the template and line."""
    try:
        return env.get_template(name).render(**values)
    except TemplateSyntaxError as error:
        where = error.filename or error.name or name
        raise JdtoolError(f"{where}:{error.lineno}: template error: {error.message}") from None
    except TemplateNotFound as error:
        raise JdtoolError(f"template '{error.name}' not found (needed by {name})") from None
    except TemplateError as error:
        where = _template_frame(sys.exc_info()[2]) or name
        raise JdtoolError(f"{where}: template error: {error.message}") from None


def _template_frame(trace: TracebackType | None) -> str | None:
    """``file:line`` of the innermost template frame (Jinja rewrites tracebacks to templates)."""
    found = None
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml")):
            found = f"{filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return found


