"""The one entry point: `python -m build_scripts COMMAND`.

The build's stages and their order are declared here, in STAGES, and nowhere
else. Each stage is a module with a `run()` that returns a one-line summary;
`build` runs them all in order, and every stage can also be run alone.

Only one command that writes build/ or site/ runs at a time in a checkout: they
hold a lock file, build/.build.lock (released by the system when the process
ends, even if it is killed). A second one stops at once with a clear message.
"""

import argparse
import sys
import time
from pathlib import Path

from filelock import FileLock, Timeout

from build_scripts.commands import aggregate, import_reference, releases, submission
from build_scripts.core import paths
from build_scripts.stages.charts import stage as charts
from build_scripts.stages.derive import schema as derived_schema
from build_scripts.stages.derive import stage as derive
from build_scripts.stages.downloads import stage as downloads
from build_scripts.stages.pages import stage as pages
from build_scripts.stages.site import stage as site
from build_scripts.stages.validate import stage as validate

STAGES = {
    "validate": validate.run,
    "derive": derive.run,
    "charts": charts.run,
    "downloads": downloads.run,
    "pages": pages.run,
    "site": site.run,
}


def missing_input(name: str) -> str | None:
    """One line naming the first input of stage `name` that is missing and the stage that writes it, or None."""
    files = paths.stage_files()
    for path in files[name]["inputs"]:
        if not path.exists():
            shown = path.relative_to(paths.ROOT).as_posix() if path.is_relative_to(paths.ROOT) else str(path)
            writer = next((stage for stage, io in files.items() if path in io["outputs"]), None)
            if writer is None:
                return f"{name} needs {shown}, which is missing: restore it (e.g. `git checkout -- {shown}`)."
            return f"{name} needs {shown}: run `python -m build_scripts {writer}` first (or `build`)."
    return None


def run_stage(name: str) -> float:
    print(f"[{name}] …", flush=True)
    start = time.perf_counter()
    summary = STAGES[name]()
    seconds = time.perf_counter() - start
    print(f"[{name}] {summary} ({seconds:.2f} s)", flush=True)
    return seconds


# Commands that write build/ or site/, and so must not run twice at once in one checkout.
LOCKED_COMMANDS = {"build", "release", *STAGES}


def build_lock() -> FileLock:
    from build_scripts.core import paths

    paths.BUILD_DIR.mkdir(exist_ok=True)
    return FileLock(paths.BUILD_DIR / ".build.lock", timeout=0)


ANOTHER_BUILD = ("Et andet byggeri kører allerede i denne mappe (låsefil build/.build.lock). Vent, til det er færdigt, "
                 "og prøv igen. / Another build is running in this checkout (lock file build/.build.lock). "
                 "Wait for it to finish and try again.")


def build() -> dict[str, float]:
    for line in site.recover():
        print(f"[build] {line}", flush=True)
    timings = {}
    for name in STAGES:
        timings[name] = run_stage(name)
    print(f"[build] done in {sum(timings.values()):.2f} s; the site is in site/")
    return timings


def release(version: str) -> int:
    """Set the version in datapackage.json, CITATION.cff and CHANGELOG.md, build, and freeze releases/vX.Y.Z/."""
    from build_scripts.commands import releases

    print(releases.release(version, build))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="run every stage in order: " + " → ".join(STAGES))
    for name, func in STAGES.items():
        stage = sub.add_parser(name, help=sys.modules[func.__module__].__doc__.splitlines()[0])
        if name == "validate":
            stage.add_argument("--package", type=Path, default=None,
                               help="validate another copy of datapackage.json (default: datapackage/datapackage.json)")
    sub.add_parser("import-reference", help="copy ../shared/reference and ../shared/sources into datapackage/ (maintainers)")
    sub.add_parser("zenodo", help="write .zenodo.json from datapackage.json (maintainers, after changing it)")
    check = sub.add_parser("check-submission", help="check municipalities' submission files (CSV or XLSX)")
    check.add_argument("files", nargs="+", type=Path)
    agg = sub.add_parser("aggregate", help="compute the report's statistics from submission files")
    agg.add_argument("files", nargs="+", type=Path)
    agg.add_argument("--out", type=Path, required=True, help="folder for the aggregate data package")
    agg.add_argument("--population-date", default=aggregate.DEFAULT_POPULATION_DATE,
                     help="date of the population figures (1 January 2019-2023; default %(default)s)")
    rel = sub.add_parser("release", help="set the version, build and freeze the downloads in releases/vX.Y.Z/ (maintainers)")
    rel.add_argument("--version", required=True, help="the version to release, X.Y.Z (e.g. 1.0.2)")
    dd = sub.add_parser("datadiff", help="the package's tables and pages compared with a git ref (pull requests)")
    dd.add_argument("--base", required=True, help="git ref to compare with, e.g. origin/main")
    dd.add_argument("--summary", type=Path, help="append the Markdown summary here (e.g. $GITHUB_STEP_SUMMARY)")
    dd.add_argument("--report", type=Path, help="write the full report here (Markdown)")
    dd.add_argument("--pages", action="store_true", help="also build the base and list the pages whose text changed")
    tpl = sub.add_parser("submission-template", help="write the submission template (CSV and XLSX)")
    tpl.add_argument("--out", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    problem = argument_problem(args)
    if problem:  # one line, before anything is read or written
        print(problem)
        return 1
    if args.command not in LOCKED_COMMANDS or getattr(args, "package", None):  # validating another copy writes nothing
        return _dispatch(args)
    problem = missing_input(args.command) if args.command in STAGES else None
    if problem:  # before the lock, so a stage that cannot run writes nothing, not even build/
        print(problem)
        return 1
    try:
        with build_lock():  # raises Timeout at once if another build holds it
            return _dispatch(args)
    except Timeout:
        print(ANOTHER_BUILD)
        return 1


def argument_problem(args) -> str | None:
    """The one line about a path argument that cannot be used (commands/arguments.py), or None."""
    from build_scripts.commands import arguments
    from build_scripts.stages.validate import jsonfile

    if args.command == "validate" and args.package:
        return arguments.input_file(args.package, "--package", jsonfile.MAX_BYTES)
    if args.command == "datadiff":
        return ((args.summary and arguments.output_file(args.summary, "--summary"))
                or (args.report and arguments.output_file(args.report, "--report", create_folders=True)) or None)
    if args.command == "submission-template":
        return arguments.output_folder(args.out, "--out")
    return None


def _dispatch(args) -> int:
    try:
        if args.command == "build":
            build()
        elif args.command == "validate" and args.package:
            print(validate.run(args.package))
        elif args.command == "import-reference":
            import_reference.run()
        elif args.command == "zenodo":
            from build_scripts.core import package, paths
            from build_scripts.stages.downloads import metadata

            paths.ZENODO_JSON.write_text(metadata.zenodo_json(package.descriptor()), encoding="utf-8")
            print(f"wrote {paths.ZENODO_JSON.name}")
        elif args.command == "release":
            return release(args.version)
        elif args.command == "check-submission":
            return submission.run_check(args.files)
        elif args.command == "aggregate":
            return aggregate.run(args.files, args.out, args.population_date)
        elif args.command == "datadiff":
            from build_scripts.commands import datadiff

            try:
                return datadiff.run(args.base, args.summary, args.report, args.pages)
            except datadiff.DiffFailed as err:
                print(err)
                return 1
        elif args.command == "submission-template":
            for path in submission.write_template(args.out):
                print(f"wrote {path}")
        else:
            run_stage(args.command)
    except validate.ValidationFailed:
        if args.command != "validate":
            print("Byggeriet er stoppet; intet er udgivet. / The build stopped; nothing was published.")
        return 1
    except derived_schema.UndescribedColumn as err:
        print(f"{err}\nByggeriet er stoppet; intet er udgivet. / The build stopped; nothing was published.")
        return 1
    except releases.ReleaseChanged as err:
        print(f"{err}\nByggeriet er stoppet; intet er udgivet. / The build stopped; nothing was published.")
        return 1
    except pages.MissingProse as err:
        print(f"{err}\nByggeriet er stoppet; intet er udgivet. / The build stopped; nothing was published.")
        return 1
    except site.BuildFailed as err:
        print(f"{err}\nByggeriet er stoppet; site/ er uændret. / The build stopped; site/ is unchanged.")
        return 1
    return 0
