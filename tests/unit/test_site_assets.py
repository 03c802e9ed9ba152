"""docs/'s stylesheets and scripts are read for what they show (red team 16, finding 1; validate/assets.py).

Before: a stylesheet's `content: " (81 af 98 kommuner svarede)"` put a typed number and a false claim on every page,
and docs/assets/javascripts/tal.js, listed in mkdocs.yml's extra_javascript, rewrote every "80" on the site to "81"
in the reader's browser; validate and the build passed both (the stylesheets were read only for addresses on other
hosts, the scripts not at all). Each is one line naming the file (and a stylesheet's line). No build: validate's
functions on a copy of docs/ and of the MkDocs files."""

import hashlib
import shutil

import pytest
from test_remote_addresses import append, found  # (without the stylesheets' pins: tested below)

from build_scripts.core.paths import Paths
from build_scripts.stages.site import stage as site
from build_scripts.stages.validate import assets, files, templates
from conftest import CHECKOUT

EXTRA_CSS = "assets/stylesheets/extra.css"
TAL_JS = ('document.addEventListener("DOMContentLoaded", function () {\n'
          '  var w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), n;\n'
          '  while ((n = w.nextNode())) n.nodeValue = n.nodeValue.replace(/\\b80\\b/g, "81");\n});\n')
EMBED_HEIGHT = "assets/javascripts/embed-height.js"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def shows(line, prop, shown, where="docs/assets/stylesheets/extra.css"):
    return (f"{where}: linje {line}: {prop} viser {shown} på siden (med CSS-escapes læst): en tekst, som ingen regel "
            "læser, på hver side, der bruger stylesheetet (et tal eller en påstand). Et stylesheet viser kun tegn uden "
            'bogstaver og cifre (fx " (" og "⚠ "), none, normal og attr() af href eller af en attribut, sidernes '
            "talregel læser som tekst (fx data-label); ikke counter(), var() eller andet. Skriv teksten i siden, eller "
            f"slet den. | line {line}: {prop} shows {shown} on the page (CSS escapes read): a text no rule reads, on "
            "every page that uses the stylesheet (a number or a claim). A stylesheet shows only characters with no "
            'letter and no digit (" (" and "⚠ ", say), none, normal and attr() of href or of an attribute the pages\' '
            "number rule reads as text (data-label, say); not counter(), var() or anything else. Write the text in "
            "the page, or delete it.")


def changes(line, what, where="docs/assets/stylesheets/extra.css"):
    return (f"{where}: linje {line}: {what} ændrer, hvordan sidens tekst tegnes (den vender eller spejler tegnene, "
            "maskerer dem, tegner et ciffer som et andet eller nummererer lister), og det læser ingen regel: læseren "
            "ville se et andet tal end det, siden skriver. Sitet bruger ingen af dem (listen står i "
            f"build_scripts/stages/validate/assets.py). Slet det. | line {line}: {what} changes how the page's text "
            "is drawn (it reverses or mirrors the characters, masks them, draws one digit as another or numbers "
            "lists), which no rule reads: the reader would see another figure than the page writes. The site uses "
            "none of them (the list is in build_scripts/stages/validate/assets.py). Delete it.")


def data_address(line, address, where="docs/assets/stylesheets/extra.css"):
    return (f"{where}: linje {line}: Stylesheetet beder om en data:-adresse ('{address}'): et billede skrevet ind i "
            "stylesheetet kan vise enhver tekst og ethvert tal, og det læser ingen regel (siderne må heller ikke have "
            f"data:-adresser). Slet den. | line {line}: The stylesheet asks for a data: address ('{address}'): an "
            "image written into the stylesheet can show any text and any figure, which no rule reads (the pages may "
            "hold no data: address either). Delete it.")


def not_pinned(where, actual):
    return (f"{where}: Et script, som koden ikke fastlåser (SCRIPTS i build_scripts/stages/validate/assets.py): et "
            "script kører i læserens browser og kan ændre hvert tal på sitet, uden at nogen regel læser det, så et "
            "script er kode, ikke data. Slet filen. Skal sitet have et nyt script, tilføjer en vedligeholder det i "
            f"koden med dets SHA-256 ({actual}), og det gennemgås som kode. | A script the code does not pin (SCRIPTS "
            "in build_scripts/stages/validate/assets.py): a script runs in the reader's browser and can change every "
            "figure on the site with no rule reading it, so a script is code, not data. Delete the file. If the site "
            f"needs a new script, a maintainer adds it to the code with its SHA-256 ({actual}), and it is reviewed as "
            "code.")


def changed(where, actual, pinned):
    return (f"{where}: Scriptet er ændret: dets SHA-256 er {actual}, men koden fastlåser {pinned} (SCRIPTS i "
            "build_scripts/stages/validate/assets.py). Et script kører i læserens browser og kan ændre hvert tal på "
            "sitet, så en ændring af det er en ændring af koden. Gendan filen (git checkout); skal den ændres med "
            f"vilje, skriver en vedligeholder den nye SHA-256 i koden. | The script has changed: its SHA-256 is "
            f"{actual}, but the code pins {pinned} (SCRIPTS in build_scripts/stages/validate/assets.py). A script "
            "runs in the reader's browser and can change every figure on the site, so a change to it is a change to "
            "the code. Restore the file (git checkout); if it is to change on purpose, a maintainer writes its new "
            "SHA-256 in the code.")


def setting_script(line, key, value):
    pinned = ", ".join(assets.SCRIPTS)
    return (f"mkdocs.yml: linje {line}, felt {key}: {key} er '{value}', et script, som koden ikke fastlåser (SCRIPTS i "
            f"build_scripts/stages/validate/assets.py fastlåser: {pinned}): MkDocs ville hente det på hver side, og i "
            f"læserens browser kan det ændre hvert tal. Slet linjen. | line {line}, field {key}: {key} is '{value}', "
            f"a script the code does not pin (SCRIPTS in build_scripts/stages/validate/assets.py pins: {pinned}): "
            "MkDocs would load it on every page, and in the reader's browser it can change every figure. Delete the "
            "line.")


@pytest.fixture
def root(tmp_path):
    """A project folder with copies of the MkDocs files and of docs/."""
    for path in (CHECKOUT.mkdocs_yml, CHECKOUT.root / "mkdocs.en.yml"):
        shutil.copyfile(path, tmp_path / path.name)
    shutil.copytree(CHECKOUT.docs_dir, tmp_path / "docs")
    return tmp_path


def add_tal_js(root) -> int:
    """The red team's script and its entry in mkdocs.yml's extra_javascript; the entry's line."""
    (root / "docs/assets/javascripts/tal.js").write_text(TAL_JS, encoding="utf-8")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    old = "extra_css:\n  - assets/stylesheets/extra.css\n"
    assert text.count(old) == 1
    (root / "mkdocs.yml").write_text(text.replace(old, old + "\nextra_javascript:\n  - assets/javascripts/tal.js\n"),
                                     encoding="utf-8")
    return text[: text.index(old)].count("\n") + 5


# --- the project's own files -------------------------------------------------------------------------------------------


def test_the_projects_scripts_are_pinned_and_its_stylesheets_write_no_text():
    assert assets.problems(CHECKOUT.docs_dir) == []
    assert files.pinned_problems(CHECKOUT.root) == []
    for name in (EXTRA_CSS, "assets/stylesheets/embed.css"):  # what they hold is read, not skipped
        declared = {name for _, name, _ in assets._declarations(assets.css_tokens(
            (CHECKOUT.docs_dir / name).read_text(encoding="utf-8")))}
        assert "margin" in declared
    extra = (CHECKOUT.docs_dir / EXTRA_CSS).read_text(encoding="utf-8")
    assert 'content: " (" attr(href) ")"' in extra and "content: attr(data-label)" in extra
    assert 'content: "⚠ "' in extra


# --- the red team's repro ------------------------------------------------------------------------------------------------


def test_the_reports_content_is_refused(docs):
    line = append(docs, EXTRA_CSS, '\n.md-content h1::after { content: " (81 af 98 kommuner svarede)"; }\n') + 1
    assert found(docs) == [shows(line, "content", '" (81 af 98 kommuner svarede)"')]
    assert [p.title for p in templates.problems(docs)] == ["Script eller stylesheet ikke fastlåst i koden",
                                                           "Stylesheet ændrer sidens tekst"]


def test_the_reports_script_is_refused_and_so_is_its_extra_javascript_entry(root):
    line = add_tal_js(root)
    assert found(root / "docs") == [not_pinned("docs/assets/javascripts/tal.js", sha256(TAL_JS))]
    assert [p.title for p in templates.problems(root / "docs")] == ["Script eller stylesheet ikke fastlåst i koden"]
    assert [str(p) for p in files.pinned_problems(root)] == [
        setting_script(line, "extra_javascript/0", "assets/javascripts/tal.js")]


def test_the_site_stage_run_alone_refuses_the_script_before_mkdocs_runs(root):
    line = add_tal_js(root)
    with pytest.raises(site.BuildFailed) as failed:
        site.check_settings(Paths(root))
    assert str(failed.value) == setting_script(line, "extra_javascript/0", "assets/javascripts/tal.js")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.replace("  - assets/javascripts/tal.js\n", "  - " + EMBED_HEIGHT + "\n"),
                                     encoding="utf-8")
    with pytest.raises(site.BuildFailed) as failed:  # the entry is pinned, the file beside it is not
        site.check_settings(Paths(root))
    assert str(failed.value) == not_pinned("docs/assets/javascripts/tal.js", sha256(TAL_JS))


def test_an_edited_pinned_script_is_refused(docs):
    script = (docs / EMBED_HEIGHT).read_text(encoding="utf-8")
    edited = script.replace("  report();\n})();", "  report();\n" + TAL_JS + "})();")
    assert edited != script
    (docs / EMBED_HEIGHT).write_text(edited, encoding="utf-8")
    assert found(docs) == [changed("docs/" + EMBED_HEIGHT, sha256(edited), assets.SCRIPTS[EMBED_HEIGHT])]


@pytest.mark.parametrize("name", ["assets/javascripts/x.js", "tal.js", "_overrides/x.js", "_macros/x.JS",
                                  "assets/x.mjs"])
def test_a_script_anywhere_in_docs_but_the_codes_templates_is_refused(docs, name):
    (docs / name).write_text("window.x = null;\n", encoding="utf-8")
    # (in the theme's folder also a file of a kind it may not hold: test_the_theme_folder_holds_only_html_templates)
    assert [p for p in found(docs) if "anden slags" not in p] == [not_pinned("docs/" + name, sha256("window.x = null;\n"))]


def test_the_codes_templates_are_not_pinned_scripts(docs):
    """docs/_templates/embed-resize.js is a template the pages stage renders (with the site's origin)."""
    assert (docs / "_templates/embed-resize.js").is_file()
    assert assets.script_problems(docs) == []


# --- stylesheets: how the browser reads them ------------------------------------------------------------------------


@pytest.mark.parametrize("css, prop, shown", [
    ('a::after { content: "\\38 0" }', "content", '"80"'),  # a hexadecimal escape, and the space that ends it
    ('a::after { content: "\\000038 0" }', "content", '"80"'),  # six digits: the space after is the text's
    ('a::after { con\\74 ent: "\\38\\30" }', "content", '"80"'),  # escapes in the property's name
    ('a::after { \\63ontent: "x" }', "content", '"x"'),
    ('a::after { CONTENT: "81" }', "content", '"81"'),
    ('a::after { Content : "8\\\n1" }', "content", '"81"'),  # an escaped line break continues the string
    ("a::after { content: '٨١' }", "content", '"٨١"'),  # a digit of any script
    ('a::after { content: "tre" }', "content", '"tre"'),  # a letter: a number word, a claim
    ('a::after { content: "\\202E" }', "content", '"\\u202e"'),  # a format character: a direction override
    ('@media print { .x::before { content: "81" } }', "content", '"81"'),
    (".a { .b::after { content: '81' } }", "content", '"81"'),  # a nested rule
    ('a::after { content: "" !important; content: "81" !important }', "content", '"81"'),
    ('a::after { content: counter(list-item) }', "content", "counter(…)"),
    ('a::after { content: "" COUNTERS(x, ".") }', "content", "COUNTERS(…)"),
    ("a::after { content: var(--x) }", "content", "var(…)"),
    ("a::after { content: attr(data-x) }", "content", "attr(…)"),  # an attribute no rule reads
    ('a::after { content: attr(data-label, "81") }', "content", "attr(…)"),  # a fallback
    ("a::after { content: open-quote }", "content", "open-quote"),
    ("a::after { content: url(x.svg) }", "content", "url(x.svg)"),
    ("a::after { content: 81 }", "content", "81"),
    ('q { quotes: "81 " " af 98" }', "quotes", '"81 "'),
    ('li { list-style-type: "81 " }', "list-style-type", '"81 "'),
    ("ol { list-style: symbols(cyclic '8') }", "list-style", "symbols(…)"),
    ('p { text-overflow: "81" }', "text-overflow", '"81"'),
    ('p { -webkit-hyphenate-character: "81" }', "hyphenate-character", '"81"'),
    ('p { text-emphasis: "8" red }', "text-emphasis", '"8"'),
])
def test_a_stylesheet_that_writes_text_is_refused_as_the_browser_reads_it(docs, css, prop, shown):
    line = append(docs, EXTRA_CSS, "\n" + css + "\n") + 1
    assert found(docs)[0] == shows(line, prop, shown)


def test_each_shown_part_is_named_and_the_sites_own_parts_pass(docs):
    line = append(docs, EXTRA_CSS, '\na::after { content: " (" attr(HREF) ")" "⚠ " none; }\n'
                                    'a::after { content: "81" counter(x) attr(data-label) "82" }\n') + 1
    assert found(docs) == [shows(line + 1, "content", shown) for shown in ('"81"', "counter(…)", '"82"')]


@pytest.mark.parametrize("css", [
    '/* a::after { content: "81" } */',  # a comment
    'a[title="}{content:\'81\'"] { color: red }',  # a string with braces
    'a::after { font-family: "Roboto 2"; grid-template-areas: "a b" }',  # strings no one is shown
    '.x { content-visibility: auto; --content: "81"; }',  # another property; a custom one (var() is refused)
    'li { list-style: url("marker.svg") inside; text-emphasis: "•" rgb(0 0 0) }',
    'a::after { content: ""; content: "\\2014\\00a0"; content: normal }',  # a dash and a no-break space
])
def test_what_shows_no_text_passes(docs, css):
    append(docs, EXTRA_CSS, "\n" + css + "\n")
    assert found(docs) == []


@pytest.mark.parametrize("css, what", [
    ("p { direction: rtl; }", "direction"),
    ("p { UNICODE-BIDI: bidi-override; }", "unicode-bidi"),
    ("p { -webkit-text-security: disc; }", "text-security"),
    ("p { text-security: square; }", "text-security"),
    ("p { transform: scaleX(-1); }", "transform"),
    ("p { rotate: 180deg; }", "rotate"),
    ("p { -webkit-box-reflect: right; }", "box-reflect"),
    ("ol { counter-reset: list-item 80; }", "counter-reset"),
    ("p { dir\\65 ction: rtl; }", "direction"),
    ('@font-face { font-family: "Roboto"; src: url(digits.woff2); }', "@font-face"),
    ('@FONT-FACE { font-family: "Roboto"; }', "@font-face"),
    ("@\\66 ont-face { font-family: x; }", "@font-face"),
    ("@counter-style tal { system: cyclic; symbols: '8'; }", "@counter-style"),
])
def test_what_changes_how_text_is_drawn_is_refused(docs, css, what):
    line = append(docs, EXTRA_CSS, "\n" + css + "\n") + 1
    assert found(docs) == [changes(line, what)]


def test_direction_and_unicode_bidi_are_each_named(docs):
    line = append(docs, EXTRA_CSS, "\n.figure-card__value { direction: rtl;\n  unicode-bidi: bidi-override; }\n") + 1
    assert found(docs) == [changes(line, "direction"), changes(line + 1, "unicode-bidi")]


def test_a_data_address_is_refused(docs):
    svg = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'><text y='20'>81</text></svg>"
    line = append(docs, EXTRA_CSS, f'\nh1::after {{ content: ""; background: url("{svg}"); }}\n'
                                    "p { list-style-image: url(DATA:image/png;base64,AAAA) }\n") + 1
    assert found(docs) == [data_address(line, svg), data_address(line + 1, "DATA:image/png;base64,AAAA")]


def test_a_stylesheet_anywhere_in_docs_is_read(docs):
    (docs / "assets/x.CSS").write_text('p::before { content: "81" }\n', encoding="utf-8")
    assert found(docs) == [shows(1, "content", '"81"', where="docs/assets/x.CSS")]



@pytest.mark.parametrize("name,suffix", [("assets/tal.txt", ".txt"), ("assets/images/figur.svg", ".svg"),
                                         ("assets/fonts/tal.woff2", ".woff2"), ("billede.PNG", ".PNG"),
                                         ("assets/README", "README")])
def test_a_file_of_another_kind_in_docs_is_refused(docs, name, suffix):
    """An image shows its own text, a font draws its own digits, and a .txt can be loaded as a script
    (<script src="assets/tal.txt">): docs/ holds only templates, stylesheets and the pinned scripts."""
    (docs / name).parent.mkdir(parents=True, exist_ok=True)
    (docs / name).write_text("81 af 98 kommuner svarede\n", encoding="utf-8")
    assert found(docs) == [
        f"docs/{name}: docs/ rummer kun sider og skabeloner (.md, .html), stylesheets (.css) og de scripts, koden "
        f"fastlåser, men denne fil er en anden slags ({suffix}): browseren viser eller kører den, som den er (et "
        "billedes tekst, en skrifttypes cifre, en tekstfil hentet som script), og ingen regel læser den. Slet filen, "
        "eller skriv dens indhold i en side. | docs/ holds only pages and templates (.md, .html), stylesheets (.css) "
        f"and the scripts the code pins, but this file is of another kind ({suffix}): the browser shows or runs it as "
        "it is (an image's text, a font's digits, a text file loaded as a script), and no rule reads it. Delete the "
        "file, or write its content in a page."]


def test_the_template_folders_may_hold_files_of_any_kind(docs):
    """Their files are templates, read as such whatever their names (the charts' export template is an .svg)."""
    (docs / "_templates" / "noter.txt").write_text("Svar.\n", encoding="utf-8")
    assert found(docs) == []


# --- red team 17, findings 1 and 2: the stylesheets are pinned, and the theme's folder holds only templates ---------


def test_an_edited_or_new_stylesheet_is_refused_by_its_pin(docs):
    """'::first-letter { font-size: 0 }' drew 318 as 18 on every key figure card: no rule reads a stylesheet's
    selectors to the end, so a stylesheet is code, pinned by its SHA-256 like a script."""
    css = "\n.md-typeset .figure-card__value::first-letter { font-size: 0; }\n"
    edited = (docs / "assets/stylesheets/extra.css").read_text(encoding="utf-8") + css
    (docs / "assets/stylesheets/extra.css").write_text(edited, encoding="utf-8")
    (docs / "assets/stylesheets/mere.css").write_text(css, encoding="utf-8")
    problems = {p.file: p for p in templates.problems(docs) if p.kind == "unpinned_asset"}
    assert str(problems["docs/assets/stylesheets/extra.css"]) == (
        f"docs/assets/stylesheets/extra.css: Stylesheetet er ændret: dets SHA-256 er {sha256(edited)}, men koden "
        f"fastlåser {assets.STYLESHEETS['assets/stylesheets/extra.css']} (STYLESHEETS i "
        "build_scripts/stages/validate/assets.py). Et stylesheet bestemmer, hvordan hvert tal på sitet ser ud, så en "
        "ændring af det er en ændring af koden. Gendan filen (git checkout); skal den ændres med vilje, skriver en "
        "vedligeholder den nye SHA-256 i koden. | The stylesheet has changed: its SHA-256 is "
        f"{sha256(edited)}, but the code pins {assets.STYLESHEETS['assets/stylesheets/extra.css']} (STYLESHEETS in "
        "build_scripts/stages/validate/assets.py). A stylesheet decides how every figure on the site looks, so a "
        "change to it is a change to the code. Restore the file (git checkout); if it is to change on purpose, a "
        "maintainer writes its new SHA-256 in the code.")
    assert str(problems["docs/assets/stylesheets/mere.css"]) == (
        "docs/assets/stylesheets/mere.css: Et stylesheet, som koden ikke fastlåser (STYLESHEETS i "
        "build_scripts/stages/validate/assets.py): et stylesheets selektorer og egenskaber bestemmer, hvordan et tal "
        "ser ud (fx ::first-letter eller row-reverse), og det kan ingen regel læse til bunds, så et stylesheet er "
        "kode, ikke data. Slet filen. Skal sitet have et nyt stylesheet, tilføjer en vedligeholder det i koden med "
        f"dets SHA-256 ({sha256(css)}), og det gennemgås som kode. | A stylesheet the code does not pin (STYLESHEETS "
        "in build_scripts/stages/validate/assets.py): a stylesheet's selectors and properties decide how a figure "
        "looks (::first-letter or row-reverse, say), which no rule can read to the end, so a stylesheet is code, not "
        "data. Delete the file. If the site needs a new stylesheet, a maintainer adds it to the code with its SHA-256 "
        f"({sha256(css)}), and it is reviewed as code.")


def test_the_pins_are_the_projects_files():
    for name, digest in {**assets.SCRIPTS, **assets.STYLESHEETS}.items():
        assert hashlib.sha256((CHECKOUT.docs_dir / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("name,suffix", [("_overrides/tal.txt", ".txt"), ("_overrides/tal.svg", ".svg"),
                                         ("_overrides/partials/x.css", ".css")])
def test_the_theme_folder_holds_only_html_templates(docs, name, suffix):
    """MkDocs publishes every other file of the theme's folder as it is: a .txt there ran as a script on every page,
    and an .svg drew '81' (red team 17, finding 1)."""
    (docs / name).parent.mkdir(parents=True, exist_ok=True)
    (docs / name).write_text("x\n", encoding="utf-8")
    assert [p.file for p in templates.problems(docs) if p.code == "docs_file_kind"] == [f"docs/{name}"]
