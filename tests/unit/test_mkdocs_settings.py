"""What the MkDocs files may say is pinned in code (red team 9, finding 2; validate/mkdocs_settings.py): the review's
`pymdownx.snippets` with base_path "/" published /etc/hostname, and `hooks`, `plugins`, `theme.custom_dir`,
`docs_dir`, `site_dir`, `extra_css`, `INHERIT` and any other key were free. Each is one line naming the file, the
line and the key, from validate and (run alone) from the site stage, before MkDocs runs. No build: the settings
are read from copies of the checkout's two files."""

import json
import shutil

import pytest
from test_gate import problems_for

from build_scripts.core.paths import Paths
from build_scripts.core.text import excerpt
from build_scripts.stages.site import stage as site
from build_scripts.stages.validate import files, mkdocs_settings
from conftest import CHECKOUT

EXTENSIONS = "admonition, attr_list, md_in_html, tables, build_scripts.stages.site.md_tables, def_list, toc"
MAIN_KEYS = ("site_name, site_url, repo_url, repo_name, edit_uri, site_description, site_author, docs_dir, site_dir, "
             "strict, use_directory_urls, theme, plugins, hooks, extra_css, extra_javascript, extra, "
             "markdown_extensions, validation, nav")
EDITION_KEYS = "INHERIT, site_name, site_url, site_description, docs_dir, theme, plugins, nav"
THEME_KEYS = "name, language, font, custom_dir, features, palette"


@pytest.fixture
def root(tmp_path):
    """A folder with copies of mkdocs.yml and mkdocs.en.yml (its docs/: the checkout's, as validate finds them)."""
    for path in (CHECKOUT.mkdocs_yml, CHECKOUT.root / "mkdocs.en.yml"):
        shutil.copyfile(path, tmp_path / path.name)
    return tmp_path


def edit(root, old, new, name="mkdocs.yml") -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(root, start, name="mkdocs.yml") -> int:
    """The line of the first line of the file that starts with `start`."""
    lines = (root / name).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


def said(root) -> list[str]:
    return [str(problem) for problem in files.settings_problems(root)]


def not_allowed(line, key, allowed, name="mkdocs.yml", allowed_en=None):
    return (f"{name}: linje {line}, felt {key}: {key} er ikke en indstilling, byggeriet tillader her (det tillader: "
            f"{allowed}). En anden MkDocs-indstilling, Markdown-udvidelse eller plugin kan læse filer uden for "
            "projektet eller køre kode, når sitet bygges, og udgive det. Slet den (listen står i "
            f"build_scripts/stages/validate/mkdocs_settings.py). | line {line}, field {key}: {key} is not a setting "
            f"the build allows here (it allows: {allowed_en or allowed}). Another MkDocs setting, Markdown extension "
            "or plugin can read files outside the project or run code when the site is built, and publish it. Delete "
            "it (the list is in build_scripts/stages/validate/mkdocs_settings.py).")


def pinned(line, key, value, expected, name="mkdocs.yml"):
    return (f"{name}: linje {line}, felt {key}: {key} er {value}, men byggeriet tillader kun {expected} her: "
            "indstillingen bestemmer, hvilke filer og hvilken kode MkDocs læser eller skriver, når sitet bygges. "
            f"Skriv {expected} (eller slet linjen). | line {line}, field {key}: {key} is {value}, but the build allows "
            f"only {expected} here: the setting decides which files and which code MkDocs reads or writes when it "
            f"builds the site. Write {expected} (or delete the line).")


def asset(line, key, value, name="mkdocs.yml"):
    return (f"{name}: linje {line}, felt {key}: {key} er '{value}', men skal være stien til en fil i docs/, som findes "
            "(bogstaver, tal, _, - og ., adskilt af /; uden skema, // og ..): sitet henter intet fra andre værter og "
            f"udgiver kun docs/'s filer. | line {line}, field {key}: {key} is '{value}', but must be the path of a file "
            "in docs/ that exists (letters, digits, _, - and ., joined by /; no scheme, // or ..): the site loads "
            "nothing from other hosts and publishes only docs/'s files.")


SNIPPETS = '  pymdownx.snippets:\n    base_path: ["/"]\n    check_paths: true\n'


def test_the_checkouts_files_say_only_what_is_allowed():
    assert files.pinned_problems(CHECKOUT.root) == []


def test_the_reviews_snippets_extension_is_refused_by_validate(package_copy):
    """The review's repro: pymdownx.snippets after def_list, base_path "/" (it published /etc/hostname)."""
    root = package_copy.parent.parent
    for path in (CHECKOUT.mkdocs_yml, CHECKOUT.root / "mkdocs.en.yml"):
        shutil.copyfile(path, root / path.name)
    edit(root, "  def_list:\n", "  def_list:\n" + SNIPPETS)
    line = line_of(root, "  pymdownx.snippets:")
    assert problems_for(package_copy) == [not_allowed(line, "markdown_extensions.pymdownx.snippets", EXTENSIONS)]


@pytest.mark.parametrize("old,added,key,allowed,allowed_en", [
    ("  def_list:\n", "  pymdownx.snippets:\n", "markdown_extensions.pymdownx.snippets", EXTENSIONS, None),
    ("    permalink: true\n", "    slugify: x\n", "markdown_extensions.toc.slugify", "permalink", None),
    ("  admonition:\n", "    x: 1\n", "markdown_extensions.admonition.x", "ingen", "none"),
    ("      lang: da\n", "      prebuild_index: python\n", "plugins.search.prebuild_index", "lang", None),
    ("  - search:\n      lang: da\n", "  - macros\n", "plugins.macros", "search", None),
    ("strict: true\n", "watch: [/etc]\n", "watch", MAIN_KEYS, None),
    ("strict: true\n", "INHERIT: mkdocs.en.yml\n", "INHERIT", MAIN_KEYS, None),  # only an edition's
    ("  font: false\n", "  static_templates: [x.html]\n", "theme.static_templates", THEME_KEYS, None),
])
def test_a_key_extension_plugin_or_option_the_build_does_not_use_is_refused(root, old, added, key, allowed,
                                                                            allowed_en):
    edit(root, old, old + added)
    assert said(root) == [not_allowed(line_of(root, added.rstrip("\n")), key, allowed, allowed_en=allowed_en)]


def test_a_list_of_extensions_is_read_too(root):
    edit(root, "markdown_extensions:  # a mapping", "markdown_extensions_old:  # a mapping")
    path = root / "mkdocs.yml"
    path.write_text(path.read_text(encoding="utf-8") + "markdown_extensions:\n  - toc\n  - pymdownx.snippets:\n"
                    "      base_path: [/]\n", encoding="utf-8")
    assert said(root) == [not_allowed(line_of(root, "markdown_extensions_old"), "markdown_extensions_old", MAIN_KEYS),
                          not_allowed(line_of(root, "  - pymdownx.snippets"), "markdown_extensions.pymdownx.snippets",
                                      EXTENSIONS)]


@pytest.mark.parametrize("old,new,key,value,expected", [
    ("  - build_scripts/stages/site/theme_words.py\n", "  - build_scripts/stages/site/theme_words.py\n  - evil.py\n",
     "hooks", '["build_scripts/stages/site/theme_words.py", "evil.py"]', '["build_scripts/stages/site/theme_words.py"]'),
    ("  custom_dir: docs/_overrides\n", "  custom_dir: /etc\n", "theme.custom_dir", '"/etc"', '"docs/_overrides"'),
    ("  name: material\n", "  name: mkdocs\n", "theme.name", '"mkdocs"', '"material"'),
    ("  font: false\n", "  font: {text: Roboto}\n", "theme.font", '{"text": "Roboto"}', "false"),  # Google Fonts
    ("docs_dir: build/docs\n", "docs_dir: /\n", "docs_dir", '"/"', '"build/docs"'),
    ("site_dir: site\n", "site_dir: /tmp\n", "site_dir", '"/tmp"', '"site"'),
    # Red team 54, finding 4: with content.action.edit, Material writes a link from repo_url and edit_uri, unescaped,
    # into every page ('https://evil.example/?"><b>81 af 98</b>…')
    ('edit_uri: ""', "edit_uri: https://evil.example/", "edit_uri", '"https://evil.example/"', '""'),
    ("    - content.code.copy\n", "    - content.code.copy\n    - content.action.edit\n", "theme.features",
     '["navigation.top", "navigation.footer", "toc.follow", "content.code.copy", "content.action.edit"]',
     '["navigation.top", "navigation.footer", "toc.follow", "content.code.copy"]'),
    # Red team 55, findings 9 and 10: every heading followed by '81 af 98 kommuner'; every source link and
    # permalink to an address that does not exist
    ("    permalink: true\n", "    permalink: 81 af 98 kommuner\n", "markdown_extensions.toc.permalink",
     '"81 af 98 kommuner"', "true"),
    ("use_directory_urls: true\n", "use_directory_urls: false\n", "use_directory_urls", "false", "true"),
    ("    absolute_links: warn\n", "    absolute_links: ignore\n", "validation", excerpt(
        '{"nav": {"omitted_files": "warn", "not_found": "warn"}, "links": {"not_found": "warn", "anchors": "warn", '
        '"absolute_links": "ignore", "unrecognized_links": "warn"}}', 120),
     '{"nav": {"omitted_files": "warn", "not_found": "warn"}, "links": {"not_found": "warn", "anchors": "warn", '
     '"absolute_links": "warn", "unrecognized_links": "warn"}}'),
])
def test_a_pinned_setting_with_another_value_is_refused(root, old, new, key, value, expected):
    edit(root, old, new)
    line = line_of(root, {"hooks": "hooks:", "theme.features": "  features:", "validation": "validation:"}.get(
        key, new.split("\n")[0]))
    assert said(root) == [pinned(line, key, value, expected)]


@pytest.mark.parametrize("old,new,key,value,expected", [
    ("INHERIT: mkdocs.yml\n", "INHERIT: ../../etc/x.yml\n", "INHERIT", '"../../etc/x.yml"', '"mkdocs.yml"'),
    ("docs_dir: build/docs-en\n", "docs_dir: build/docs\n", "docs_dir", '"build/docs"', '"build/docs-en"'),
    ("  language: en\n", "  language: en\n  custom_dir: /\n", "theme.custom_dir", '"/"', '"docs/_overrides"'),
])
def test_an_editions_pinned_setting_with_another_value_is_refused(root, old, new, key, value, expected):
    edit(root, old, new, name="mkdocs.en.yml")
    line = line_of(root, new.split("\n")[-2], name="mkdocs.en.yml")
    assert said(root) == [pinned(line, key, value, expected, name="mkdocs.en.yml")]


@pytest.mark.parametrize("name,old,key,expected", [
    ("mkdocs.yml", "hooks:\n  - build_scripts/stages/site/theme_words.py\n", "hooks",
     '["build_scripts/stages/site/theme_words.py"]'),
    ("mkdocs.en.yml", "INHERIT: mkdocs.yml\n", "INHERIT", '"mkdocs.yml"'),
])
def test_the_hook_that_sandboxes_the_theme_cannot_be_left_out(root, name, old, key, expected):
    """Without it, the theme's templates would be rendered by MkDocs's own Jinja, outside the sandbox (red team 8)."""
    edit(root, old, "", name=name)
    assert said(root) == [
        f"{name}: felt {key}: {key} mangler: byggeriet kræver {expected} her. Krogen i "
        "build_scripts/stages/site/theme_words.py giver temaet dets ord og bygger temaets skabeloner i en sandkasse; "
        f"en udgave får den fra mkdocs.yml (INHERIT). Skriv {key}: {expected}. | field {key}: {key} is missing: the "
        f"build needs {expected} here. The hook build_scripts/stages/site/theme_words.py gives the theme its words and "
        "renders the theme's templates in a sandbox; an edition gets it from mkdocs.yml (INHERIT). Write "
        f"{key}: {expected}."]


PALETTE_BLOCK = "  # Light or dark as the reader's system prefers"


@pytest.mark.parametrize("name,old,key,expected", [
    ("mkdocs.yml", "  font: false\n", "theme.font", "false"),
    ("mkdocs.yml", "site_dir: site\n", "site_dir", '"site"'),
    ("mkdocs.en.yml", "docs_dir: build/docs-en\n", "docs_dir", '"build/docs-en"'),
    ("mkdocs.en.yml", "theme:\n  language: en\n", "theme.language", '"en"'),
])
def test_a_pinned_setting_left_out_is_refused(root, name, old, key, expected):
    """Left out, MkDocs would take the theme's default (the words hook cannot read Material's default palette) or the
    edition would inherit the main file's value: the English edition built from the Danish pages, in Danish."""
    edit(root, old, "", name=name)
    assert said(root) == [required(name, key, expected)]


def test_the_main_files_palette_cannot_be_left_out(root):
    """Session 13's open finding: the pinned palette was checked only where it was given."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = text.index(PALETTE_BLOCK), text.index("\nplugins:")
    (root / "mkdocs.yml").write_text(text[:start] + text[end:], encoding="utf-8")
    assert said(root) == [required("mkdocs.yml", "theme.palette", json.dumps(mkdocs_settings.PALETTE))]


def required(name, key, expected):
    return (f"{name}: felt {key}: {key} mangler: byggeriet kræver {expected} her (fastlåst i "
            "build_scripts/stages/validate/mkdocs_settings.py): uden den bruger MkDocs temaets standard eller arver "
            f"hovedfilens værdi, og sitet bygges ikke, som det er prøvet. Skriv {key}: {expected}. | field {key}: {key} "
            f"is missing: the build needs {expected} here (pinned in build_scripts/stages/validate/mkdocs_settings.py): "
            "without it MkDocs uses the theme's default or inherits the main file's value, and the site is not built as "
            f"it was tested. Write {key}: {expected}.")


def test_a_key_the_edition_does_not_use_is_refused(root):
    edit(root, "docs_dir: build/docs-en\n", "docs_dir: build/docs-en\nsite_dir: /tmp/x\n", name="mkdocs.en.yml")
    line = line_of(root, "site_dir", name="mkdocs.en.yml")
    assert said(root) == [not_allowed(line, "site_dir", EDITION_KEYS, name="mkdocs.en.yml")]


@pytest.mark.parametrize("value", [
    "https://evil.example/x.css",  # the review's (finding 3): on every page
    "//evil.example/x.css", "../mkdocs.yml", "assets/../../mkdocs.yml", "/etc/hostname", "assets//stylesheets/extra.css",
    "assets/stylesheets/missing.css", "assets\\stylesheets\\extra.css", "data:text/css,x",
])
def test_an_extra_css_that_is_no_file_in_docs_is_refused(root, value):
    edit(root, "  - assets/stylesheets/extra.css\n", f"  - assets/stylesheets/extra.css\n  - {value}\n")
    line = line_of(root, f"  - {value}")
    assert said(root) == [asset(line, "extra_css/1", value)]


def test_extra_javascript_is_a_file_in_docs_too(root):
    edit(root, "strict: true\n", "strict: true\nextra_javascript: [https://evil.example/x.js]\n")
    line = line_of(root, "extra_javascript")
    assert said(root) == [asset(line, "extra_javascript/0", "https://evil.example/x.js")]
    edit(root, "extra_javascript: [https://evil.example/x.js]", "extra_javascript: [assets/javascripts/embed-height.js]")
    assert said(root) == []


def test_the_site_stage_run_alone_stops_before_mkdocs_runs(root):
    edit(root, "  def_list:\n", "  def_list:\n" + SNIPPETS)
    line = line_of(root, "  pymdownx.snippets:")
    with pytest.raises(site.BuildFailed) as failed:
        site.check_settings(Paths(root))
    assert str(failed.value) == not_allowed(line, "markdown_extensions.pymdownx.snippets", EXTENSIONS)
