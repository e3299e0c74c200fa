"""Problems found in documents, and the one exception type the CLI turns into a clean error.

Every stage reports trouble as a ``Problem`` naming the file, line and column, so the CLI can
print ``path:line:col: severity CODE message`` and never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing ``typing``: ``import jdtool`` loads this module,
and ``jdtool --version`` should not pay for ``typing`` or ``pathlib``."""

if TYPE_CHECKING:
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


class UsageError(JdtoolError):
    """The command was asked for something it cannot do as given (exit status 2, like a bad
    option): options that contradict each other, no ``posts/`` folder to work on."""

    def __init__(self, message: str, *, exit_code: int = 2):
        super().__init__(message, exit_code=exit_code)


class ProblemsFound(JdtoolError):
    """The documents a command needs have problems; each names its file and line."""

    def __init__(self, problems: list[Problem], message: str, *, exit_code: int = 1):
        super().__init__(message, exit_code=exit_code)
        self.problems = problems


# Codes for problems found while reading and checking documents, and for files jdtool will not
# or cannot write. Lint rules use JD1xx and up.
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
EXISTS = "JD015"
"""A file jdtool would create is already there; it never overwrites one."""
WRITE_ERROR = "JD016"
"""A file could not be written (permissions, a full disk, a missing folder)."""
UNSUPPORTED_FILE = "JD017"
"""A file of a kind this command cannot read (a .doc given to ``import``)."""
OUTPUT_CLASH = "JD018"
"""Two inputs would be written to the same output file."""

FRONT_MATTER_CODES = frozenset({NO_FRONT_MATTER, UNTERMINATED_FRONT_MATTER, YAML_SYNTAX,
                                UNKNOWN_FIELD, INVALID_VALUE, MISSING_FIELD, UNKNOWN_KIND,
                                EMPTY_FILE})
"""The codes of problems that make a document's fields wrong (as opposed to its body's)."""
LINK_OUTSIDE = "JD019"
"""A symbolic link, met while walking a folder, to somewhere outside it: not followed."""
