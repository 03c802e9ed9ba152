"""The one entry point: `python -m build_scripts COMMAND`.

The build's stages and their order are declared here, in STAGES, and nowhere else. Each stage is a folder,
build_scripts/stages/<name>/, whose package declares what it reads (`inputs(paths)`), what it writes
(`outputs(paths)`) and runs it (`run(paths)`, a one-line summary), each for the project folder `paths`
(core/paths.py: the checkout, or `--root DIR`). `build` runs them in order and skips a stage whose inputs and code
are unchanged since its last success (core/freshness.py; `--force` runs every stage); every stage can also run
alone. Before a stage runs, its outputs are cleared, so nothing an earlier build left behind survives.

Only one command that writes build/ or site/ runs at a time in a checkout: they hold a lock file,
build/.build.lock (released by the system when the process ends, even if it is killed). A second one stops at
once with a clear message.

Heavy libraries (pandas, Altair, MkDocs) are imported only by the stage or command that needs them, so that
`--help` and a build with nothing to do stay fast.
"""

import argparse
import shutil
import sys
import time
from pathlib import Path

from filelock import FileLock, Timeout

from build_scripts import commands
from build_scripts.core import freshness
from build_scripts.core.errors import BuildStopped
from build_scripts.core.lang import Phrase, say
from build_scripts.core.paths import Paths
from build_scripts.core.text import shown_path
from build_scripts.stages import charts, derive, downloads, pages, site, validate

STAGES = {stage.__name__.rsplit(".", 1)[1]: stage for stage in (validate, derive, charts, downloads, pages, site)}


def stage_files(paths: Paths) -> dict[str, dict[str, list[Path]]]:
    """The files and folders each stage reads and writes, in build order, as the stages declare them."""
    return {name: {"inputs": stage.inputs(paths), "outputs": stage.outputs(paths)} for name, stage in STAGES.items()}


def stage_list(paths: Paths) -> str:
    """The README's list of stages (Markdown), made from the stages' declarations; a test keeps the README true."""
    lines = []
    for name, stage in STAGES.items():
        reads = ", ".join(f"`{paths.shown(p)}`" for p in stage.inputs(paths))
        writes = ", ".join(f"`{paths.shown(p)}`" for p in stage.outputs(paths)) or "nothing"
        lines.append(f"- **{name}**: {stage.__doc__.splitlines()[0].split(': ', 1)[1]}\n"
                     f"  Reads {reads}; writes {writes}.")
    return "\n".join(lines) + "\n"


# How a file changed since a stage last ran (freshness.why_stale), as the language files say it.
CHANGES = {"removed": "file_removed", "added": "file_added", "edited": "file_edited"}


def missing_input(paths: Paths, name: str) -> str | None:
    """One line naming why stage `name` cannot run alone, or None: an input that is missing, or the earliest stage
    whose output it needs (itself, or through the stages between) is not as that stage last wrote it, with the file
    that is missing or changed (freshness.why_stale) and the stage to run."""
    files = stage_files(paths)
    found = _stale_input(paths, files, name, set(), freshness.code_digest())
    if found is None:
        return None
    path, writer, now = found
    if writer is None:
        return say("input_missing", stage=name, path=paths.shown(path))
    io = files[writer]
    reason, changed, change = freshness.why_stale(paths, writer, io["inputs"], io["outputs"], now)
    if reason == "output":
        return say("stale_output", stage=name, path=changed, writer=writer, change=Phrase(CHANGES[change]))
    if reason == "input":
        return say("stale_input", stage=name, path=changed, writer=writer, change=Phrase(CHANGES[change]))
    if reason == "code":
        return say("stale_code", stage=name, path=paths.shown(path), writer=writer)
    return say("run_first", stage=name, path=paths.shown(path), writer=writer)


def missing_sources(paths: Paths, files: dict, name: str) -> list[Path]:
    """The inputs of stage `name` that no stage writes (the project's own files) and that are missing; releases/ may
    be (paths.optional_inputs: a new project has none). `files` is stage_files(paths)."""
    written = {path for io in files.values() for path in io["outputs"]}
    return [path for path in files[name]["inputs"]
            if path not in written and path not in paths.optional_inputs and not path.exists()]


def _stale_input(paths: Paths, files: dict, name: str, seen: set, code: str) -> tuple[Path, str | None, dict | None] | None:
    """(the input, None, None) for a missing input that no stage writes; (the output it needs, the stage that writes
    it, that stage's freshness.state()) for the earliest stage, through those it needs, that is not fresh; or None.
    Stages are asked once each, and each stage's files and the code (`code`) are checksummed once: why_stale reads
    the state found here."""
    missing = missing_sources(paths, files, name)
    if missing:
        return missing[0], None, None
    for path in files[name]["inputs"]:
        writer = next((stage for stage, io in files.items() if path in io["outputs"]), None)
        if writer is None or writer in seen:
            continue
        seen.add(writer)
        now = freshness.state(paths, files[writer]["inputs"], files[writer]["outputs"], code)
        if not freshness.fresh(paths, writer, now):
            return _stale_input(paths, files, writer, seen, code) or (path, writer, now)
    return None


def clear(paths: Paths, stage) -> None:
    """Remove what the stage wrote last time, unless it replaces its output whole in one rename (site/)."""
    if getattr(stage, "REPLACED_ATOMICALLY", False):
        return
    for path in stage.outputs(paths):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def run_stage(paths: Paths, name: str, force: bool = True) -> float:
    """Run one stage (cleared first), or skip it when it is fresh and not forced; returns the seconds it took."""
    stage = STAGES[name]
    start = time.perf_counter()
    forget_cached_reads()  # what an earlier stage read is read again, as this stage's fingerprint sees it now
    inputs = freshness.fingerprint(paths, stage.inputs(paths))
    if not force and freshness.is_fresh(paths, name, inputs, stage.outputs(paths)):
        print(f"[{name}] unchanged since its last run: skipped ({time.perf_counter() - start:.2f} s)", flush=True)
        return time.perf_counter() - start
    print(f"[{name}] …", flush=True)
    freshness.forget(paths, name)
    clear(paths, stage)
    summary = stage.run(paths)
    read = freshness.files(stage.inputs(paths), paths.root)
    if freshness.fingerprint_of(read) == inputs:
        freshness.record(paths, name, read, stage.outputs(paths))
    else:  # an input changed while the stage ran: what it wrote may not match it, so it runs again next time
        print(f"[{name}] {say('changed_while_running')}", flush=True)
    seconds = time.perf_counter() - start
    print(f"[{name}] {summary} ({seconds:.2f} s)", flush=True)
    return seconds


def forget_cached_reads() -> None:
    """Empty every cache of the build's modules (functools.cache) that holds what a function read from a file:
    mkdocs.yml's settings, the languages, the checks. Each stage reads its inputs as they are when it starts."""
    for module in [m for name, m in sys.modules.items() if name.startswith("build_scripts.")]:
        for value in list(vars(module).values()):
            # Asked of the type: an object that answers every attribute (an rdflib namespace) is no cache.
            if hasattr(type(value), "cache_clear") and getattr(value, "__module__", None) == module.__name__:
                value.cache_clear()


# Commands that write build/ or site/, and so must not run twice at once in one checkout.
LOCKED_COMMANDS = {"build", "release", *STAGES}


def build_lock(paths: Paths) -> FileLock:
    paths.build_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(paths.build_dir / ".build.lock", timeout=0)


def build(paths: Paths, force: bool = False) -> dict[str, float]:
    from build_scripts.stages.site import stage as site_stage

    if force:  # every stage runs, and none reuses what its cache kept (the charts' rendered images)
        shutil.rmtree(paths.cache_dir, ignore_errors=True)
    for line in site_stage.recover(paths):
        print(f"[build] {line}", flush=True)
    timings = {}
    for name in STAGES:
        timings[name] = run_stage(paths, name, force=force)
    print(f"[build] done in {sum(timings.values()):.2f} s; the site is in site/")
    return timings


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None, metavar="DIR",
                        help="the project folder to work on (default: the checkout this code is in)")
    sub = parser.add_subparsers(dest="command", required=True)
    everything = sub.add_parser("build", help="run the stages in order, skipping those whose inputs and code are "
                                "unchanged: " + " → ".join(STAGES))
    everything.add_argument("--force", action="store_true", help="run every stage, also those whose inputs are unchanged")
    for name, stage in STAGES.items():
        one = sub.add_parser(name, help=stage.__doc__.splitlines()[0].split(": ", 1)[1])
        if name == "validate":
            one.add_argument("--package", type=Path, default=None,
                             help="validate another copy of datapackage.json (default: datapackage/datapackage.json)")
    sub.add_parser("stages", help="list the stages with what each reads and writes (the README's list)")
    sub.add_parser("import-reference", help="copy ../shared/reference and ../shared/sources into datapackage/ (maintainers)")
    sub.add_parser("zenodo", help="write .zenodo.json and CITATION.cff's authors and keywords from datapackage.json "
                                  "(maintainers, after changing it)")
    check = sub.add_parser("check-submission", help="check municipalities' submission files (CSV or XLSX)")
    check.add_argument("files", nargs="+", type=Path)
    agg = sub.add_parser("aggregate", help="compute the report's statistics from submission files")
    agg.add_argument("files", nargs="+", type=Path)
    agg.add_argument("--out", type=Path, required=True, help="folder for the aggregate data package")
    agg.add_argument("--population-date", default=commands.DEFAULT_POPULATION_DATE,
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
    return parser


def main(argv: list[str] | None = None) -> int:
    tolerant_output()
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C: one line, no traceback; a stage stopped half-way has no stamp
        print(say("interrupted"))
        return 130


def tolerant_output() -> None:
    """Print whatever the console's encoding: a character it cannot write ('→' in --help, 'ø' in a Danish message,
    a submission's own value) is written as an escape ('\\u2192', '\\xf8') instead of stopping the command with a
    UnicodeEncodeError. Windows writes cp1252 to a file or a pipe (`check-submission x.csv > report.txt`); the
    encoding itself is kept, so the report stays readable in the editor that opens it."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # not on a replaced stream (None, a StringIO)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _main(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    args.paths = Paths(args.root) if args.root else Paths.checkout()
    problem = argument_problem(args)
    if problem:  # one line, before anything is read or written
        print(problem)
        return 1
    if args.command not in LOCKED_COMMANDS or getattr(args, "package", None):  # validating another copy writes nothing
        return _stopped_or(args)
    problem = missing_input(args.paths, args.command) if args.command in STAGES else None
    if problem:  # before the lock, so a stage that cannot run writes nothing, not even build/
        print(problem)
        return 1
    try:
        with build_lock(args.paths):  # raises Timeout at once if another build holds it
            return _stopped_or(args)
    except Timeout:
        print(say("another_build"))
        return 1


def _stopped_or(args) -> int:
    """Run the command; a BuildStopped prints its text and closing line (not for `validate` itself) and gives 1."""
    try:
        return _dispatch(args)
    except BuildStopped as err:
        if str(err):
            print(err)
        if args.command != "validate":
            print(say(err.closing))
        return 1


def _is_project(root: Path) -> bool:
    """Whether `root` holds a data package; a name too long or a folder that cannot be read is none (red team 54,
    finding 6: Path.is_file() raises those)."""
    try:
        return (root / "datapackage" / "datapackage.json").is_file()
    except OSError:
        return False


def argument_problem(args) -> str | None:
    """The one line about a path argument that cannot be used (commands/arguments.py), or None."""
    from build_scripts.commands import arguments
    from build_scripts.stages.validate import jsonfile

    if args.root and not _is_project(args.root):
        return say("not_a_project", path=shown_path(args.root))
    if args.command == "validate" and args.package:
        return arguments.input_file(args.package, "--package", jsonfile.MAX_BYTES)
    if args.command == "datadiff":
        root = args.paths.root
        return ((args.summary and (arguments.project_file(args.summary, "--summary", root)
                                   or arguments.output_file(args.summary, "--summary")))
                or (args.report and (arguments.project_file(args.report, "--report", root)
                                     or arguments.output_file(args.report, "--report", create_folders=True))) or None)
    if args.command == "submission-template":
        from build_scripts.commands import submission

        return arguments.output_folder(args.out, "--out") or (
            submission.template_target_problem(args.out) if args.out.is_dir() else None)
    return None


def _dispatch(args) -> int:
    if args.command == "build":
        build(args.paths, force=args.force)
    elif args.command in STAGES and not getattr(args, "package", None):
        run_stage(args.paths, args.command)
    elif args.command == "validate":
        from build_scripts.stages.validate import stage

        print(stage.run(args.paths, args.package))
    elif args.command == "stages":
        print(stage_list(args.paths), end="")
    elif args.command == "release":
        from build_scripts.commands import releases

        print(releases.release(args.paths, args.version, build))
    else:
        return _maintainer_command(args)
    return 0


def _maintainer_command(args) -> int:
    if args.command == "import-reference":
        from build_scripts.commands import import_reference

        return import_reference.run(args.paths)
    elif args.command == "zenodo":
        from build_scripts.commands import releases
        from build_scripts.stages.validate import stage

        stage.require_valid(args.paths)  # what validate refuses is not written into .zenodo.json and CITATION.cff
        changed = releases.write_citation_metadata(args.paths)
        print(f"wrote {', '.join(changed)}" if changed else ".zenodo.json and CITATION.cff are up to date")
    elif args.command == "check-submission":
        from build_scripts.commands import submission

        return submission.run_check(args.paths, args.files)
    elif args.command == "aggregate":
        from build_scripts.commands import aggregate

        return aggregate.run(args.paths, args.files, args.out, args.population_date)
    elif args.command == "datadiff":
        from build_scripts.commands import datadiff

        try:
            return datadiff.run(args.paths, args.base, args.summary, args.report, args.pages)
        except datadiff.DiffFailed as err:
            print(err)
            return 1
    elif args.command == "submission-template":
        from build_scripts.commands import submission

        try:
            written = submission.write_template(args.paths, args.out)
        except OSError as err:  # a write the arguments' check could not foresee (a full disk, a kernel folder)
            print(say("template_cannot_write", out=shown_path(args.out), reason=err.strerror or err))
            return 1
        for path in written:
            print(f"wrote {shown_path(path)}")
    return 0
