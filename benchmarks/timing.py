"""Small timing helpers shared by the benchmarks: medians over repeated runs."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable, Sequence


def median_seconds(function: Callable[[], object], runs: int = 7, warmup: int = 1) -> float:
    """Median wall time of ``function()`` over ``runs`` runs, after ``warmup`` unmeasured runs."""
    for _ in range(warmup):
        function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def median_cpu_seconds(function: Callable[[], object], runs: int = 7) -> float:
    """Median CPU time of this process over ``runs`` runs, after one unmeasured run: what the
    work costs, steadier than wall time on a shared, loaded machine."""
    function()
    times = []
    for _ in range(runs):
        started = time.process_time()
        function()
        times.append(time.process_time() - started)
    return statistics.median(times)


def median_command_seconds(command: Sequence[str], runs: int = 7, warmup: int = 1,
                           cwd: str | None = None) -> float:
    """Median wall time of a whole process, output discarded."""
    def run() -> None:
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
    return median_seconds(run, runs=runs, warmup=warmup)


def report(name: str, seconds: float, reference: str | None = None,
           reference_seconds: float | None = None, target: str = "") -> None:
    line = f"{name:<58} {seconds * 1000:9.1f} ms"
    if reference is not None and reference_seconds:
        line += f"   ratio {seconds / reference_seconds:5.2f}x vs {reference}"
    if target:
        line += f"   (target {target})"
    print(line, flush=True)
