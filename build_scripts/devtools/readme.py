"""Keep the README's generated lists true, the way datasette keeps its docs with cog.

Three blocks of README.md are made from the code, each between two Markdown comments (invisible when shown),
`[//]: # (NAME: how it is made)` and `[//]: # (end of NAME)`:
- `stages`: the build's stages with what each reads and writes (their declarations, build_scripts/stages/);
- `commands`: every command of `python -m build_scripts` with its help (cli.parser());
- `make`: every target of the Makefile with its `## ` help, as `make help` prints it.

`python -m build_scripts.devtools.readme` (or `make readme`) rewrites them; tests/meta/test_readme.py fails when the
README differs from what this would write.
"""

import re
import sys

from build_scripts import cli
from build_scripts.core.paths import Paths

MARKERS = {
    "stages": "python -m build_scripts stages",
    "commands": "python -m build_scripts --help",
    "make": "make help",
}


def make_targets() -> list[tuple[str, str]]:
    """(target, help) for every Makefile target with a `## ` comment, in the Makefile's order."""
    text = (Paths.checkout().root / "Makefile").read_text(encoding="utf-8")
    return re.findall(r"^([a-z-]+):.*?## (.+)$", text, re.M)


def make_list() -> str:
    return "```sh\n" + "".join(f"make {target:<11} # {text}\n" for target, text in make_targets()) + "```\n"


def command_list() -> str:
    commands = next(a for a in cli.parser()._actions if a.dest == "command")  # the subcommands, as --help lists them
    helps = {choice.dest: choice.help for choice in commands._choices_actions}
    return "".join(f"- `{name}`: {helps[name]}\n" for name in commands.choices)


def blocks() -> dict[str, str]:
    return {"stages": cli.stage_list(Paths.checkout()), "commands": command_list(), "make": make_list()}


def updated(readme: str) -> str:
    """The README with every generated block as the code makes it now."""
    for name, text in blocks().items():
        start, end = f"[//]: # ({name}: {MARKERS[name]})\n", f"[//]: # (end of {name})"
        if start not in readme or end not in readme:
            raise SystemExit(f"README.md lacks the block {start.strip()} … {end}")
        before, rest = readme.split(start, 1)
        readme = before + start + text + "\n" + end + rest.split(end, 1)[1]  # a blank line ends the list
    return readme


def main() -> int:
    readme = Paths.checkout().root / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = updated(text)
    if new != text:
        readme.write_text(new, encoding="utf-8")
        print("README.md: generated blocks rewritten")
    else:
        print("README.md: generated blocks up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
