"""The ``jdtool`` command line: a thin typer layer over the library.

Each command lives in its own module and imports the library only when it runs, and the
typer application is built only when a command needs it, so that ``jdtool --help`` and
``jdtool --version`` start quickly. The hot commands (``check``, ``diff``, ``log``, git's
diff driver) in the plain forms scripts and git use run without typer at all
(``jdtool.cli.hot``), and so do ``build`` (``jdtool.cli.building``) and ``lint``
(``jdtool.cli.lint_command``).
"""

from __future__ import annotations

import os
import sys

from jdtool.version import __version__


def main() -> None:
    """Entry point of the ``jdtool`` console script."""
    if sys.argv[1:] == ["--version"]:
        print(f"jdtool {__version__}")
        return
    try:
        from jdtool.cli.hot import fast_path

        status = fast_path(sys.argv[1:])
        if status is None and sys.argv[1:2] == ["build"]:
            from jdtool.cli.building import fast_build

            status = fast_build(sys.argv[2:])
        elif status is None and sys.argv[1:2] == ["lint"]:
            from jdtool.cli.lint_command import fast_lint

            status = fast_lint(sys.argv[2:])
        if status is not None:
            sys.stdout.flush()
            sys.exit(status)
        from jdtool.cli.app import app

        app()
    except KeyboardInterrupt:
        print("jdtool: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as error:  # a bug: one line, never a traceback, unless asked for
        if os.environ.get("JDTOOL_DEBUG"):
            raise
        print(f"jdtool: internal error: {type(error).__name__}: {error} "
              "(set JDTOOL_DEBUG=1 for details)", file=sys.stderr)
        sys.exit(2)
