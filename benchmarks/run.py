"""Run every benchmark in this folder (``bench_*.py``) and print its figures.

Each benchmark module has a ``main()`` that prints medians over several runs and ratios
against a reference measured in the same run. ``make bench`` runs this file;
``python benchmarks/run.py diff`` runs only the benchmarks whose name contains ``diff``.
"""

from __future__ import annotations

import compileall
import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def compile_package() -> None:
    """Byte-compile jdtool, as pip does when it installs a package. The whole-command figures
    are what a user of an installed jdtool waits for; where ``PYTHONDONTWRITEBYTECODE`` is set
    (as on this project's machines), an uncompiled checkout would compile every module it
    imports on every start, about a quarter of a second that no installed copy pays."""
    compileall.compile_dir(HERE.parent / "jdtool", quiet=1)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE))
    compile_package()
    wanted = argv[1:]
    for path in sorted(HERE.glob("bench_*.py")):
        if wanted and not any(word in path.stem for word in wanted):
            continue
        print(f"\n=== {path.stem} ===", flush=True)
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        started = time.perf_counter()
        module.main()
        print(f"({path.stem} took {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
