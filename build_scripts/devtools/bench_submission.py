"""Benchmark: validating and aggregating synthetic submissions of growing size.

Writes synthetic CSVs of 3,000, 30,000 and 300,000 rows to a scratch folder
(never published; 300,000 rows is about 39 MB, inside the standard's maxBytes,
which refuses a larger file before reading it; BENCH_SIZES=… chooses other
sizes, and a size over the limit is skipped with a note) and, each in a fresh
process, times and measures the peak
memory of (a) plain `frictionless validate` of the submission package with that
file, (b) our check (frictionless + the project's rules) and (c) aggregation.
Prints numbers; asserts nothing. Targets: time grows linearly (10 × the rows
within 12 × the time) and check + aggregate ≤ 1.5 × plain frictionless.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from build_scripts.core.paths import Paths

SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "3000,30000,300000").split(",")]

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, path, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
start = time.perf_counter()
if mode == "frictionless":
    from frictionless import Package
    ok = Package(str(path)).validate().valid
elif mode == "check":
    from build_scripts.commands import submission
    from build_scripts.core.paths import Paths
    ok = submission.check_files(Paths.checkout(), [path]) == []
else:
    from build_scripts.commands import aggregate
    from build_scripts.core.paths import Paths
    aggregate.aggregate(Paths.checkout(), [path], out)
    ok = True
print(json.dumps({"ok": ok, "seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(mode: str, target: Path, out: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, mode, str(target), str(out)], cwd=Paths.checkout().root,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    from build_scripts.commands import submission
    from build_scripts.devtools import synthetic

    paths = Paths.checkout()

    print(f"{'rows':>10}{'frictionless s':>16}{'check s':>10}{'aggregate s':>13}{'check+agg / fl':>16}"
          f"{'fl MB':>8}{'check MB':>10}{'agg MB':>8}")
    previous = None
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for rows in SIZES:
            work = tmp / str(rows)
            work.mkdir()
            csv = synthetic.write_csv(synthetic.submission_frame(paths, rows, seed=rows), work / "submission.csv")
            if csv.stat().st_size > submission.max_bytes(paths):
                print(f"{rows:>10}  skipped: {csv.stat().st_size:,} bytes is over the standard's maxBytes "
                      f"({submission.max_bytes(paths):,}); the check refuses such a file before reading it")
                previous = None
                continue
            descriptor = json.loads(paths.submission_json.read_text(encoding="utf-8"))
            descriptor["resources"][0]["path"] = "submission.csv"
            (work / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
            (work / "municipalities.csv").write_bytes((paths.submission_dir / "municipalities.csv").read_bytes())
            fl = measure("frictionless", work / "datapackage.json", work)
            check = measure("check", csv, work)
            agg = measure("aggregate", csv, work / "out")
            ratio = (check["seconds"] + agg["seconds"]) / fl["seconds"]
            print(f"{rows:>10}{fl['seconds']:>16.2f}{check['seconds']:>10.2f}{agg['seconds']:>13.2f}{ratio:>16.2f}"
                  f"{fl['peak_mb']:>8.0f}{check['peak_mb']:>10.0f}{agg['peak_mb']:>8.0f}")
            if previous:
                growth = (check["seconds"] + agg["seconds"]) / previous
                print(f"{'':>10}10 × rows → {growth:.1f} × time for check + aggregate (target ≤ 12)")
            previous = check["seconds"] + agg["seconds"]
    return 0


if __name__ == "__main__":
    sys.exit(main())
