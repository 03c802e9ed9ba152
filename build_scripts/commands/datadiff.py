"""The data diff of a pull request: what changed in the package's tables, cell by cell, and which pages changed.

Reads  datapackage/datapackage.json and its CSV files at a base git ref (`git show REF:path`) and in the
       working tree; with --pages also the pages built from both (build/docs/, build/docs-en/ of the working
       tree, which must be built, and of the base, built here in a temporary copy made by `git archive`)
Writes Markdown: a short summary (per table rows added, removed and changed, with old → new values, at most
       MAX_SUMMARY_ROWS per table) to --summary (appended, e.g. $GITHUB_STEP_SUMMARY) or stdout, and the
       full report to --report

    python -m build_scripts datadiff --base origin/main [--pages] [--summary FILE] [--report FILE]

Tables are compared with daff (the tabular diff library behind `daff diff`), matching rows by the table's
primary key, so a changed figure shows as one changed row, not as a removed and an added one. Cells are
compared as the text in the CSV file: `1.0` and `1` differ, as they do in the file a reviewer sees.
"""

import csv
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import daff

from build_scripts.core.lang import languages
from build_scripts.core.paths import Paths
from build_scripts.core.text import printable

MAX_SUMMARY_ROWS = 30
# Sizes and checksums of downloads change with any byte; a page whose only change is those is not listed.
_VOLATILE = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:bytes|B|kB|KB|MB|GB)\b|\b[0-9a-f]{64}\b")


class DiffFailed(Exception):
    """The base ref or its files cannot be read."""


@dataclass
class TableDiff:
    name: str
    status: str = "changed"  # "added", "removed", "changed" or "unchanged"
    key: list[str] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, list[tuple[str, str, str]]]] = field(default_factory=list)  # (key, [(col, old, new)])
    rows: int = 0


def _git(paths: Paths, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=paths.root, capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        raise DiffFailed(printable(f"git {' '.join(args)}: {result.stderr.strip()}"))
    return result.stdout


def _rows(text: str) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if row]


def package_tables(paths: Paths, ref: str | None) -> dict[str, tuple[list[str], list[list[str]]]]:
    """{table name: (primary key, rows incl. header)} of the package at a git ref, or of the working tree (None)."""
    rel = paths.datapackage_json.relative_to(paths.root).as_posix()
    base = rel.rsplit("/", 1)[0]

    def read(path: str) -> str:
        return _git(paths, "show", f"{ref}:{path}") if ref else (paths.root / path).read_text(encoding="utf-8")

    descriptor = json.loads(read(rel))
    tables = {}
    for res in descriptor["resources"]:
        if res.get("type") != "table":
            continue
        key = res.get("schema", {}).get("primaryKey", [])
        tables[res["name"]] = ([key] if isinstance(key, str) else list(key), _rows(read(f"{base}/{res['path']}")))
    return tables


def _key(header: list[str], row: list, key: list[str]) -> dict:
    return {k: row[header.index(k)] for k in key if k in header} or {"row": "?"}


def diff_table(name: str, old: list[list[str]], new: list[list[str]], key: list[str]) -> TableDiff:
    """Rows added, removed and changed (with old and new value per changed cell), by daff."""
    result = TableDiff(name, key=key, rows=max(len(new) - 1, 0))
    flags = daff.CompareFlags()
    for column in key:
        if column in new[0] and column in old[0]:
            flags.addPrimaryKey(column)
    flags.show_unchanged = False
    align = daff.Coopy.compareTables(daff.PythonTableView(old), daff.PythonTableView(new), flags).align()
    out: list[list] = []
    daff.TableDiff(align, flags).hilite(daff.PythonTableView(out))
    header: list[str] = []
    for row in out:
        op, cells = row[0], ["" if c is None else str(c) for c in row[1:]]
        if op == "!":  # the schema row, read with the header below
            continue
        if op == "@@":  # the header; the schema row above it marks added (+++) and removed (---) columns
            header = cells
            marks = next((r[1:] for r in out if r[0] == "!"), [""] * len(cells))
            result.columns_added = [c for c, m in zip(cells, marks) if m == "+++"]
            result.columns_removed = [c for c, m in zip(cells, marks) if m == "---"]
            continue
        if op == "+++":
            result.added.append(dict(zip(header, cells)))
        elif op == "---":
            result.removed.append(dict(zip(header, cells)))
        elif "->" in op:  # daff writes old{arrow}new in a changed cell, with the arrow it uses in the first column
            changes = []
            keyrow = []
            for column, cell in zip(header, cells):
                if op in cell:
                    before, after = cell.split(op, 1)
                    changes.append((column, before, after))
                    keyrow.append(before)
                else:
                    keyrow.append(cell)
            result.changed.append((_key(header, keyrow, key), changes))
    if not (result.added or result.removed or result.changed or result.columns_added or result.columns_removed):
        result.status = "unchanged"
    return result


def diff_package(paths: Paths, base: str) -> list[TableDiff]:
    old, new = package_tables(paths, base), package_tables(paths, None)
    diffs = []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            diffs.append(TableDiff(name, "added", new[name][0], rows=len(new[name][1]) - 1))
        elif name not in new:
            diffs.append(TableDiff(name, "removed", old[name][0], rows=len(old[name][1]) - 1))
        else:
            diffs.append(diff_table(name, old[name][1], new[name][1], new[name][0]))
    return diffs


def changed_pages(paths: Paths, base: str) -> list[str]:
    """Pages (Danish and English) whose generated text differs between the base's build and this build."""
    heads = {lang: lang.out(paths) for lang in languages()}  # each edition's pages (build/docs/, build/docs-en/)
    if not all((d / "index.md").exists() for d in heads.values()):
        raise DiffFailed("datadiff --pages needs this build's pages: run `python -m build_scripts build` first.")
    with tempfile.TemporaryDirectory(prefix="datadiff-") as tmp:
        worktree = Path(tmp) / "base"
        worktree.mkdir()
        archive = subprocess.run(["git", "archive", "--format=tar", base], cwd=paths.root, capture_output=True)
        if archive.returncode != 0:
            raise DiffFailed(f"git archive {base}: {archive.stderr.decode(errors='replace').strip()}")
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(worktree, filter="data")
        built = subprocess.run([sys.executable, "-m", "build_scripts", "build"], cwd=worktree,
                               capture_output=True, text=True)
        if built.returncode != 0:
            raise DiffFailed(f"the base {base} does not build: {built.stdout.strip().splitlines()[-1:]}")
        bases = {lang: worktree / d.relative_to(paths.root) for lang, d in heads.items()}
        changed = []
        for lang, head_dir in heads.items():
            def texts(folder):
                return {p.relative_to(folder).as_posix(): _VOLATILE.sub("", p.read_text(encoding="utf-8"))
                        for p in folder.rglob("*.md")}
            before, after = texts(bases[lang]), texts(head_dir)
            for page in sorted(set(before) | set(after)):
                if before.get(page) != after.get(page):
                    prefix = "" if lang.is_main else f"{lang.code}/"
                    state = " (new)" if page not in before else " (removed)" if page not in after else ""
                    changed.append(f"{prefix}{page}{state}")
        return changed


def _md(value) -> str:
    """A cell for a Markdown table: no line breaks or pipes, no HTML."""
    text = str(value).replace("\r", " ").replace("\n", " ").replace("|", "\\|")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") if text else "∅"


def _key_text(key: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in key.items())


def render(diffs: list[TableDiff], base: str, pages: list[str] | None, limit: int | None, report_note: str = "") -> str:
    changed = [d for d in diffs if d.status != "unchanged"]
    lines = [f"## Dataændringer / Data diff (mod / against `{base}`)", ""]
    if not changed:
        lines += ["Ingen tabeller er ændret. / No table changed.", ""]
    else:
        lines += ["| tabel / table | tilføjet / added | fjernet / removed | ændret / changed |", "| --- | ---: | ---: | ---: |"]
        for d in changed:
            if d.status in ("added", "removed"):
                lines.append(f"| `{d.name}` | {'ny tabel / new table, ' + str(d.rows) + ' rows' if d.status == 'added' else ''} "
                             f"| {'tabel fjernet / table removed' if d.status == 'removed' else ''} | |")
            else:
                lines.append(f"| `{d.name}` | {len(d.added)} | {len(d.removed)} | {len(d.changed)} |")
        lines.append("")
    for d in changed:
        if d.status != "changed":
            continue
        lines += [f"### `{d.name}`", ""]
        if d.columns_added or d.columns_removed:
            lines += [f"Kolonner / columns: + {', '.join(d.columns_added) or '–'}; − {', '.join(d.columns_removed) or '–'}", ""]
        cells = [(_key_text(k), c, o, n) for k, changes in d.changed for c, o, n in changes]
        if cells:
            lines += ["| række / row | kolonne / column | før / old | efter / new |", "| --- | --- | --- | --- |"]
            lines += [f"| {_md(k)} | `{c}` | {_md(o)} | {_md(n)} |" for k, c, o, n in cells[:limit]]
            lines.append("")
        for title, rows in (("Tilføjede rækker / Rows added", d.added), ("Fjernede rækker / Rows removed", d.removed)):
            if rows:
                lines += [f"{title}:", ""]
                lines += [f"- {_md(_key_text({k: r.get(k, '') for k in d.key} or r))}: "
                          + "; ".join(f"{c}: {_md(v)}" for c, v in r.items() if c not in d.key) for r in rows[:limit]]
                lines.append("")
        if limit is not None and max(len(cells), len(d.added), len(d.removed)) > limit:
            lines += [f"… {report_note or 'see the full report'}", ""]
    if pages is not None:
        lines += ["### Sider med ændret tekst / Pages whose text changed", ""]
        lines += [f"- `{p}`" for p in pages] or ["Ingen. / None."]
        lines.append("")
    if report_note:
        lines += [report_note, ""]
    return "\n".join(lines)


def revision(paths: Paths, base: str) -> str:
    """The commit `base` names, verified as a revision before any other git command sees it: an argument such as
    '--output=FILE' is a revision that does not exist, never an option (`--end-of-options`)."""
    result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}"],
                            cwd=paths.root, capture_output=True, text=True)
    commit = result.stdout.strip()
    if result.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
        base = printable(base, 200)  # as given: a line break in it cannot start a line of its own
        raise DiffFailed(f"--base {base}: er ikke en revision (en gren, et mærke eller en commit) i dette repository. / "
                         f"--base {base}: is not a revision (a branch, a tag or a commit) in this repository.")
    return commit


def run(paths: Paths, base: str, summary: Path | None, report: Path | None, with_pages: bool) -> int:
    commit = revision(paths, base)  # every git command below gets the commit, never the argument as given
    base = printable(base, 200)  # a revision such as HEAD^{/text} may hold any character; the report names it so
    diffs = diff_package(paths, commit)
    pages = changed_pages(paths, commit) if with_pages else None
    note = ""
    if report:
        url = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY"), os.environ.get("GITHUB_RUN_ID")
        where = f"[{url[0]}/{url[1]}/actions/runs/{url[2]}]({url[0]}/{url[1]}/actions/runs/{url[2]})" if all(url) else report.name
        note = f"Hele rapporten / Full report: artefaktet / artifact `data-diff` ({where})."
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(render(diffs, base, pages, None), encoding="utf-8")  # shown as given: a reader knows it
    text = render(diffs, base, pages, MAX_SUMMARY_ROWS, note)
    if summary:
        with summary.open("a", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text)
    return 0
