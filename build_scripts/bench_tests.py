"""Benchmark of the test suite: how long `make test`'s pytest run takes on this machine (not a test).

Runs `pytest -n auto` (the site must be built; `make bench-tests` builds it first) and prints
the wall time, the cores, and the load average before and after, since other work on the machine slows it.
"""

import os
import resource
import subprocess
import sys
import time


def main() -> int:
    load_before = os.getloadavg()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "auto",
                             *sys.argv[1:]])
    seconds = time.perf_counter() - start
    load_after = os.getloadavg()
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    print(f"[bench-tests] pytest -n auto: {seconds:.0f} s wall ({seconds / 60:.1f} min) on {os.cpu_count()} cores; "
          f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f}; CPU time of the test processes "
          f"{cpu:.0f} s, i.e. at least {cpu / (os.cpu_count() or 1) / 60:.1f} min on an idle machine (exit {result.returncode})")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
