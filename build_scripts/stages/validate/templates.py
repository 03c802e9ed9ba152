"""The page templates of docs/ as `validate` reads them: one line per problem, naming the template and its line.

The pages stage renders them (Jinja), and `validate` reads them already for the rows they ask for
(requirements.template_needs); a template it cannot read would stop it, or a later stage, with a traceback naming
'<unknown>'. So, for every template (each page and macro, *.md and *.html, and the templates the code renders,
docs/_templates/):
- it is UTF-8 (else the line of its first byte that is not);
- Jinja can parse it (else Jinja's own words and the line);
- every template it includes, imports or extends by name is in docs/, as the pages stage's loader finds it (not for
  the theme's templates, docs/_overrides/, whose `extends "base.html"` names the theme's own);
- Jinja can compile it with the filters and tests of the environment that renders it (a filter the pages do not
  have stops Jinja before anything is rendered): the pages, their macros and _templates/area.md with the pages
  stage's own (pages.stage.page_environment), the code's other templates with Jinja's; not the theme's;
- every name a page, a macro or _templates/area.md reads is one the pages stage gives it (page_context: the
  globals its make_env sets, PAGE_GLOBALS, and what `render` passes a template besides) or one the
  template sets itself (a `set`, a loop's variable, a macro's parameter): the pages are rendered with
  StrictUndefined, so any other name stops the build;
- it writes no address on another host that the reader's browser would fetch by itself (an <img src>, a Markdown
  image, a <link>, an SVG <set>/<animate> of an href), no <meta http-equiv> but the theme's policy and no referrer
  policy, and no HTML that a browser reads otherwise than these checks (a comment ended by '<!-->' or '--!>', '<?',
  '<![CDATA[' outside <svg>/<math>, a </math> in an <svg> or a <style> in it: site/browser_html.py): remote.py; nor
  does a stylesheet of docs/ (*.css) ask for an address on another host (remote.py), write a text or change how the
  page's text is drawn (`content: "81 af 98"`, direction, @font-face: assets.py); and every script of docs/ is one
  the code pins by its SHA-256 (assets.py; red team 16, finding 1);
- no template (the theme's too) reads a name that begins with '_', calls a method outside TEMPLATE_METHODS (a
  macro of a template it imports and a block of its own aside), names a way to the files or to Jinja outside the
  sandbox (FORBIDDEN_NAME: read_text, to_csv, get_env, from_string…) in any form, or computes a power with '**': the
  sandbox (core/sandbox.py) refuses them while rendering, and validate names them first, with their line;
- no template (the theme's too) writes a number that asks for a text or a list longer than the sandbox lets it make
  (a filter's width, a format's, a text repeated with '*', a range: template_sizes.py), with its line;
- a theme template writes the page's rendered content (`super()`, `self.x()`, `page.content`, `page.toc`) only as it
  is, alone in an output (_content_changed): the content holds every figure of the page;
- a page's front matter (the YAML between a first line '---' and the next '---' or '...', as MkDocs reads it) is a
  YAML mapping in every language: MkDocs shows front matter it cannot read as the page's text, and the page loses
  its title and description; and what the theme prints of it (PAGE_TEXTS: title, description, og_image…) is a text
  with content, not a list, a mapping, a number or null. A front matter of text and `{% if lang.code == "da" %}…{% elif … %}` blocks is read
  per language with each line where the template has it, so the line named is the template's; one that computes
  values from the data (_templates/area.md) the pages stage checks as rendered (front_matter_error, for every
  page it writes in every language);
- a page's, a macro's or the theme's own text types no number: no digits and no number words of the edition that
  shows it, outside the expressions that read the data (typed_numbers.py), nor in a constant of an expression that
  reaches the page (`{{ "81" }}`, `{{ num(81) }}`), and it computes nothing from the data (`{{ x.value + 1 }}`;
  expressions.py).
"""

import functools
import json
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, TemplateNotFound, TemplateSyntaxError, meta, nodes

from build_scripts.core.fmt import MAX_DECIMALS
from build_scripts.core.lang import Phrase, languages
from build_scripts.core.text import excerpt, yaml_loader
from build_scripts.stages.validate import assets, remote, rendered, template_sizes
from build_scripts.stages.validate.expressions import expression_problems
from build_scripts.stages.validate.problem import Problem
from build_scripts.stages.validate.template_tree import find_all
from build_scripts.stages.validate.typed_numbers import joined, markup_names, may_be_markup, typed_number_problems

# MkDocs's front matter (mkdocs.utils.meta.YAML_RE): a first line '---', then the YAML up to a line '---' or '...'.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
OPENING = re.compile(r"-{3}[ \t]*")
CLOSING = re.compile(r"(?:\.{3}|-{3})[ \t]*")
# The tags that load another template by name, as the messages name them.
LOADS = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "import", nodes.Extends: "extends"}
THEME = "_overrides"  # the theme's templates (mkdocs.yml's custom_dir): what they load is the theme's
MACROS = "_macros"  # what the pages import and include: rendered with the pages' environment
AREA_DIR = "omraader"
AREA_TEMPLATE = "_templates/area.md"  # the pages stage renders one page per policy area from it, under AREA_DIR


def page_templates(docs_dir: Path) -> list[str]:
    """The pages' templates in docs/, relative to it; names starting with '_' are not pages."""
    return [p.relative_to(docs_dir).as_posix() for p in sorted(docs_dir.rglob("*.md"))
            if p.is_file() and not any(part.startswith("_") for part in p.relative_to(docs_dir).parts)]


def area_page(area_id: str) -> str:
    """The page the pages stage writes for a policy area ('omraader/social.md')."""
    return f"{AREA_DIR}/{area_id}.md"


def written_pages(docs_dir: Path, area_ids: list[str]) -> list[str]:
    """Every page the pages stage writes in each edition: docs/'s pages and one page per policy area."""
    return page_templates(docs_dir) + [area_page(area_id) for area_id in area_ids]


def parse(source: str, trimmed: bool = True) -> nodes.Template:
    """A template's syntax tree (raises TemplateSyntaxError), kept per text: validate reads every template several
    times (its problems here, the names it sets: _constant_names, its filters: _compile_errors, and the rows it asks
    for: requirements.template_needs), and a test run validates the same templates hundreds of times. Callers only
    read the tree. Its text is what the build writes: the pages' and the charts' environments strip a block tag's
    line (trim_blocks, lstrip_blocks), the theme's (`trimmed` False) not (red team 26, finding 1: a newline validate
    read and Jinja removed made a code fence of a line)."""
    return _parsed(source, trimmed)


@functools.lru_cache(maxsize=256)
def _parsed(source: str, trimmed: bool) -> nodes.Template:
    """parse's tree, kept per (text, trimmed) however a caller writes the arguments: a cache on parse itself keys
    `parse(s)` and `parse(s, trimmed=True)` apart, and parsed each template twice."""
    if not trimmed:
        return Environment().parse(source)
    return Environment(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True).parse(source)
# The front matter's keys the theme prints (docs/_overrides/main.html and MkDocs's page title): each a text, if given.
PAGE_TEXTS = ("title", "description", "og_image", "og_image_alt")
FRONT_MATTER_KEYS = (*PAGE_TEXTS, "hide")  # and the theme's list of parts of the page it leaves out (toc, navigation)


TEMPLATE_SUFFIXES = (".md", ".html")
# What the stages read as files by the name's ending (the site stage's theme scans read every *.html): a folder so
# named is refused (red team 13, finding 2), so that no stage after validate meets it.
FILE_SUFFIXES = (*TEMPLATE_SUFFIXES, ".css", ".js")
TEMPLATE_FOLDERS = ("_templates", MACROS, THEME)  # every file in them is a template, whatever its name ends in


def template_files(docs_dir: Path) -> list[Path]:
    """Every Jinja template of docs/: the pages (*.md, *.html) and every file of the folders of templates: what the
    code renders (_templates/), the macros (_macros/) and the theme's (_overrides/). A page or the theme may include a
    file of any name there (red team 12, finding 1: a .txt partial was rendered and never read); a page may load no
    other file (_missing_templates)."""
    found = {path for suffix in TEMPLATE_SUFFIXES for path in docs_dir.rglob(f"*{suffix}") if path.is_file()}
    found |= {path for folder in TEMPLATE_FOLDERS for path in (docs_dir / folder).rglob("*") if path.is_file()}
    return sorted(found)


def normal_name(name: str) -> str:
    """A template's name as Jinja's loaders read it: without empty and '.' parts ('./_templates/x.md' and
    '/_templates/x.md' are _templates/x.md); '..' stays (the loaders refuse it)."""
    return "/".join(part for part in name.split("/") if part not in ("", "."))


def is_template(name: str) -> bool:
    """Whether `name` (relative to docs/) is among template_files: what validate reads as a template."""
    return name.endswith(TEMPLATE_SUFFIXES) or name.split("/")[0] in TEMPLATE_FOLDERS


def problems(docs_dir: Path) -> list[Problem]:
    """Every template's problems, template by template (see the module's docstring)."""
    env = Environment(loader=FileSystemLoader(docs_dir))
    found = [Problem("page_folder_named_as_file", path.relative_to(docs_dir.parent).as_posix(),
                     params={"suffix": path.suffix}, kind="page_template")
             for path in sorted(docs_dir.rglob("*")) if path.is_dir() and path.suffix in FILE_SUFFIXES]
    extensions = rendered.site_extensions(docs_dir.parent)
    for path in template_files(docs_dir):
        found += _template_problems(env, path, path.relative_to(docs_dir.parent).as_posix(),
                                    role=_role(path.relative_to(docs_dir).as_posix()), extensions=extensions)
    return found + assets.problems(docs_dir)  # the scripts and stylesheets the site publishes


def role(name: str) -> str:
    """How the build renders the template `name` (relative to docs/): see _role (the name its callers here use, whose
    parameter `role` holds a template's role)."""
    return _role(name)


def _role(name: str) -> str:
    """How the build renders the template `name` (relative to docs/): 'theme' (MkDocs, with the theme's own
    environment), 'page' (the pages stage's environment: the pages, their macros and the area pages' template) or
    'code' (another stage's template, with Jinja's filters and the names its caller passes)."""
    first = name.split("/")[0]
    if first == THEME:
        return "theme"
    if name == AREA_TEMPLATE or first == MACROS or not first.startswith("_"):
        return "page"
    return "code"


def _template_problems(env: Environment, path: Path, where: str, role: str, extensions: tuple) -> list[Problem]:
    data = path.read_bytes()
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as err:
        return [Problem("page_not_utf8", where, data[: err.start].count(b"\n") + 1, kind="wrong_encoding")]
    first, tree, rest = _text_problems(source, where, role, path.suffix, extensions)
    if tree is None:
        return list(first)
    return [*first, *_missing_templates(env, tree, where, role), *rest]


@functools.lru_cache(maxsize=256)
def _text_problems(source: str, where: str, role: str, suffix: str,
                   extensions: tuple) -> tuple[tuple, nodes.Template | None, tuple]:
    """What the template's own text says, kept per text (validate runs over the same templates again and again: the
    tests, a maintainer fixing one CSV): the problems before and after those of the templates it includes, which
    depend on other files (_missing_templates), and its syntax tree (None when the text says all there is)."""
    try:
        tree = parse(source, trimmed=role != "theme")
    except TemplateSyntaxError as err:
        return (Problem("page_syntax", where, err.lineno, params={"error": excerpt(err.message, 200)},
                        kind="page_template"),), None, ()
    markup = markup_names(tree)  # (read by several rules below)
    unsafe = [Problem("page_private_name", where, line, params={"name": excerpt(name)}, kind="page_template")
              for line, name in _private_names(tree)]
    unsafe += [Problem("page_code_in_word", where, line, params={"shown": excerpt(shown)}, kind="page_template")
               for line, shown in _code_in_words(source, role == "page")]
    if role != "code":  # a number typed into a page's own text (typed_numbers.py) or its expressions (expressions.py)
        typed = typed_number_problems(tree, where, plain=role == "theme" or where.startswith(f"docs/{MACROS}/"),
                                      markup=markup)
        if role == "page":  # and as the site's Markdown renders the page (rendered.py: red team 24)
            typed += rendered.typed_number_problems(tree, where, extensions, typed, markup)
        unsafe += typed + expression_problems(tree, where, page=role == "page")
    if suffix in (".md", ".html"):  # what the reader's browser would fetch from another host (remote.py)
        unsafe += remote.problems(source, where, page=role == "page")
    unsafe += [Problem("page_unsafe_call", where, line, params={"name": excerpt(name)}, kind="template_call")
               for line, name in _unsafe_calls(tree, role)]
    unsafe += [Problem("page_power", where, line, kind="template_call") for line in _powers(tree)]
    unsafe += [Problem("page_link_target", where, line, params={"target": excerpt(str(target))}, kind="page_template")
               for line, target in _link_targets(tree, markup)]
    unsafe += _markup_value_problems(tree, where) if role == "page" else []
    unsafe += [Problem("page_decimals", where, line, params={"maximum": MAX_DECIMALS}, kind="page_template")
               for line in _bad_decimals(tree)]
    unsafe += [Problem("page_too_large", where, line, params={"what": what, "size": size, "limit": limit},
                       kind="template_size") for line, what, size, limit in template_sizes.too_large(tree)]
    if role == "theme":
        unsafe += [Problem("theme_content_changed", where, line, params={"shown": shown}, kind="page_template")
                   for line, shown in _content_changed(tree)]
        return tuple(unsafe + (front_matter_problems(source, where) if suffix == ".md" else [])), None, ()
    errors = _compile_errors(source, role == "page")
    found = [Problem("page_compile", where, line, params={"error": excerpt(words, 200)}, kind="page_template")
             for line, words in errors]
    if role == "page" and not errors:
        known = page_context()[0] | page_context()[1].get(where.split("/", 1)[1], frozenset())
        if where.split("/")[1] == MACROS:  # included by any page: what any page is given
            known = known.union(*page_context()[1].values())
        found += [Problem("page_name_undefined", where, line, params={"name": excerpt(name)}, kind="page_template")
                  for line, name in _unknown_names(source, known)]
    if suffix == ".md":
        found += front_matter_problems(source, where)
    return tuple(unsafe), tree, tuple(found)


CONTENT_NAMES = ("page", "self")  # what a theme template reads the page's rendered content through


def _member(node: nodes.Node) -> tuple[str, str] | None:
    """(name, member) of `name.member`, `name["member"]` or `name | attr("member")` on a bare name, else None."""
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
        return node.node.name, node.attr
    if isinstance(node, nodes.Getitem) and isinstance(node.node, nodes.Name) and isinstance(node.arg, nodes.Const):
        return node.node.name, str(node.arg.value)
    if isinstance(node, nodes.Filter) and node.name == "attr" and isinstance(node.node, nodes.Name) and node.args \
            and isinstance(node.args[0], nodes.Const):
        return node.node.name, str(node.args[0].value)
    return None


def _content_read(node: nodes.Node) -> str | None:
    """What `node` reads of the page's rendered content, as written: `super()` or a call of a member of `self` (a
    block's content, the page's text among them), `page`'s `content` or `toc` (by attribute, key or `attr`, or
    `page.get(…)`); else None."""
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "super":
        return "super()"
    member = _member(node.node) if isinstance(node, nodes.Call) else _member(node)
    if isinstance(node, nodes.Call) and member and member[0] == "self":
        return f"self.{member[1]}()"
    if isinstance(node, nodes.Call) and member == ("page", "get"):
        return "page.get(…)"
    if not isinstance(node, nodes.Call) and member and member[0] == "page" and member[1] in ("content", "toc"):
        return f"page.{member[1]}"
    return None


def _truth_names(test: nodes.Node) -> list[nodes.Name]:
    """The bare names an `if`'s test asks only the truth of: itself, an operand of and/or/not, or of `is defined`."""
    if isinstance(test, nodes.Name):
        return [test]
    if isinstance(test, (nodes.And, nodes.Or)):
        return _truth_names(test.left) + _truth_names(test.right)
    if isinstance(test, nodes.Not) or (isinstance(test, nodes.Test) and test.name in ("defined", "undefined")):
        return _truth_names(test.node)
    return []


def _content_changed(tree: nodes.Template) -> list[tuple[int, str]]:
    """(line, what) of each place a theme template reads the page's rendered content other than writing it as it is,
    `{{ super() }}` alone in an output outside any set block, filter block, macro or call block, and of each use of
    `page` or `self` as a whole value (`{% set pg = page %}` renames them): the content holds every figure of the
    page, and `{{ super() | replace(",", "") }}` wrote 318,5 as 3185 with no digit typed (red teams 51 and 53)."""
    whole: set[int] = set()
    members: set[int] = set()

    def walk(node: nodes.Node, captured: bool) -> None:
        if isinstance(node, nodes.Output) and not captured:
            whole.update(id(expression) for expression in node.nodes)
        if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Filter)) and isinstance(node.node, nodes.Name):
            members.add(id(node.node))
        if isinstance(node, nodes.If):  # `{% if page and … %}`: a truth, not a value
            members.update(id(name) for name in _truth_names(node.test))
        captured = captured or isinstance(node, (nodes.AssignBlock, nodes.FilterBlock, nodes.Macro, nodes.CallBlock))
        for child in node.iter_child_nodes():
            walk(child, captured)

    walk(tree, False)
    found = [(node.lineno, read) for node in find_all(tree, (nodes.Call, nodes.Getattr, nodes.Getitem, nodes.Filter))
             for read in [_content_read(node)] if read and id(node) not in whole]
    found += [(node.lineno, node.name) for node in find_all(tree, nodes.Name)
              if node.name in CONTENT_NAMES and node.ctx == "load" and id(node) not in members]
    return sorted(found)


def _code_in_words(source: str, pages: bool) -> list[tuple[int, str]]:
    """(line, the word as written) of each piece of template code, or run of pieces, that stands inside a word: a
    letter or digit of the text right before it and right after it, as Jinja's lexer cuts the text (whitespace
    control and trim_blocks included). Jinja writes such a word whole ('fir{# x #}s' is 'firs', '<b{# x #}do' is
    '<bdo'), where the rules read its pieces apart (red team 18, findings 1 and 3). A written text shown by an
    output, `{{ "s" }}` or a name set only to one, counts as text (red team 19, finding 1: `fir{{ "s" }}` and
    `{{ "eigh" }}{{ "ty-one" }}` showed 'firs' and 'eighty-one'). The templates write none."""
    found, before, code, shown = [], None, [], ""  # shown: the output before, if the text before is its
    pieces = _shown_pieces(source, pages)
    for index, (line, text, written) in enumerate(pieces):
        if text is None and written.startswith("{{"):  # an output validate cannot know: a letter on either side
            after = next((t for _, t, _ in pieces[index + 1:] if t), "")
            if _glued(before or "") or _starts_word(after):  # (red team 20: {{ "eigh" if x else "" }}ty-one)
                found.append((line, re.findall(r"\w*$", before or "")[0] + written + re.findall(r"^\w*", after)[0]))
        if text is None or text == "":
            code.append(written)
            continue
        if before is not None and (code or shown or written != text) and _glued(before) and _starts_word(text):
            found.append((line, (shown or re.findall(r"\w*$", before)[0]) + "".join(code).strip()
                          + (written if written != text else re.findall(r"^\w*", joined(text))[0])))
        before, code, shown = text, [], written if written != text else ""
    return list(dict.fromkeys(found))


def _glued(before: str) -> bool:
    """Whether what follows the text `before` would join it: after a letter or a digit, also through markup that
    draws nothing ('eigh<b>{{ x }}': red team 22, finding 4), or inside a character reference ('&#{{ "xBD" }};' is
    '½': red team 20, finding 2)."""
    return joined(before)[-1:].isalnum() or re.search(r"&#?\w*$", before) is not None


def _starts_word(after: str) -> bool:
    """Whether the text `after` starts with a letter or a digit, also through markup that draws nothing
    ('{{ "eigh" }}<b>ty-one</b>': red team 22, finding 4)."""
    return joined(after)[:1].isalnum()


def _shown_pieces(source: str, pages: bool) -> list[tuple[int, str | None, str]]:
    """The template as (line, the text it shows or None for code that shows what validate cannot know, as written):
    its text, an output of one written text or of a name set only to written texts (`{% set w = "eigh" %}`), and the
    rest of its code (tags, comments, other outputs) as None."""
    import ast

    tokens = list(_compiler(pages).lex(source))
    constants = _constant_names(source)
    pieces, i = [], 0
    while i < len(tokens):
        line, token, value = tokens[i]
        if token == "data":
            pieces.append((line, value, value))
        elif token == "variable_begin":
            j = next(k for k in range(i, len(tokens)) if tokens[k][1] == "variable_end")
            inner = [t for t in tokens[i + 1:j] if t[1] != "whitespace"]
            written = "".join(v for _, _, v in tokens[i:j + 1])
            text = (ast.literal_eval(inner[0][2]) if len(inner) == 1 and inner[0][1] == "string"
                    else constants.get(inner[0][2]) if len(inner) == 1 and inner[0][1] == "name" else None)
            pieces.append((line, text, written))
            i = j
        else:
            pieces.append((line, None, value))
        i += 1
    return pieces


def _constant_names(source: str) -> dict[str, str]:
    """The names a template sets only to written texts (every `set`/`with` of the name is one)."""
    values: dict[str, set] = {}
    for node in find_all(parse(source), (nodes.Assign, nodes.With, nodes.For, nodes.AssignBlock)):
        pairs = zip(node.targets, node.values) if isinstance(node, nodes.With) else [
            (node.target, node.node if isinstance(node, nodes.Assign) else None)]
        for target, value in pairs:
            for name in [target, *target.find_all(nodes.Name)] if isinstance(target, nodes.Node) else []:
                if isinstance(name, nodes.Name):
                    text = value.value if isinstance(value, nodes.Const) and isinstance(value.value, str) else None
                    values.setdefault(name.name, set()).add(text)
    return {name: next(iter(texts)) for name, texts in values.items() if len(texts) == 1 and None not in texts}


@functools.cache
def _compiler(pages: bool) -> Environment:
    """The environment whose filters and tests a template is compiled with: the pages stage's (`pages`) or Jinja's
    (the other stages' templates: embed_env, the charts' export add none), sandboxed as they are rendered: Jinja
    computes a filter of written values while it compiles (`"x" | center(999999999)`), and the sandbox's filters
    refuse to make such a text there too, where Jinja's own would make it (template_sizes names it)."""
    if not pages:
        from build_scripts.core.sandbox import Sandbox

        return Sandbox()
    from build_scripts.core.lang import main
    from build_scripts.core.paths import Paths
    from build_scripts.stages.pages.stage import page_environment

    return page_environment(Paths.checkout(), main())  # the filters' and tests' names: the same in every language


@functools.lru_cache(maxsize=256)
def _compile_errors(source: str, pages: bool) -> tuple[tuple[int | None, str], ...]:
    """(the line, Jinja's words without their full stop) of each filter and test the environment does not have, in
    Jinja's words, or of what else stops Jinja compiling the template; kept per text, as parse. Read in the tree
    too: Jinja leaves a filter inside an `{% if %}` (as most of the pages' prose is: `{% if lang.code == "da" %}`)
    to fail when that branch is rendered."""
    env = _compiler(pages)
    found = [(node.lineno, f"No {kind} named {node.name!r}")
             for node in find_all(parse(source), (nodes.Filter, nodes.Test))
             for kind, known in [("filter", env.filters) if isinstance(node, nodes.Filter) else ("test", env.tests)]
             if node.name not in known]
    if not found:
        try:
            env.compile(source)
        except TemplateSyntaxError as err:  # TemplateAssertionError: 'block … defined twice'
            found.append((err.lineno, (err.message or type(err).__name__).rstrip(".")))
    return tuple(found)


@functools.lru_cache(maxsize=256)
def _unknown_names(source: str, known: frozenset) -> tuple[tuple[int, str], ...]:
    """(the first line that reads it, the name) of each name the template reads that it does not set itself
    (find_undeclared_variables: not a `set`, a loop's variable or a macro's parameter) and that is not `known`.
    A name the template sets anywhere is its own: Jinja counts one set in a loop's body or an `if` as read from
    outside too (`{% for … %}{% set rows = … %}{{ rows }}`), though the template sets it before reading it."""
    tree = _compiler(True).parse(source)  # find_undeclared_variables compiles it, with its environment's filters
    stored = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
    unknown = meta.find_undeclared_variables(tree) - known - stored
    first: dict[str, int] = {}
    for node in tree.find_all(nodes.Name):
        if node.name in unknown:
            first[node.name] = min(node.lineno, first.get(node.name, node.lineno))
    return tuple(sorted((first.get(name, 1), name) for name in unknown))


def page_context() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """What a template of the pages stage can read: (the pages stage's PAGE_GLOBALS, which its make_env holds itself
    to, and none of Jinja's own globals (red team 13, finding 3: a loop over `range(…)` counts a number); per template, relative to docs/, what `render` passes it besides: TEMPLATE_NAMES,
    the area pages' `area`)."""
    from build_scripts.stages.pages import stage as pages

    return pages.PAGE_GLOBALS, pages.TEMPLATE_NAMES


def _private_names(tree: nodes.Template) -> list[tuple[int, str]]:
    """(line, name) of each attribute or key the template reads that starts with '_' (`x.__globals__`,
    `x["__class__"]`, `x|attr("_y")`): the way from a template to Python. The pages and the theme are rendered in a
    sandbox, which refuses them while rendering (red team 8, finding 1); validate names them first, in one line."""
    found = []
    for node in find_all(tree, (nodes.Getattr, nodes.Getitem, nodes.Filter)):
        if isinstance(node, nodes.Getattr):
            name = node.attr
        elif isinstance(node, nodes.Getitem):
            name = node.arg.value if isinstance(node.arg, nodes.Const) else None
        else:
            name = node.args[0].value if node.name == "attr" and node.args and isinstance(node.args[0], nodes.Const) \
                else ("(computed)" if node.name == "attr" else None)
        if isinstance(name, str) and name.startswith(("_", "(computed)")):
            found.append((node.lineno, name))
    return found


# The methods a template may call as `x.name(…)` (the sandbox, core/sandbox.py, refuses any other at run time): what
# the real templates call. Texts, lists and mappings: append, get, items, values, split; the pages' helpers:
# package.records (a table's rows), language.name and language.translation (a name in the page's
# language); Material's language macro, lang.t, which docs/_overrides/ calls; Jinja's loop.cycle and loop.changed.
# Besides: a macro of a template the template imports (`{% import "_macros/x.html" as m %}{{ m.f() }}`) and a block
# of its own (`self.name()`).
CHANGING_METHODS = frozenset({"append"})  # of TEMPLATE_METHODS, those that change the value they are called on
TEMPLATE_METHODS = frozenset({"append", "get", "items", "values", "split", "records", "name", "translation", "t",
                              "cycle", "changed"})
# Names no template may use in any form (as an attribute, a key, with attr or a filter's attribute=): the ways to the
# files and to Jinja outside the sandbox (red team 9, finding 1).
FORBIDDEN_NAME = re.compile(r"get_env|from_string|get_template|read_.*|write_.*|to_.*|open|joinpath|hooks|plugins")
# Keywords that give a call something to call (list.sort's key; red team 10, finding 1).
CALLABLE_KEYWORDS = frozenset({"key", "default_factory", "object_hook", "cmp"})
# Keys of the data with such a name, which no method has: mkdocs.yml's extra.editions' to_main (a path, which
# docs/_overrides/main.html reads).
DATA_KEYS = frozenset({"to_main"})
ATTRIBUTE_FILTERS = ("map", "selectattr", "rejectattr", "sort", "groupby", "sum", "unique", "min", "max")


def _unsafe_calls(tree: nodes.Template, role: str = "page") -> list[tuple[int, str]]:
    """(line, name) of each method call `x.name(…)` or `x["name"](…)` outside TEMPLATE_METHODS (and not of a macro of
    an imported template or a block of its own), each call of what is neither a name nor a method ('(computed)'), and
    each use of a FORBIDDEN_NAME; see the constants."""
    imported = {node.target for node in find_all(tree, nodes.Import)} | {"self"}
    bound = _bound_names(tree)
    # The theme changes nothing: what MkDocs gives it (config.extra_templates, a list) it renders later, outside
    # the sandbox (red team 11, finding 1); the theme's sandbox refuses it too (theme_words.ThemeSandbox).
    allowed = TEMPLATE_METHODS - CHANGING_METHODS if role == "theme" else TEMPLATE_METHODS
    found = []
    for node in find_all(tree, nodes.Call):
        callee = node.node
        found += [(node.lineno, f"{kw.key}=") for kw in node.kwargs if kw.key in CALLABLE_KEYWORDS]
        if isinstance(callee, nodes.Name):
            if callee.name in bound:  # {% set srt = run.sort %}{{ srt(…) }}: a method under another name
                found.append((node.lineno, callee.name))
            continue
        name = _accessed_name(callee)
        if name is None:
            found.append((node.lineno, "(computed)"))
        elif not (name in allowed or (isinstance(callee.node, nodes.Name) and callee.node.name in imported)):
            found.append((node.lineno, name))
    for node in find_all(tree, (nodes.Getattr, nodes.Getitem, nodes.Filter)):
        names = [_accessed_name(node)] if not isinstance(node, nodes.Filter) else _filter_names(node)
        found += [(node.lineno, name) for name in names
                  if isinstance(name, str) and FORBIDDEN_NAME.fullmatch(name) and name not in DATA_KEYS]
    return sorted(set(found), key=found.index)


DECIMALS_AT = {"num": 1, "amount": 2}  # the helpers that take decimals, and where (core/fmt.py number)


def _bad_decimals(tree: nodes.Template) -> list[int]:
    """The lines where num() or amount() is given written decimals that are not a whole number from 0 to
    MAX_DECIMALS: a negative one rounds a figure to tens (98 -> 100; red team 13, finding 4), a large one stops the
    build. Decimals the template reads (the reconciliation's per unit) are held to the same rule by core/fmt.py
    while the page renders (one line, page_code_error)."""
    lines = []
    for node in find_all(tree, nodes.Call):
        at = DECIMALS_AT.get(node.node.name) if isinstance(node.node, nodes.Name) else None
        if at is None:
            continue
        given = [kw.value for kw in node.kwargs if kw.key == "decimals"] + node.args[at:at + 1]
        written = [value for value in given if isinstance(value, (nodes.Const, nodes.Neg, nodes.Pos))]
        if any(not (isinstance(value, nodes.Const) and type(value.value) is int and 0 <= value.value <= MAX_DECIMALS)
               for value in written):
            lines.append(node.lineno)
    return lines


def _bound_names(tree: nodes.Template) -> set[str]:
    """The names the template binds to a value of its own (set, for, with): calling one calls whatever it was given,
    a method outside TEMPLATE_METHODS included (red team 10, finding 1). Macros and imports bind names otherwise."""
    bound = set()
    for node in find_all(tree, (nodes.Assign, nodes.AssignBlock, nodes.For, nodes.With)):
        targets = node.targets if isinstance(node, nodes.With) else [node.target]
        bound |= {name.name for target in targets for name in target.find_all(nodes.Name)}
        bound |= {target.name for target in targets if isinstance(target, nodes.Name)}
    return bound


def _accessed_name(node: nodes.Node) -> str | None:
    """The name `x.name` or `x["name"]` reads; None for anything else."""
    if isinstance(node, nodes.Getattr):
        return node.attr
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
        return node.arg.value
    return None


def _filter_names(node: nodes.Filter) -> list[str]:
    """The attribute names a filter reads: attr's argument, the attribute= of map, selectattr, sort…"""
    names = [node.args[0].value] if node.name == "attr" and node.args and isinstance(node.args[0], nodes.Const) else []
    if node.name in ATTRIBUTE_FILTERS:
        names += [kw.value.value for kw in node.kwargs if kw.key == "attribute" and isinstance(kw.value, nodes.Const)]
        if node.name == "map" and node.args and isinstance(node.args[0], nodes.Const):
            names.append(node.args[0].value)  # map("x") applies a filter by that name
    return names


# What md() takes: the path of a page of docs/, for a Markdown link MkDocs checks. The helper writes it as it stands,
# so any other text would be markup (red team 36, finding 1: md("Svar: 70 af 98 kommuner svarede.") was shown, and
# md("<marquee hidden>") passed every markup rule). The pages stage's md() refuses the same.
PAGE_PATH = re.compile(r"[a-z0-9_-]+(?:/[a-z0-9_-]+)*\.md")


def _link_targets(tree: nodes.Template, markup: frozenset) -> list[tuple[int, str]]:
    """(the line, the target) of each md() whose target is no page's path: a written text, or a value that may be
    markup (the area pages' `area.page` is the data's, checked as the areas are). `markup`: markup_names(tree)."""
    return [(node.lineno, target.value if isinstance(target, nodes.Const) else "…")
            for node in find_all(tree, nodes.Call) if isinstance(node.node, nodes.Name) and node.node.name == "md"
            for target in node.args[:1] if not (PAGE_PATH.fullmatch(str(target.value)) if isinstance(
                target, nodes.Const) else not may_be_markup(target, markup))]


# Markup a page's own code makes (a macro's or a set block's text) is written as it stands where it is used, and
# reaches beyond it: a backtick it writes pairs with the page's backticks anywhere in the paragraph, a backslash makes
# the page's next character text, an element it opens takes in the page's text after it as raw HTML (red team 38:
# each showed a sentence validate read as code). So such text writes neither character, and closes every block
# element it opens; the code's texts hold neither character (a helper writes its argument: red team 36); and a page
# makes no call block, whose body a macro writes inside its own markup.
MARKUP_SYNTAX = re.compile(r"[`\\]")


def _markup_value_problems(tree: nodes.Template, where: str) -> list[Problem]:
    found = [Problem("page_call_block", where, node.lineno, kind="page_template")
             for node in find_all(tree, nodes.CallBlock)]
    found += [Problem("page_markup_changed", where, line, params={"what": what}, kind="page_template")
              for line, what in _markup_changed(tree, where.split("/", 1)[-1])]
    found += [Problem("page_include_not_macros", where, node.lineno, params={"name": excerpt(str(node.template.value))},
                      kind="page_template") for node in find_all(tree, (nodes.Include, nodes.Import, nodes.FromImport,
                                                                        nodes.Extends))
              if isinstance(node.template, nodes.Const) and _is_page_name(str(node.template.value))]
    found += [Problem("page_block_statement", where, node.lineno, kind="page_template")
              for node in find_all(tree, nodes.Block)]
    found += [Problem("page_load_with_context", where, node.lineno, kind="page_template")
              for node in find_all(tree, (nodes.Import, nodes.FromImport)) if node.with_context]
    found += [Problem("page_container_written", where, node.lineno, kind="page_template")
              for node in find_all(tree, nodes.Output) for child in node.nodes if _container(child)]
    texts = [(d.lineno, d.data) for body in find_all(tree, (nodes.Macro, nodes.AssignBlock))
             for d in body.find_all(nodes.TemplateData)]
    texts += [(c.lineno, c.value) for c in find_all(tree, nodes.Const) if isinstance(c.value, str)]
    found += [Problem("page_markup_character", where, line, params={"char": MARKUP_SYNTAX.search(text).group()},
                      kind="page_template") for line, text in texts if MARKUP_SYNTAX.search(text)]
    for body in find_all(tree, (nodes.Macro, nodes.AssignBlock)):
        tag = _unclosed_block("".join(d.data for d in body.find_all(nodes.TemplateData)))  # (as Jinja writes it)
        if tag:
            found.append(Problem("page_markup_unclosed", where, body.lineno, params={"tag": tag},
                                 kind="page_template"))
    return found


# The one place a page shows markup it makes as text: the chart's embed code, a set block shown in a code block
# (`{{ snippet | forceescape }}`), pinned by the SHA-256 of the set block's syntax tree, so that no other markup of the
# file is shown so (red team 44, finding 4). A change to the snippet changes the pin (the test says the new one).
MARKUP_AS_TEXT = {("_macros/chart.html", "snippet"): "3aff1d47772540cf0c111c86b4b9d92ca2f90ee46be4bf487162ef51957b4771"}


def markup_as_text_pin(tree: nodes.Template, name: str) -> str:
    """The SHA-256 of the syntax tree of the set blocks named `name` (MARKUP_AS_TEXT)."""
    import hashlib

    bodies = [repr(node.body) for node in find_all(tree, nodes.AssignBlock)
              if isinstance(node.target, nodes.Name) and node.target.name == name]
    return hashlib.sha256("\n".join(bodies).encode()).hexdigest()


def _shown_as_text(tree: nodes.Template, home: str, node: nodes.Filter) -> bool:
    """Whether a filter is the embed code's `| forceescape` of its pinned set block (MARKUP_AS_TEXT): the name bound
    once in the whole template, by that set block (no other set, with, loop or parameter of the name: red team 46)."""
    name = node.node.name if isinstance(node.node, nodes.Name) else None
    pin = MARKUP_AS_TEXT.get((home, name))
    return (node.name == "forceescape" and pin is not None and markup_as_text_pin(tree, name) == pin
            and _bindings(tree, name) == 1)


def _bindings(tree: nodes.Template, name: str) -> int:
    """How many times a template binds `name`: set, set block, with, a loop's or a macro's or call's parameter, import."""
    targets = [node.target for node in find_all(tree, (nodes.Assign, nodes.AssignBlock, nodes.For))]
    targets += [target for node in find_all(tree, nodes.With) for target in node.targets]
    targets += [arg for node in find_all(tree, (nodes.Macro, nodes.CallBlock)) for arg in node.args]
    count = sum(1 for target in targets for n in [target, *target.find_all(nodes.Name)]
                if isinstance(n, nodes.Name) and n.name == name)
    count += sum(1 for node in find_all(tree, nodes.Import) if node.target == name)
    return count + sum(1 for node in find_all(tree, nodes.FromImport) for n in node.names
                       if (n if isinstance(n, str) else n[-1]) == name)


def _markup_changed(tree: nodes.Template, home: str) -> list[tuple[int, str]]:
    """(the line, what) of each place the template's own markup is computed with rather than written as it is: a
    filter but e/escape, a subscript or slice, an attribute but of an import or self, an argument, a loop over it
    (red team 42, finding 1: `{{ m() | forceescape }}`, `| markdown`, `| tojson`, `| replace("span", "")` showed
    a macro's hidden attribute as text)."""
    from build_scripts.stages.validate.typed_numbers import _holds

    made = markup_names(tree, made=True)
    spaces = {node.target for node in find_all(tree, nodes.Import)} | {"self"}
    found = []
    loops = {id(node.iter) for node in find_all(tree, nodes.For)}
    for node in find_all(tree, (nodes.Filter, nodes.Getitem, nodes.Getattr, nodes.Call, nodes.For, nodes.List,
                               nodes.Tuple, nodes.Dict)):
        if isinstance(node, nodes.Filter):
            bad = node.node is not None and _holds(node.node, made) and node.name not in ("e", "escape") and not (
                _shown_as_text(tree, home, node))
            what = f"| {node.name}"
        elif isinstance(node, nodes.Call):
            bad = any(_holds(arg, made) for arg in (*node.args, *(k.value for k in node.kwargs)))
            what = "(…)"
        elif isinstance(node, nodes.For):
            bad = _holds(node.iter, made) and not isinstance(node.iter, (nodes.List, nodes.Tuple))
            what = "for … in"
        elif isinstance(node, (nodes.List, nodes.Tuple, nodes.Dict)):  # written, it shows its items' Python form
            bad = _holds(node, made) and id(node) not in loops
            what = "[…]"
        else:
            bad = _holds(node.node, made) and not (isinstance(node.node, nodes.Name) and node.node.name in spaces)
            what = "." if isinstance(node, nodes.Getattr) else "[…]"
        if bad:
            found.append((node.lineno, what))
    return found


# The globals that are lists or mappings (pages.PAGE_GLOBALS): written, each would show its Python form.
CONTAINER_GLOBALS = frozenset({"areas", "changelog", "charts_on_page", "citation", "dp", "kf", "published",
                               "reconciliation", "reconciliation_fields", "regions", "site", "st", "tg"})


def _container(expression: nodes.Node) -> bool:
    """Whether an output's expression is a list, a mapping or a yes/no, which the pages write only as text or number
    (pages.escape stops at anything else: red team 48, finding 3): a literal, a test or comparison, a mapping's
    views, `| list`, or one of CONTAINER_GLOBALS (or its attribute) as it is."""
    if isinstance(expression, (nodes.List, nodes.Tuple, nodes.Dict, nodes.Test, nodes.Compare, nodes.Not)):
        return True
    if isinstance(expression, nodes.Filter) and expression.name in ("list", "dictsort", "batch", "slice", "groupby"):
        return True
    if isinstance(expression, nodes.Call) and isinstance(expression.node, nodes.Getattr):
        return expression.node.attr in ("values", "items", "keys")
    base = expression
    while isinstance(base, nodes.Getattr):
        base = base.node
    return isinstance(base, nodes.Name) and base.name in CONTAINER_GLOBALS and base is expression or (
        isinstance(expression, nodes.Getattr) and isinstance(expression.node, nodes.Name)
        and expression.node.name == "site")


def _is_page_name(name: str) -> bool:
    """Whether a name a page loads is a page-role template outside docs/_macros/: another page, the area pages'
    template (red team 46, finding 4). A name not written as it stands, or of another role, has its own message
    (page_load_name_not_normal, page_loads_other_role)."""
    return (normal_name(name) == name and is_template(name) and role(name) == "page"
            and not name.startswith(f"{MACROS}/"))


def _unclosed_block(text: str) -> str | None:
    """The first block element a text opens without closing it, or closes without opening it."""
    from build_scripts.stages.validate.typed_numbers import BLOCK_TAGS, TAG_NAME

    open_tags = []
    for slash, name in TAG_NAME.findall(text):
        name = name.lower()
        if name not in BLOCK_TAGS:
            continue
        if not slash:
            open_tags.append(name)
        elif not open_tags or open_tags.pop() != name:
            return name
    return open_tags[0] if open_tags else None


def _powers(tree: nodes.Template) -> list[int]:
    """The line of each '**' (the pages need none; the sandbox bounds it while rendering)."""
    return [node.lineno for node in find_all(tree, nodes.Pow)]


# The roles of the templates a template of each role may load: a page only pages and macros, which validate reads
# with a page's rules (red team 14, finding 1: a page included _templates/note.md, read as the code's, and
# _overrides/partials/x.html, read as the theme's, and neither was held to the value-changed rule); the code's own
# templates (the embeds) pages and their own. The loaders hold the same (pages.TemplateLoader).
LOADABLE = {"page": frozenset({"page"}), "code": frozenset({"page", "code"})}


def _missing_templates(env: Environment, tree: nodes.Template, where: str, role: str) -> list[Problem]:
    """Each template the page loads by a name written in it that the pages' loader does not find, or of a role the
    page may not load (LOADABLE)."""
    found = []
    for node in find_all(tree, tuple(LOADS)):
        name = node.template.value if isinstance(node.template, nodes.Const) else None
        if not isinstance(name, str) or getattr(node, "ignore_missing", False):  # red team 13, finding 1
            found.append(Problem("page_load_not_written", where, node.lineno, params={"tag": LOADS[type(node)]},
                                 kind="page_template"))
            continue
        if name != normal_name(name):  # './_templates/x.md' is read as _templates/x.md (red team 15, finding 1)
            found.append(Problem("page_load_name_not_normal", where, node.lineno, params={
                "template": excerpt(name), "tag": LOADS[type(node)], "normal": excerpt(normal_name(name))},
                kind="page_template"))
            continue
        if not is_template(name):  # a file validate does not read as a template (red team 12, finding 1)
            found.append(Problem("page_loads_other_file", where, node.lineno,
                                 params={"template": excerpt(name), "tag": LOADS[type(node)]}, kind="page_template"))
            continue
        if _role(name) not in LOADABLE[role]:
            found.append(Problem("page_loads_other_role", where, node.lineno, params={
                "template": excerpt(name), "tag": LOADS[type(node)]}, kind="page_template"))
            continue
        try:
            env.loader.get_source(env, name)
        except UnicodeDecodeError:
            continue  # there, but not UTF-8: named as its own problem (page_not_utf8)
        except TemplateNotFound:
            found.append(Problem("page_template_missing", where, node.lineno,
                                 params={"template": excerpt(name), "tag": LOADS[type(node)]}, kind="page_template"))
    return found


def lang_test(test: nodes.Node) -> str | None:
    """The code in a test `lang.code == "xx"`, or None for any other test."""
    if (isinstance(test, nodes.Compare) and len(test.ops) == 1 and test.ops[0].op == "eq"
            and isinstance(test.expr, nodes.Getattr) and test.expr.attr == "code"
            and isinstance(test.expr.node, nodes.Name) and test.expr.node.name == "lang"
            and isinstance(test.ops[0].expr, nodes.Const)):
        return test.ops[0].expr.value
    return None


def front_matter_error(block: str) -> tuple[int, str | Phrase] | None:
    """Why MkDocs would show `block`, the text between a page's front matter's fences, as text: (the line in the
    block, counted from 0, and YAML's words), or (0, Phrase) when it is YAML but not keys with values; None if it
    reads it. Read as MkDocs reads it (the safe loader, in C where there is one)."""
    import yaml

    try:
        data = yaml.load(block, Loader=_yaml_loader())
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        return (mark.line if mark else 0), excerpt(err.problem or err.context or str(err), 200)
    except yaml.YAMLError as err:
        return 0, excerpt(str(err).splitlines()[0] if str(err) else type(err).__name__, 200)
    return None if isinstance(data, dict) else (0, Phrase("front_matter_no_keys"))


def _yaml_loader():
    return yaml_loader()


def front_matter_other_key(block: str) -> tuple[int, str] | None:
    """The first key of a front matter MkDocs reads (front_matter_error is None) not in FRONT_MATTER_KEYS, as (its
    line in the block, counted from 0, the key), or None. MkDocs and the theme act on other keys: `template:` chose
    any template of the theme, a redirect among them, or a file outside it, and stopped the build (red team 26,
    finding 2)."""
    import yaml

    node = yaml.compose(block, Loader=_yaml_loader())
    for key, _ in node.value if isinstance(node, yaml.MappingNode) else []:
        if not (isinstance(key, yaml.ScalarNode) and key.value in FRONT_MATTER_KEYS):
            return key.start_mark.line, excerpt(str(key.value))
    return None


def front_matter_not_text(block: str) -> tuple[int, str, str] | None:
    """The first key of PAGE_TEXTS that a front matter MkDocs reads (front_matter_error is None) gives as anything
    but a text with content (a list, a mapping, a number, null, ''), as (its line in the block, counted from 0, the
    key, the value as YAML read it: _as_json); None if each is a text. The theme would print such a value as Python
    writes it (['About', 'the site']) in the page's title, description or preview."""
    import yaml

    data = yaml.load(block, Loader=_yaml_loader())
    for key in PAGE_TEXTS:
        value = data.get(key, "")
        if key not in data or (isinstance(value, str) and value.strip()):
            continue
        node = yaml.compose(block, Loader=_yaml_loader())  # the last line giving the key (YAML keeps the last)
        line = max((k.start_mark.line for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == key),
                   default=0)
        return line, key, excerpt(_as_json(value), 120)
    return None


def _as_json(value) -> str:
    """A value YAML read, written as JSON (a text in quotes), or as Python writes it where JSON has no form (a date)."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


# MkDocs's MultiMarkdown metadata (mkdocs.utils.meta.META_RE): a page's first lines 'key: value' without '---' are its
# title and description, written as they stand in <title> and the meta tags (red team 48, finding 1).
META_LINE = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:")


def front_matter_problems(source: str, where: str) -> list[Problem]:
    """The front matter of a page template, in every language (see the module's docstring)."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not OPENING.fullmatch(lines[0]):  # no front matter: MkDocs shows the page as it is, but for a first line it
        # reads as MultiMarkdown's metadata ('title: …', without '---'), which it takes off the page for its title
        return [Problem("front_matter_unfenced", where, 1, kind="invalid_front_matter")] if META_LINE.match(
            lines[0]) else []
    end = next((number for number in range(1, len(lines)) if CLOSING.fullmatch(lines[number])), None)
    if end is None:
        return [Problem("front_matter_unclosed", where, 1, kind="invalid_front_matter")]
    try:
        tree = Environment().parse("\n".join(lines[: end + 1]))
    except TemplateSyntaxError:
        return []  # a block that runs on past the front matter: the pages stage reads it as rendered
    found = []
    for lang in languages():
        pieces = []
        if not _pieces(tree.body, lang.code, pieces):
            return []  # values from the data: the pages stage reads it as rendered
        # The opening line left empty, so that YAML's line (from 0) is the template's (from 1).
        block = "\n" + "\n".join(_placed(pieces).split("\n")[1:end]) + "\n"
        error = front_matter_error(block)
        if error:
            line, words = error
            found.append(Problem("front_matter_invalid", where, line + 1,
                                 params={"lang": lang.code, "error": words}, kind="invalid_front_matter"))
        elif front_matter_not_text(block):
            line, key, value = front_matter_not_text(block)
            found.append(Problem("front_matter_not_text", where, line + 1,
                                 params={"lang": lang.code, "key": key, "value": value}, kind="invalid_front_matter"))
        elif front_matter_other_key(block):
            line, key = front_matter_other_key(block)
            found.append(Problem("front_matter_key", where, line + 1, params={"lang": lang.code, "key": key,
                                 "keys": ", ".join(FRONT_MATTER_KEYS)}, kind="invalid_front_matter"))
    return found


def _pieces(body: list, code: str, out: list) -> bool:
    """The text language `code`'s edition of the front matter is made of, as (its line, the text), into `out`;
    False if it holds anything but text and blocks of prose per language."""
    for node in body:
        if isinstance(node, nodes.Output) and all(isinstance(part, nodes.TemplateData) for part in node.nodes):
            out += [(part.lineno, part.data) for part in node.nodes]
        elif isinstance(node, nodes.If) and all(lang_test(branch.test) for branch in (node, *node.elif_)):
            chosen = next((b.body for b in (node, *node.elif_) if lang_test(b.test) == code), node.else_)
            if not _pieces(chosen, code, out):
                return False
        else:
            return False
    return True


def _placed(pieces: list) -> str:
    """The pieces of text joined, each starting on its own line of the template (the other languages' lines and the
    tags' are left empty)."""
    text = ""
    for line, data in pieces:
        text += "\n" * max(0, line - 1 - text.count("\n")) + data
    return text
