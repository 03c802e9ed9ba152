"""Print validation problems for people and, on GitHub Actions, as annotations.

Reads  the environment variables GITHUB_ACTIONS and GITHUB_STEP_SUMMARY.
Writes one line per problem to stdout; on GitHub Actions also a workflow
annotation per problem and a table of problems to $GITHUB_STEP_SUMMARY, in every language (the words around the
problems are the language files' `messages`).
"""

import os

from build_scripts.core.lang import languages, say
from build_scripts.core.text import printable


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem) -> str:
    props = [f"file={_escape_property(problem.file)}"]
    if problem.line is not None:
        props.append(f"line={problem.line}")
    props.append(f"title={_escape_property(problem.title)}")
    return f"::error {','.join(props)}::{_escape_data(' / '.join(problem.text(lang) for lang in languages()))}"


def summary_table(problems) -> str:
    columns = [say("column_file"), say("column_line"), say("column_field"),
               *(lang.message("column_problem") for lang in languages())]  # one column of problems per language
    rows = [
        f"## {say('validation_heading')}",
        "",
        f"**{say('validation_count', count=len(problems))}**",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + " --- |" * len(columns),
    ]
    for p in problems:
        cells = [p.file, "" if p.line is None else str(p.line), p.field or "", *(p.text(lang) for lang in languages())]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows) + "\n"


def emit(problems) -> None:
    on_github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(annotation(problem) if on_github else printable(str(problem)))  # one line each, whatever it quotes
    if problems:
        print(say("problems_found", count=len(problems)))
    if on_github and problems and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as fh:
            fh.write(summary_table(problems))
