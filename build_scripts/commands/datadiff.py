"""The data diff of a pull request: what changed in the package's tables, cell by cell, and which pages changed.

Reads  datapackage/datapackage.json and its CSV files at a base git ref (its datapackage/ from `git archive`,
       bounded, in a temporary folder) and in the working tree, both by validate's rules for a descriptor's files
       (paths inside datapackage/ to regular files of bounded size, strict JSON) and as strict CSV: a pull
       request's tree has not been validated when a reviewer runs this, and what breaks a rule is one line;
       with --pages also the pages built from both (build/docs/, build/docs-en/ of the working tree, which
       must be built, and of the base, built here in a temporary copy made by `git archive`)
Writes Markdown: a short summary (per table rows added, removed and changed, with old → new values, at most
       MAX_SUMMARY_ROWS per table) to --summary (appended, e.g. $GITHUB_STEP_SUMMARY) or stdout, and the
       full report to --report; every value of a table in code spans, as it is (_code), so that no cell's Markdown
       is rendered and the two sides of a change look different whenever they differ

    python -m build_scripts datadiff --base origin/main [--pages] [--summary FILE] [--report FILE]

Tables are compared with daff (the tabular diff library behind `daff diff`), matching rows by the table's
primary key, so a changed figure shows as one changed row, not as a removed and an added one. Cells are
compared as the text in the CSV file: `1.0` and `1` differ, as they do in the file a reviewer sees.
"""

import csv
import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

import daff

from build_scripts.core.lang import languages, say
from build_scripts.core.paths import Paths
from build_scripts.core.text import is_hidden, printable
from build_scripts.stages.validate.problem import Problem

MAX_SUMMARY_ROWS = 30
# datapackage.json itself, compared as a table of (path, value): a schema's constraints, a field's description and
# the package's own metadata change what is published as much as a cell does (red team 56, finding 3).
DESCRIPTOR = "datapackage.json"
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
    reordered: list[str] = field(default_factory=list)  # what only moved: its columns, its rows (words)


# The base as a tar stream from `git archive`: its datapackage/ (under 1 MB) or, for --pages, the repository (about
# 12 MB). A base that is larger is refused; nothing from it is kept in memory or extracted.
MAX_ARCHIVE_BYTES = 500_000_000


def _failed(prefix: str, problems: list) -> DiffFailed:
    """The problems that stop the diff, one line each (as `validate` prints them), for the side they are on."""
    return DiffFailed("\n".join(prefix + printable(str(p)) for p in problems))


def extract(paths: Paths, ref: str, target: Path, pathspec: str | None = None) -> None:
    """The files of `ref` (under `pathspec`) in the folder `target`: read from `git archive` at most
    MAX_ARCHIVE_BYTES, and extracted by tarfile's 'data' filter (no link out of the folder, no device)."""
    args = ["git", "archive", "--format=tar", ref, *(["--", pathspec] if pathspec else [])]
    with tempfile.TemporaryFile() as tar_file, tempfile.TemporaryFile() as errors:
        with subprocess.Popen(args, cwd=paths.root, stdout=subprocess.PIPE, stderr=errors) as git:
            size = 0
            while chunk := git.stdout.read(1 << 20):
                size += len(chunk)
                if size > MAX_ARCHIVE_BYTES:
                    git.kill()
                    raise DiffFailed(say("datadiff_archive_too_large", ref=ref, limit=MAX_ARCHIVE_BYTES))
                tar_file.write(chunk)
        if git.returncode != 0:
            errors.seek(0)
            said = printable(errors.read(2_000).decode("utf-8", "replace").strip(), 300)
            raise DiffFailed(say("datadiff_archive_failed", ref=ref, said=said))
        tar_file.seek(0)
        try:
            with tarfile.open(fileobj=tar_file) as tar:
                tar.extractall(target, filter="data")
        except (tarfile.TarError, OSError) as err:  # a link out of the folder, an absolute path
            said = printable(str(err), 300)
            raise DiffFailed(say("datadiff_archive_unsafe", ref=ref, said=said)) from None


def package_tables(paths: Paths, ref: str | None) -> dict[str, tuple[list[str], list[list[str]]]]:
    """{table name: (primary key, rows incl. header)} of the package at a git ref, or of the working tree (None).

    Both are read by the same rules as validate's descriptor check (a base in a temporary folder, from
    `git archive`): datapackage.json a regular file of bounded size and strict JSON, each resource's path inside
    datapackage/ to a regular file of bounded size; then each table as strict CSV. Anything else is DiffFailed,
    one line per problem: a pull request's working tree has not been validated when a reviewer runs this.
    """
    if ref is None:
        return read_package(paths.datapackage_json, "")
    with tempfile.TemporaryDirectory(prefix="datadiff-base-") as tmp:
        extract(paths, ref, Path(tmp), paths.datapackage_dir.relative_to(paths.root).as_posix())
        return read_package(Path(tmp) / paths.datapackage_json.relative_to(paths.root), f"--base {ref}: ")


def read_package(package_json: Path, prefix: str) -> dict[str, tuple[list[str], list[list[str]]]]:
    from build_scripts.stages.validate import jsonfile
    from build_scripts.stages.validate import stage as validate

    name = validate._rel(package_json, package_json)
    unreadable = validate.path_problem(package_json, name, jsonfile.MAX_BYTES)
    if unreadable:
        raise _failed(prefix, [unreadable])
    descriptor, problems = validate._parsed_descriptor(package_json, name)
    problems = problems or _structure_problems(descriptor, name)
    problems = problems or validate._resource_file_problems(descriptor, package_json, name)
    if problems:
        raise _failed(prefix, problems)
    tables = {DESCRIPTOR: ([], [["path", "value"], *_flat(descriptor)])}  # compared as a table of its values
    for res in descriptor["resources"]:
        if res.get("type") == "table":
            path = (package_json.parent / res["path"]).resolve()
            tables[res["name"]] = (_primary_key(res), read_table(path, validate._rel(path, package_json), prefix))
    return tables


def _flat(node, path: str = "") -> list[list[str]]:
    """Each value of a JSON document as [its path, the value as JSON]: a list's items by their `name` where each
    has one (resources/sources/schema/fields/document_type/…), else by position."""
    import json

    if isinstance(node, dict):
        return [row for key, value in node.items() for row in _flat(value, f"{path}/{key}" if path else str(key))]
    if isinstance(node, list) and node:
        names = [item.get("name") for item in node if isinstance(item, dict)]
        by_name = len(names) == len(node) and all(isinstance(n, str) for n in names) and len(set(names)) == len(names)
        return [row for i, item in enumerate(node) for row in _flat(item, f"{path}/{names[i] if by_name else i}")]
    return [[path, json.dumps(node, ensure_ascii=False)]]


def _structure_problems(descriptor, name: str) -> list:
    """What the reading needs of a descriptor: resources, each an object with a name the report can print."""
    from build_scripts.stages.validate import contract

    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if isinstance(resources, list) and all(isinstance(r, dict) and isinstance(r.get("name"), str)
                                           and re.fullmatch(contract.RESOURCE_NAME, r["name"]) for r in resources):
        return []
    return [Problem("resources_unreadable", name, None, "resources", kind="invalid_descriptor")]


def _primary_key(res: dict) -> list[str]:
    schema = res.get("schema")
    key = schema.get("primaryKey", []) if isinstance(schema, dict) else []
    key = [key] if isinstance(key, str) else key
    return [k for k in key if isinstance(k, str)] if isinstance(key, list) else []


def _bounded_bytes(path: Path, shown: str, prefix: str) -> bytes:
    """A regular file's bytes, checked again on the open file (it may have changed since it was checked), at most
    validate's MAX_FILE_BYTES; a FIFO put in its place does not block the open."""
    import stat

    from build_scripts.stages.validate import stage as validate

    try:
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as f:
            info = os.fstat(f.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size <= validate.MAX_FILE_BYTES:
                return f.read(validate.MAX_FILE_BYTES + 1)
    except OSError:
        pass  # gone since it was checked, or not readable: said below
    raise _failed(prefix, [validate.path_problem(path, shown, validate.MAX_FILE_BYTES)
                           or Problem("file_changed_while_read", shown, kind="missing_file")])


def read_table(path: Path, shown: str, prefix: str = "") -> list[list[str]]:
    """A table's rows (header first, empty lines left out) as strict CSV in UTF-8, every row as wide as the header;
    otherwise DiffFailed naming the file and line (a ragged row made daff raise IndexError)."""
    from build_scripts.stages.validate import stage as validate

    data = _bounded_bytes(path, shown, prefix)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _failed(prefix, [Problem("save_as_utf8", shown, data[:err.start].count(b"\n") + 1,
                                       kind="wrong_encoding")]) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, lines, start = [], [], 1
    previous = csv.field_size_limit(sys.maxsize)  # the file is bounded; a long cell is no reason to stop
    try:
        for row in reader:
            if row:
                rows.append(row)
                lines.append(start)  # the line the row begins on
            start = reader.line_num + 1
    except csv.Error as err:
        raise _failed(prefix, [validate._unterminated_quote(text, shown) or Problem(
            "csv_unreadable", shown, reader.line_num, params={"error": printable(str(err), 200)}, kind="invalid_csv")]) from None
    finally:
        csv.field_size_limit(previous)
    if not rows:
        raise _failed(prefix, [Problem("csv_no_header", shown, kind="empty_file")])
    ragged = next((i for i, row in enumerate(rows) if len(row) != len(rows[0])), None)
    if ragged is not None:
        raise _failed(prefix, [Problem("row_cell_count", shown, lines[ragged],
                                       params={"cells": len(rows[ragged]), "header": len(rows[0])},
                                       kind="wrong_cell_count")])
    return rows


def _key(header: list[str], row: list, key: list[str]) -> dict:
    return {k: row[header.index(k)] for k in key if k in header} or {"row": "?"}


def _renamed(mark) -> str | None:
    """The old name daff writes over a renamed column in its schema row ('(old_name)'), else None."""
    return mark[1:-1] if isinstance(mark, str) and len(mark) > 2 and mark[0] == "(" and mark[-1] == ")" else None


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
        cells = [_unescaped(cell, op) for cell in cells]
        if op == "!":  # the schema row, read with the header below
            continue
        if op == "@@":  # the header; the schema row above it marks added (+++) and removed (---) columns
            header = cells
            marks = next((r[1:] for r in out if r[0] == "!"), [""] * len(cells))
            result.columns_added = [c for c, m in zip(cells, marks) if m == "+++" or _renamed(m)]
            result.columns_removed = [c for c, m in zip(cells, marks) if m == "---"] + [
                _renamed(m) for m in marks if _renamed(m)]  # '(old)' over a renamed column (red team 52, finding 3)
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
    if old != new and result.status == "unchanged":  # the same rows and columns in another order (finding 4)
        result.status = "changed"
        result.reordered = [say("datadiff_columns_moved")] if old[:1] != new[:1] else []
        result.reordered += [say("datadiff_rows_moved")] if old[1:] != new[1:] else []
    return result


def _unescaped(cell: str, op: str) -> str:
    """A cell as the file holds it: in a changed cell, daff's highlighter writes a text 'NULL' on either side of the
    arrow as '_NULL' (and '_NULL' as '__NULL'), so that it is not read as no value (red team 56, finding 5)."""
    def plain(text: str) -> str:
        return text[1:] if re.fullmatch(r"_+NULL", text) else text

    if "->" not in op or op not in cell:
        return cell  # an added, removed or unchanged cell: written as it is
    before, after = cell.split(op, 1)
    return f"{plain(before)}{op}{plain(after)}"


def diff_package(paths: Paths, base: str) -> list[TableDiff]:
    old, new = package_tables(paths, base), package_tables(paths, None)
    diffs = []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            diffs.append(TableDiff(name, "added", new[name][0], rows=len(new[name][1]) - 1))
        elif name not in new:
            diffs.append(TableDiff(name, "removed", old[name][0], rows=len(old[name][1]) - 1))
        else:
            try:
                diffs.append(diff_table(name, old[name][1], new[name][1], ["path"] if name == DESCRIPTOR else new[name][0]))
            except Exception as err:  # the tables are read strictly; should daff still fail, one line, no traceback
                said = printable(f"{type(err).__name__}: {err}", 200)
                raise DiffFailed(say("datadiff_cannot_compare", name=name, said=said)) from None
    return diffs


def changed_pages(paths: Paths, base: str) -> list[str]:
    """Pages (Danish and English) whose generated text differs between the base's build and this build."""
    heads = {lang: lang.out(paths) for lang in languages()}  # each edition's pages (build/docs/, build/docs-en/)
    if not all((d / "index.md").exists() for d in heads.values()):
        raise DiffFailed(say("datadiff_needs_pages"))
    with tempfile.TemporaryDirectory(prefix="datadiff-") as tmp:
        worktree = Path(tmp) / "base"
        worktree.mkdir()
        extract(paths, base, worktree)
        built = subprocess.run([sys.executable, "-m", "build_scripts", "build"], cwd=worktree,
                               capture_output=True, text=True)
        if built.returncode != 0:
            raise DiffFailed(say("datadiff_base_does_not_build", base=base, output=built.stdout.strip().splitlines()[-1:]))
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
                    state = f" ({say('datadiff_page_new')})" if page not in before else \
                        f" ({say('datadiff_page_removed')})" if page not in after else ""
                    changed.append(f"{prefix}{page}{state}")
        return changed


def _code(value, in_table: bool = True) -> str:
    """A value of an unvalidated CSV (a cell, a column's name, a key) as Markdown that shows it character for
    character, so that the two sides of a change look different whenever they differ: in code spans, where no link,
    image, emphasis, HTML or backslash escape is read, and GitHub keeps every space. A character that prints nothing
    (a line break, a tab, a space other than ' ', an invisible character) stands outside them as its code point
    ('U+000A'), where it cannot end the line or the cell, nor look like a literal text 'U+000A' (in a code span);
    an empty value is '∅', outside them too. In a table (in_table), a '|' is written '\\|' inside the code span,
    as GFM reads a table's cells (it takes one backslash from before every '|', wherever it stands)."""
    text = "" if value is None else str(value)
    if not text:
        return "∅"
    parts = ("".join(run) for _, run in groupby(text, key=_shows))
    return " ".join(_code_span(part, in_table) if _shows(part[0]) else " ".join(f"U+{ord(c):04X}" for c in part)
                    for part in parts)


def _shows(char: str) -> bool:
    return char.isprintable() and not is_hidden(char)


def _code_span(text: str, in_table: bool) -> str:
    """Printable text as one code span: its fence is one backtick longer than the longest run of backticks in it,
    and it is padded with a space on each side where CommonMark would otherwise read the text otherwise (a
    backtick at either end, or a space at both ends of text that is not only spaces, of which CommonMark strips
    one on each side)."""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    padded = text[0] == "`" or text[-1] == "`" or (text[0] == " " and text[-1] == " " and text.strip(" ") != "")
    pad = " " if padded else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|') if in_table else text}{pad}{fence}"


def _key_text(key: dict, in_table: bool = True) -> str:
    """A row's key as one value, shown as it is: 'column=value, …'."""
    return _code(", ".join(f"{k}={v}" for k, v in key.items()), in_table)


def render(diffs: list[TableDiff], base: str, pages: list[str] | None, limit: int | None, report_note: str = "") -> str:
    changed = [d for d in diffs if d.status != "unchanged"]
    lines = [f"## {say('datadiff_title')} ({say('datadiff_against')} {_code(base, in_table=False)})", ""]
    if not changed:  # the descriptor counts as changed too: then it is listed
        lines += [say("datadiff_no_change"), ""]
    else:
        lines += [f"| {say('datadiff_table')} | {say('datadiff_added')} | {say('datadiff_removed')} | "
                  f"{say('datadiff_changed')} |", "| --- | ---: | ---: | ---: |"]
        for d in changed:
            if d.status in ("added", "removed"):
                lines.append(f"| `{d.name}` | {say('datadiff_new_table', rows=d.rows) if d.status == 'added' else ''} "
                             f"| {say('datadiff_table_removed') if d.status == 'removed' else ''} | |")
            else:
                lines.append(f"| `{d.name}` | {len(d.added)} | {len(d.removed)} | {len(d.changed)} |")
        lines.append("")
    for d in changed:
        if d.status == "changed":
            lines += _table_section(d, limit, report_note)
    if pages is not None:
        lines += [f"### {say('datadiff_pages')}", ""]
        lines += [f"- `{p}`" for p in pages] or [say("datadiff_none")]
        lines.append("")
    if report_note:
        lines += [report_note, ""]
    return "\n".join(lines)


def _table_section(d: TableDiff, limit: int | None, report_note: str) -> list[str]:
    """One changed table: its columns added and removed, its changed cells, its rows added and removed."""
    lines = [f"### `{d.name}`", ""]
    if d.reordered:
        lines += [f"{'; '.join(d.reordered)}.", ""]
    if d.columns_added or d.columns_removed:
        added, removed = (", ".join(_code(c, in_table=False) for c in columns)
                          for columns in (d.columns_added, d.columns_removed))
        lines += [f"{say('datadiff_columns')}: + {added or '–'}; − {removed or '–'}", ""]
    cells = [(_key_text(k), c, o, n) for k, changes in d.changed for c, o, n in changes]
    if cells:
        lines += [f"| {say('datadiff_row')} | {say('datadiff_column')} | {say('datadiff_old')} | {say('datadiff_new')} |",
                  "| --- | --- | --- | --- |"]
        lines += [f"| {k} | {_code(c)} | {_code(o)} | {_code(n)} |" for k, c, o, n in cells[:limit]]
        lines.append("")
    for title, rows in ((say("datadiff_rows_added"), d.added), (say("datadiff_rows_removed"), d.removed)):
        if rows:
            lines += [f"{title}:", ""]
            lines += [f"- {_key_text({k: r.get(k, '') for k in d.key} or r, in_table=False)}: "
                      + "; ".join(f"{_code(c, in_table=False)}: {_code(v, in_table=False)}"
                                  for c, v in r.items() if c not in d.key) for r in rows[:limit]]
            lines.append("")
    if limit is not None and max(len(cells), len(d.added), len(d.removed)) > limit:
        lines += [f"… {report_note or say('datadiff_see_report')}", ""]
    return lines


def revision(paths: Paths, base: str) -> str:
    """The commit `base` names, verified as a revision before any other git command sees it: an argument such as
    '--output=FILE' is a revision that does not exist, never an option (`--end-of-options`)."""
    result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}"],
                            cwd=paths.root, capture_output=True, text=True)
    commit = result.stdout.strip()
    if result.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
        raise DiffFailed(say("datadiff_not_a_revision", base=printable(base, 200)))  # a line break cannot start a line
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
        note = f"{say('datadiff_full_report')}: {say('datadiff_artifact')} `data-diff` ({where})."
        try:
            report.parent.mkdir(parents=True, exist_ok=True)
            report.write_text(render(diffs, base, pages, None), encoding="utf-8")  # shown as given: a reader knows it
        except OSError as err:  # a write the arguments' check could not foresee (red team 56, finding 6)
            return _cannot_write("--report", report, err)
    text = render(diffs, base, pages, MAX_SUMMARY_ROWS, note)
    if summary:
        try:
            with summary.open("a", encoding="utf-8") as f:
                f.write(text + "\n")
        except OSError as err:
            return _cannot_write("--summary", summary, err)
    else:
        print(text)
    return 0


def _cannot_write(option: str, path: Path, err: OSError) -> int:
    from build_scripts.core.text import shown_path

    print(say("datadiff_cannot_write", option=option, path=shown_path(path), reason=err.strerror or err))
    return 1
