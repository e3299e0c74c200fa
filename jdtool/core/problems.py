"""Problems found in documents, and the one exception type the CLI turns into a clean error.

Every stage reports trouble as a ``Problem`` naming the file, line and column, so the CLI can
print ``path:line:col: severity CODE message`` and never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one place in one file."""

    path: Path
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity} {self.code} {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
        }


class JdtoolError(Exception):
    """An error the user can act on; the CLI prints it as one line and exits non-zero."""

    def __init__(self, message: str, *, problem: Problem | None = None, exit_code: int = 1):
        super().__init__(message)
        self.problem = problem
        self.exit_code = exit_code

    @classmethod
    def from_problem(cls, problem: Problem, *, exit_code: int = 1) -> JdtoolError:
        return cls(str(problem), problem=problem, exit_code=exit_code)


# Codes for problems found while reading and checking documents. Lint rules use JD1xx and up.
READ_ERROR = "JD001"
NO_FRONT_MATTER = "JD002"
UNTERMINATED_FRONT_MATTER = "JD003"
YAML_SYNTAX = "JD004"
UNKNOWN_FIELD = "JD005"
INVALID_VALUE = "JD006"
MISSING_FIELD = "JD007"
UNKNOWN_KIND = "JD008"
EMPTY_FILE = "JD009"
DUPLICATE_DOCUMENT = "JD010"
SYMLINK_LOOP = "JD011"
BAD_CRITERION = "JD012"
BAD_SLUG = "JD013"
KIND_MISMATCH = "JD014"
LINK_OUTSIDE = "JD019"
"""A symbolic link, met while walking a folder, to somewhere outside it: not followed."""
