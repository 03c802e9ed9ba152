"""No symbolic link among the project's own files that the build reads (red team 7, finding 1).

The build copies and renders what docs/, datapackage/, releases/ and the other inputs the stages declare
(cli.stage_files) hold. A link there (git stores links, and a pull request shows one as a one-line file) would
publish whatever it points to on the build machine: /proc/self/environ, /etc/hostname, a file outside the checkout.
So validate refuses every link among them, the declared files and folders themselves included, one line each,
naming the link and where it points, before any stage writes anything. The copying code refuses links too
(core/copying.py), in case a stage runs alone.
"""

import os
from pathlib import Path

from build_scripts.core.paths import Paths
from build_scripts.core.text import excerpt
from build_scripts.stages.validate.problem import Problem


def project_inputs(paths: Paths) -> list[Path]:
    """Every file and folder of the project that a stage reads and no stage writes, once each, in build order."""
    from build_scripts import cli

    files = cli.stage_files(paths)
    written = {path for io in files.values() for path in io["outputs"]}
    found = []
    for io in files.values():
        found += [path for path in io["inputs"] if path not in written and path not in found]
    return found


def links_under(path: Path) -> list[Path]:
    """`path` itself if it is a link, else every link in the folder `path` (not followed), sorted."""
    if path.is_symlink():
        return [path]
    if not path.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(path, followlinks=False):
        found += [Path(folder, name) for name in dirs + files if os.path.islink(os.path.join(folder, name))]
    return sorted(found)


def link_problems(paths: Paths) -> list[Problem]:
    """One problem per symbolic link among the project's inputs, naming the link and its target."""
    problems, seen = [], set()
    for path in project_inputs(paths):
        for link in links_under(path):
            if link in seen:  # docs/_overrides is declared, and in docs/
                continue
            seen.add(link)
            problems.append(Problem("symbolic_link", paths.shown(link),
                                    params={"target": excerpt(os.readlink(link), 200)}, kind="symbolic_link"))
    return problems
