"""One template per page: every edition is rendered from docs/, and a language without its prose stops the build.

A page template holds prose per language in `{% if lang.code == "da" %}…{% elif lang.code == "en" %}…{% endif %}`
blocks (build_scripts/stages/pages/stage.py, check_prose). A language with a translations file but no branch in such a block
would get a page with the text missing; the build fails instead, naming the template, the page and the line.
"""

import pytest
import yaml
from jinja2 import DictLoader, Environment, FileSystemLoader

from build_scripts import cli
from build_scripts.core import lang
from build_scripts.stages.pages import stage as pages
from conftest import CHECKOUT


def fake_language(code: str, out) -> lang.Lang:
    """A third language made from the English translations file, as a new translations file would make it."""
    settings = yaml.safe_load((lang.I18N_DIR / "en.yml").read_text(encoding="utf-8"))
    return lang.Lang({**settings, "code": code, "order": 3, "out": str(out)})


def test_there_is_no_second_copy_of_the_pages():
    assert not (CHECKOUT.docs_dir / "en").exists()
    assert {"index.md", "omraader/index.md", "data.md"} <= set(pages.page_templates(CHECKOUT))
    assert not [t for t in pages.page_templates(CHECKOUT) if t.startswith("_")]


def test_every_template_has_prose_for_every_language():
    pages.check_all_prose(CHECKOUT)  # raises MissingProse


def test_a_language_without_prose_is_named_with_template_page_and_line(tmp_path):
    env = Environment(loader=FileSystemLoader(CHECKOUT.docs_dir))
    with pytest.raises(pages.MissingProse) as err:
        pages.check_prose(env, "aendringer.md", "aendringer.md", [fake_language("de", tmp_path)])
    assert str(err.value) == ("docs/aendringer.md (page aendringer.md): no prose for language 'de' in the block at line 2 "
                       "(da, en); add {% elif lang.code == \"de\" %}")


def test_only_blocks_that_choose_by_language_need_every_language(tmp_path):
    german = fake_language("de", tmp_path)
    env = Environment(loader=DictLoader({
        "other.md": "{% if x %}a{% elif y %}b{% endif %}{% if lang.code == 'da' and x %}c{% endif %}",
        "nested.md": "{% if x %}{% if lang.code == 'da' %}a{% elif lang.code == 'de' %}b{% endif %}{% endif %}",
        "else.md": "{% if x %}{% elif lang.code == 'da' %}a{% endif %}\n\n{% if lang.code == 'da' %}a{% else %}b{% endif %}",
    }))
    pages.check_prose(env, "other.md", "other.md", [german])
    pages.check_prose(env, "nested.md", "nested.md", [german])
    with pytest.raises(pages.MissingProse) as err:
        pages.check_prose(env, "else.md", "else.md", [german])  # an else is not the language's own prose
    assert str(err.value).startswith("docs/else.md (page else.md): no prose for language 'de' in the block at line 3 (da)")


def test_the_build_stops_with_one_line_for_a_half_translated_edition(built_site, monkeypatch, capsys, tmp_path):
    """The pages stage with a third translations file whose prose is missing: it stops before rendering a page."""
    german = fake_language("de", tmp_path / "docs-de")
    monkeypatch.setattr(pages, "languages", lambda: (*lang.languages(), german))
    from conftest import built_copy

    project = built_copy(tmp_path / "project")  # built: the stages before pages are fresh
    assert cli.main(["--root", str(project.root), "pages"]) == 1
    assert not (tmp_path / "docs-de").exists()
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == [
        "docs/aendringer.md (page aendringer.md): no prose for language 'de' in the block at line 2 (da, en); "
        "add {% elif lang.code == \"de\" %}",
        "Byggeriet er stoppet; intet er udgivet. / The build stopped; nothing was published.",
    ]


def test_every_translations_file_has_the_main_languages_words_and_chart_words():
    main = lang.main()
    for other in lang.languages()[1:]:
        assert sorted(set(main.words) ^ set(other.words)) == [], other.code
        assert sorted(set(main.charts) ^ set(other.charts)) == [], other.code


def test_a_missing_label_names_the_translations_file(tmp_path):
    german = fake_language("de", tmp_path)
    german.words = {}
    with pytest.raises(KeyError) as err:
        german.word("files")
    assert err.value.args[0] == "build_scripts/core/i18n/de.yml: no word 'files' under words"


def test_what_a_page_includes_needs_every_language_too(tmp_path):
    env = Environment(loader=DictLoader({
        "page.md": "{% if lang.code == 'da' %}a{% elif lang.code == 'de' %}b{% endif %}\n{% include 'part.html' %}",
        "part.html": "{% if lang.code == 'da' %}a{% endif %}",
    }))
    with pytest.raises(pages.MissingProse) as err:
        pages.check_prose(env, "page.md", "page.md", [fake_language("de", tmp_path)])
    assert str(err.value).startswith("docs/part.html (page page.md): no prose for language 'de' in the block at line 1")


def test_the_theme_knows_every_edition_in_order():
    """The theme's language switch and hreflang links (mkdocs.yml's extra.editions) list the editions of the
    translations files, main language first, each with its own folder and back-path to the main site."""
    import yaml

    from build_scripts.core import lang
    from conftest import CHECKOUT

    editions = yaml.safe_load(CHECKOUT.mkdocs_yml.read_text(encoding="utf-8"))["extra"]["editions"]
    assert [e["code"] for e in editions] == [language.code for language in lang.languages()]
    for edition, language in zip(editions, lang.languages()):
        assert edition["path"] == ("" if language is lang.main() else f"{language.code}/")
        assert edition["to_main"] == ("" if language is lang.main() else "/..")
        assert edition["url"].endswith("/" + edition["path"])
