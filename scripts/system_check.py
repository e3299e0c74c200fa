"""Check the system libraries WeasyPrint needs, and say exactly what to install if missing."""

from __future__ import annotations

import ctypes.util
import sys

REQUIRED = {
    "pango-1.0": "libpango-1.0-0",
    "pangoft2-1.0": "libpangoft2-1.0-0",
    "harfbuzz": "libharfbuzz0b",
}
RECOMMENDED = {"harfbuzz-subset": "libharfbuzz-subset0"}


def missing(libraries: dict[str, str]) -> list[str]:
    return [package for name, package in libraries.items()
            if ctypes.util.find_library(name) is None]


def main() -> int:
    required = missing(REQUIRED)
    if required:
        print("jdtool: PDF output needs Pango. Install it with:\n"
              f"    sudo apt-get install {' '.join(required)}\n"
              "(macOS: brew install pango)", file=sys.stderr)
        return 1
    recommended = missing(RECOMMENDED)
    if recommended:
        print("jdtool: note: PDFs build about 3x faster with HarfBuzz subsetting:\n"
              f"    sudo apt-get install {' '.join(recommended)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
