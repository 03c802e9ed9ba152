"""Write requirements.in, the input of the lock file, from pyproject.toml (`make lock` runs this).

Reads  pyproject.toml: [project] dependencies and the `dev` extra (one list of what the project needs)
Writes requirements.in to stdout

The lock file is requirements.txt, compiled from requirements.in by `uv pip compile --generate-hashes`
(`make lock`); `make setup` installs it with `pip install --require-hashes`. The pair `requirements.in` →
`requirements.txt` is the layout Dependabot's pip ecosystem recognises as compiled (pip-compile / uv), so
Dependabot's pull requests update the pins and their hashes together.
"""

import tomllib

from build_scripts.core.paths import Paths

HEADER = ("# Generated from pyproject.toml by `make lock` (python -m build_scripts.devtools.lockfile); do not edit:\n"
          "# change pyproject.toml, then run `make lock`. The lock with hashes is requirements.txt.\n")


def requirements_in() -> str:
    project = tomllib.loads((Paths.checkout().root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needs = project["dependencies"] + project["optional-dependencies"]["dev"]
    return HEADER + "".join(f"{line}\n" for line in needs)


if __name__ == "__main__":
    print(requirements_in(), end="")
