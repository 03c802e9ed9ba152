"""Benchmark of the test suite (not a test): how long `make test`'s pytest run takes on this machine, and then
the recipe plays of `make test-recipes`, one after the other.

Each run is `pytest -n auto -m MARKERS` (the tests build the project themselves, in a temporary folder). For each
it prints the wall time, the cores, the load average before and after, and the CPU time the whole machine spent
during the run (from /proc/stat, so the browsers count too), since other work on the machine slows it. Extra
arguments go to both pytest runs.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

from build_scripts.devtools import chromium

PROC_STAT = Path("/proc/stat")


def busy_seconds() -> float | None:
    """CPU seconds the machine has spent on anything but idling and waiting since boot (Linux), else None."""
    if not PROC_STAT.exists():
        return None
    user, nice, system, idle, iowait, irq, softirq, steal = map(int, PROC_STAT.read_text().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def timed_run(markers: str) -> int:
    load_before = os.getloadavg()
    busy_before = busy_seconds()
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "auto",
                             "-m", markers, *sys.argv[1:]])
    seconds = time.perf_counter() - start
    load_after = os.getloadavg()
    cores = os.cpu_count() or 1
    busy = "" if busy_before is None else (
        f"; the machine was busy {busy_seconds() - busy_before:.0f} CPU-s of {seconds * cores:.0f}")
    print(f"[bench-tests] pytest -n auto -m '{markers}': {seconds:.0f} s wall ({seconds / 60:.1f} min) on {cores} "
          f"cores; load average before {load_before[0]:.1f}, after {load_after[0]:.1f}{busy}; browser "
          f"{chromium.executable(headless_shell=True)} (exit {result.returncode})", flush=True)
    return result.returncode


def main() -> int:
    return timed_run("not recipe") or timed_run("recipe")  # make test, then make test-recipes


if __name__ == "__main__":
    sys.exit(main())
