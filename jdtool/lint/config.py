"""Lint settings: ``[tool.jdtool.lint]`` in ``pyproject.toml`` or ``[lint]`` in ``jdtool.toml``.

Settings: ``disable``/``enable`` (rule ids, or categories such as ``"clarity"``), ``severity``
(rule id -> error/warning/suggestion), thresholds (``max-sentence-words`` ...), ``accept``
(words and phrases never reported), ``reject`` (house vocabulary: word -> replacement),
``vocabulary`` (words the spelling rule accepts: names, the organisation's own terms), and
``[[...overrides]]`` whose ``files`` globs (relative to the configuration file) change any of
these for matching files.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jdtool.core.problems import JdtoolError, Severity
from jdtool.core.settings import find_settings, read_toml, section_of
from jdtool.lint.rules import Category, Rule

DEFAULT_OPTIONS: dict[str, Any] = {
    "max-essential-criteria": 12,
    "min-reading-ease": 30.0,
    "max-grade": 16.0,
    "max-sentence-words": 35,
    "gender-lists": "gender-decoder",
    "gender-min-masculine": 3,
    "today": None,
}
_LIST_KEYS = {"disable", "enable", "accept", "vocabulary"}
_TABLE_KEYS = {"severity", "reject"}
_GENDER_LISTS = {"gender-decoder", "gaucher", "both"}


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective settings for one file."""

    disable: frozenset[str] = frozenset()
    enable: frozenset[str] = frozenset()
    severity: tuple[tuple[str, Severity], ...] = ()
    options: tuple[tuple[str, Any], ...] = tuple(DEFAULT_OPTIONS.items())
    accept: frozenset[str] = frozenset()
    reject: tuple[tuple[str, str], ...] = ()
    vocabulary: frozenset[str] = frozenset()
    """Words the spelling rule knows and the acronym rule takes as names (lower case)."""

    def is_enabled(self, rule: Rule) -> bool:
        names = {rule.id, rule.name, str(rule.category)}
        if names & self.enable:
            return True
        return rule.enabled and not names & self.disable

    def severity_of(self, rule: Rule) -> Severity:
        return dict(self.severity).get(rule.id, rule.severity)

    def option(self, name: str) -> Any:
        return dict(self.options)[name]

    def today(self) -> dt.date:
        value = self.option("today")
        return value if isinstance(value, dt.date) else dt.date.today()

    def merged(self, data: dict[str, Any], where: str) -> Settings:
        """These settings with a configuration table's values laid over them."""
        options = dict(self.options)
        changes: dict[str, Any] = {}
        for key, value in data.items():
            if key in _LIST_KEYS:
                words = _string_list(value, key, where)
                if key == "accept":
                    changes["accept"] = self.accept | {w.lower() for w in words}
                elif key == "vocabulary":
                    changes["vocabulary"] = self.vocabulary | {w.lower() for w in words}
                elif key == "disable":
                    changes["disable"] = (changes.get("disable", self.disable) | set(words))
                    changes["enable"] = changes.get("enable", self.enable) - set(words)
                else:
                    changes["enable"] = (changes.get("enable", self.enable) | set(words))
                    changes["disable"] = changes.get("disable", self.disable) - set(words)
            elif key == "severity":
                changes["severity"] = self.severity + tuple(_severities(value, where).items())
            elif key == "reject":
                changes["reject"] = self.reject + tuple(_rejected(value, where).items())
            elif key in DEFAULT_OPTIONS:
                options[key] = _option(key, value, where)
            else:
                raise JdtoolError(f"{where}: unknown lint setting '{key}'", exit_code=2)
        return replace(self, options=tuple(options.items()), **changes)


@dataclass(frozen=True, slots=True)
class Override:
    files: tuple[str, ...]
    data: dict[str, Any]


@dataclass(slots=True)
class LintConfig:
    """The settings read from one configuration file, resolved per linted file."""

    base: Settings = field(default_factory=Settings)
    root: Path = field(default_factory=Path.cwd)
    overrides: list[Override] = field(default_factory=list)
    fail_level: Severity = Severity.ERROR
    source: Path | None = None

    def for_path(self, path: Path) -> Settings:
        settings = self.base
        if not self.overrides:
            return settings
        try:
            relative = path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            relative = path.as_posix()
        for override in self.overrides:
            if any(fnmatch.fnmatch(relative, glob) for glob in override.files):
                settings = settings.merged(override.data, f"{self.source} (override)")
        return settings


def find_config(start: Path) -> Path | None:
    """The nearest ``jdtool.toml``, or ``pyproject.toml`` with a lint table, at or above start."""
    return find_settings(start, "lint")


def config_for(path: Path | None = None, **options: Any) -> LintConfig:
    """The configuration a command uses: the file given (which must exist), else the nearest
    one above the current folder, with the command line's ``options`` laid over it."""
    if path is not None and not path.is_file():
        raise JdtoolError(f"{path}: no such configuration file", exit_code=2)
    return load_config(path or find_config(Path.cwd()), **options)


def load_config(path: Path | None, **options: Any) -> LintConfig:
    """Read the lint configuration at ``path`` (none: defaults) with CLI options laid over it."""
    config = LintConfig()
    if path is not None:
        data = section_of(path, read_toml(path), "lint") or {}
        config.root = path.parent
        config.source = path
        table = dict(data)
        overrides = table.pop("overrides", [])
        level = table.pop("fail-level", None)
        if level is not None:
            config.fail_level = _severity(level, f"{path}: fail-level")
        config.base = config.base.merged(table, str(path))
        if not isinstance(overrides, list):
            raise JdtoolError(f"{path}: 'overrides' must be a list of tables", exit_code=2)
        for index, item in enumerate(overrides):
            config.overrides.append(_override(item, f"{path}: overrides[{index}]"))
    cli = {key: value for key, value in options.items() if value is not None}
    if cli:
        config.base = config.base.merged(cli, "command line")
    return config


def _override(item: Any, where: str) -> Override:
    if not isinstance(item, dict) or "files" not in item:
        raise JdtoolError(f"{where}: an override needs 'files' (a list of globs)", exit_code=2)
    data = dict(item)
    files = _string_list(data.pop("files"), "files", where)
    Settings().merged(data, where)  # report bad keys now, not on the first matching file
    return Override(tuple(files), data)


def _string_list(value: Any, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise JdtoolError(f"{where}: '{key}' must be a list of text", exit_code=2)
    return list(value)


def _severity(value: Any, where: str) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        raise JdtoolError(f"{where}: '{value}' is not a severity; use error, warning or "
                          "suggestion", exit_code=2) from None


def _severities(value: Any, where: str) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise JdtoolError(f"{where}: 'severity' must be a table of rule = severity",
                          exit_code=2)
    return {str(rule): _severity(level, f"{where}: severity.{rule}")
            for rule, level in value.items()}


def _rejected(value: Any, where: str) -> dict[str, str]:
    if isinstance(value, list):
        return {str(word): "" for word in value}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise JdtoolError(f"{where}: 'reject' must be a table of word = replacement "
                          "(or a list of words)", exit_code=2)
    return {str(word): replacement for word, replacement in value.items()}


def _option(key: str, value: Any, where: str) -> Any:
    default = DEFAULT_OPTIONS[key]
    if key == "gender-lists":
        if value not in _GENDER_LISTS:
            raise JdtoolError(f"{where}: gender-lists must be one of "
                              f"{', '.join(sorted(_GENDER_LISTS))}", exit_code=2)
        return value
    if key == "today":
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise JdtoolError(f"{where}: today must be a date YYYY-MM-DD", exit_code=2) from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise JdtoolError(f"{where}: '{key}' must be a number", exit_code=2)
    return type(default)(value)


CATEGORIES = {str(category) for category in Category}
