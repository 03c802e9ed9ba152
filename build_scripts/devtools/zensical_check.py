"""Forward-compatibility check: build the same mkdocs.yml with Zensical.

Reads  mkdocs.yml and build/docs/ (run `make build` or the pages stage first).
Writes build/zensical.yml (mkdocs.yml with its folders made relative to build/,
       site_dir pointed at build/zensical-site/ and the theme's words written in,
       as the MkDocs hook puts them) and build/zensical-site/.
Prints how Zensical's output differs from site/ (pages only in one of them).
Exit 1 if Zensical fails or builds no home page.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from build_scripts.core.paths import Paths
from build_scripts.stages.site import theme_words

OUT_NAME = "zensical-site"  # under build/


def config_text(paths: Paths) -> str:
    text = paths.mkdocs_yml.read_text(encoding="utf-8")
    # Paths relative to build/, where the config is written (Zensical rejects absolute ones).
    for key, value in (("docs_dir", "docs"), ("site_dir", OUT_NAME), ("custom_dir", "../docs/_overrides")):
        text, n = re.subn(rf"^(\s*){key}: .*$", rf"\g<1>{key}: {value}", text, flags=re.M)
        assert n == 1, f"mkdocs.yml has no single {key}"
    # Zensical runs no MkDocs hooks: the theme's words (build_scripts/stages/site/theme_words.py) are written in.
    config = theme_words.into_yaml(yaml.safe_load(text))
    config.pop("hooks", None)
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def pages(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}


def main(paths: Paths | None = None) -> int:
    """Build the project's mkdocs.yml (the checkout's, or that of `paths`) with Zensical, beside MkDocs' site/."""
    paths = paths or Paths.checkout()
    out = paths.build_dir / OUT_NAME
    config = paths.build_dir / "zensical.yml"
    config.write_text(config_text(paths), encoding="utf-8")
    zensical = Path(sys.executable).parent / "zensical"
    # Run from build/, with the project on the import path for our Markdown extension (build_scripts.stages.site.md_tables).
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(paths.root), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([str(zensical), "build", "--clean", "-f", str(config)], cwd=paths.build_dir,
                            capture_output=True, text=True, env=env)
    print(result.stdout + result.stderr)
    if result.returncode != 0 or not (out / "index.html").exists():
        print("Zensical could not build the site from mkdocs.yml")
        return 1
    zen, mk = pages(out), pages(paths.site_dir) if paths.site_dir.exists() else set()
    print(f"Zensical built {len(zen)} HTML pages; MkDocs built {len(mk)}.")
    for name in sorted(mk - zen):
        print(f"  only in MkDocs' build: {name}")
    for name in sorted(zen - mk):
        print(f"  only in Zensical's build: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
