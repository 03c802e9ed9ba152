"""End to end in a copy of the repository: unsafe text stays text, a failed build publishes nothing."""

import base64
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from filelock import FileLock

from build_scripts.core.lang import main as main_language
from build_scripts.core.paths import Paths
from conftest import CHECKOUT, FIXTURES, built, copy_checkout

# No digit: a number in a figure's label must be one its row or quote states (validate), and this is about markup
LABEL_MARKUP = "<b>x</b> [x](javascript:alert(document.domain)) *y*"
CHANGELOG_SCRIPT = "<script>alert('x')</script>"
EXAMPLES_PAYLOAD = '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> =HYPERLINK("http://x")'


def set_cells(csv_path, key_column, key, changes):
    """Change cells of one row of a CSV (found by its key), keeping every other cell as it is."""
    import csv

    with csv_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row[key_column] == key:
            row.update(changes)
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def build(repo):
    return subprocess.run([sys.executable, "-m", "build_scripts", "build"], cwd=repo, capture_output=True, text=True)


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory):
    """A working copy with changes not yet released, built once, whose data hold markup and scripts: HTML, a
    javascript: link and a spreadsheet formula in the examples, markup in labels and a script in CHANGELOG.md.

    Built once per test run: under pytest-xdist the first worker that needs it builds it in the run's shared
    temporary folder while the others wait for the lock. Tests only read it; a test that builds again takes a copy
    of its own (hostile_copy). Only what the build reads is copied from this checkout: no venvs, node_modules,
    git, tests, earlier output or releases/ (whose versions are frozen); the charts are copied, so that only SVGs
    whose spec changed are rendered again.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # this run's folder, shared by its workers
    repo = base / "hostile" / "main"
    with FileLock(str(base / "hostile.lock")):
        if not (repo / "site" / "index.html").exists():
            shutil.rmtree(repo.parent, ignore_errors=True)  # what a failed attempt left
            make_hostile_copy(repo)
            result = build(repo)
            assert result.returncode == 0, result.stdout + result.stderr
    return repo


def make_hostile_copy(repo):
    copy_checkout(repo, {"build", "site", "tests", "releases"})
    # The charts stage's cache of rendered images: only the charts whose spec changed are rendered again.
    shutil.copytree(built().chart_cache_dir, repo / "build" / ".cache" / "charts")
    data = repo / "datapackage" / "data"
    shutil.copyfile(FIXTURES / "examples-injection.csv", data / "examples.csv")
    set_cells(data / "key_figures.csv", "figure_id", "reported_expenditure", {"label_da": LABEL_MARKUP})
    # The English name: the Danish is the report's section's, a line of the source (validate's area rule)
    set_cells(data / "policy_areas.csv", "area_id", "social", {"name_en": "Social services " + LABEL_MARKUP})
    changelog = repo / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    # Before the first language mark: text every edition's changelog shows.
    changelog.write_text(text.replace("\n<!-- da -->\n", "\n" + CHANGELOG_SCRIPT + "\n\n<!-- da -->\n", 1), encoding="utf-8")


@pytest.fixture
def hostile_copy(hostile_build, tmp_path):
    """A copy of the built hostile working copy, for a test that changes it and builds again."""
    repo = tmp_path / "main"
    shutil.copytree(hostile_build, repo, symlinks=True)
    return repo


def tree_digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def test_markup_in_the_data_is_shown_as_text(hostile_build):
    page = hostile_build / "site" / "omraader" / "beskaeftigelse" / "index.html"
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = doc.find("article")
    assert not article.find_all("script")
    assert not [img for img in article.find_all("img") if img.get("onerror")]
    assert not [a for a in doc.find_all("a") if a.get("href", "").lower().startswith("javascript")]
    assert EXAMPLES_PAYLOAD in article.get_text()


def test_a_failed_build_leaves_the_site_as_it_was(hostile_copy):
    """The build fails inside the site stage, after every other stage has run: a page links to a page that does not
    exist, which validate cannot see and `mkdocs build --strict` refuses. site/ is as it was, byte for byte."""
    before = tree_digest(hostile_copy / "site")
    page = hostile_copy / "docs" / "om-siden.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSe [siden, der ikke findes](findes-ikke.md).\n",
                    encoding="utf-8")
    result = build(hostile_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    stages = [line.split("]")[0] + "]" for line in result.stdout.splitlines() if line.startswith("[") and "…" not in line]
    assert stages == ["[validate]", "[derive]", "[charts]", "[downloads]", "[pages]"], result.stdout  # all but site
    assert "[site] …" in result.stdout  # the site stage started, and failed
    assert "findes-ikke.md" in result.stderr  # mkdocs names the broken link
    assert result.stdout.splitlines()[-2:] == [
        "mkdocs build --strict failed for mkdocs.yml",
        "Byggeriet er stoppet; site/ er uændret. / The build stopped; site/ is unchanged."]
    assert tree_digest(hostile_copy / "site") == before
    assert not list((hostile_copy / "build").glob("site-*"))


def test_a_failed_mkdocs_build_leaves_the_site_as_it_was(tmp_path):
    from build_scripts.stages.site import stage as site

    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "index.html").write_text("old site", encoding="utf-8")
    broken = tmp_path / main_language().mkdocs_path  # the main edition's config, built first
    broken.write_text("site_name: x\ndocs_dir: does-not-exist\nstrict: true\n", encoding="utf-8")
    with pytest.raises(site.BuildFailed):
        site.run(Paths(tmp_path))
    assert [p.name for p in site_dir.iterdir()] == ["index.html"]
    assert (site_dir / "index.html").read_text(encoding="utf-8") == "old site"


# --- build faults: one build at a time, a site/ that is never lost, no stale folders -----------------


@pytest.fixture
def build_dirs(tmp_path):
    """A project folder with build/ and a (stub) datapackage/datapackage.json, for `--root`."""
    (tmp_path / "build").mkdir()
    (tmp_path / "datapackage").mkdir()
    (tmp_path / "datapackage" / "datapackage.json").write_text("{}", encoding="utf-8")
    return tmp_path


def test_a_second_build_in_the_same_checkout_stops_with_a_clear_message(build_dirs, capsys):
    from build_scripts import cli

    with cli.build_lock(Paths(build_dirs)):  # as if another build were running
        assert cli.main(["--root", str(build_dirs), "derive"]) == 1
    assert capsys.readouterr().out == (
        "Et andet byggeri kører allerede i denne mappe (låsefil build/.build.lock). Vent, til det er færdigt, og prøv "
        "igen. / Another build is running in this checkout (lock file build/.build.lock). "
        "Wait for it to finish and try again.\n")


def test_the_lock_is_held_by_another_process_too(build_dirs):
    from build_scripts import cli

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from filelock import FileLock; "
         "lock = FileLock(sys.argv[1]); lock.acquire(); print('held', flush=True); time.sleep(30)",
         str(build_dirs / "build" / ".build.lock")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        assert cli.main(["--root", str(build_dirs), "derive"]) == 1
    finally:
        holder.kill()
        holder.wait()
    with cli.build_lock(Paths(build_dirs)):  # a killed holder's lock is free again
        pass


def test_a_build_killed_between_the_two_renames_gets_its_site_back(build_dirs):
    from build_scripts.stages.site import stage as site

    finished = build_dirs / "build" / "site-new"  # renamed aside, then killed before the second rename
    finished.mkdir()
    (finished / "index.html").write_text("new site", encoding="utf-8")
    (build_dirs / "build" / "site-old").mkdir()
    assert site.recover(Paths(build_dirs)) == ["restored site/ from build/site-new", "removed build/site-old"]
    assert (build_dirs / "site" / "index.html").read_text(encoding="utf-8") == "new site"


def test_a_build_killed_before_its_site_was_finished_gets_the_old_site_back(build_dirs):
    from build_scripts.stages.site import stage as site

    (build_dirs / "build" / "site-old").mkdir()
    (build_dirs / "build" / "site-old" / "index.html").write_text("old site", encoding="utf-8")
    (build_dirs / "build" / "site-k3j2x1").mkdir()  # mkdocs output of the killed build, unfinished
    assert site.recover(Paths(build_dirs)) == ["restored site/ from build/site-old", "removed build/site-k3j2x1"]
    assert (build_dirs / "site" / "index.html").read_text(encoding="utf-8") == "old site"


def test_stale_temporary_folders_of_killed_builds_are_removed(build_dirs):
    from build_scripts.stages.site import stage as site

    (build_dirs / "site").mkdir()
    for name in ("site-abc123", "site-def456"):
        (build_dirs / "build" / name / "en").mkdir(parents=True)
    (build_dirs / "build" / "derived").mkdir()
    assert site.recover(Paths(build_dirs)) == ["removed build/site-abc123", "removed build/site-def456"]
    assert sorted(p.name for p in (build_dirs / "build").iterdir()) == ["derived"]


def test_the_swap_replaces_the_site_and_leaves_nothing_behind(build_dirs):
    from build_scripts.stages.site import stage as site

    (build_dirs / "site").mkdir()
    (build_dirs / "site" / "index.html").write_text("old site", encoding="utf-8")
    finished = build_dirs / "build" / "site-x1"
    finished.mkdir()
    (finished / "index.html").write_text("new site", encoding="utf-8")
    site.swap_into_place(Paths(build_dirs), finished)
    assert (build_dirs / "site" / "index.html").read_text(encoding="utf-8") == "new site"
    assert list((build_dirs / "build").iterdir()) == []


# --- no markup from data: autoescaped templates, Markdown without raw HTML, a CSP of the theme's scripts ----


def test_a_script_in_the_changelog_is_shown_as_text_and_not_hashed(hostile_build):
    from build_scripts.stages.site import stage as site

    markdown = (hostile_build / "build" / "docs" / "aendringer.md").read_text(encoding="utf-8")
    assert "<p>&lt;script&gt;alert('x')&lt;/script&gt;</p>" in markdown
    page = hostile_build / "site" / "aendringer" / "index.html"
    html = page.read_text(encoding="utf-8")
    doc = BeautifulSoup(html, "html.parser")
    assert not doc.find("article").find_all("script")
    assert CHANGELOG_SCRIPT in doc.find("article").get_text()
    assert "alert" not in "".join(site.INLINE_SCRIPT.findall(html))
    policy = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    injected_hash = base64.b64encode(hashlib.sha256(b"alert('x')").digest()).decode()
    assert injected_hash not in policy


def test_markup_in_labels_is_shown_as_text_on_every_page(hostile_build):
    pages = [  # (the edition's pages in build/, the page, the page in site/)
        ("docs", "index.md", "index.html"),  # a card's label
        ("docs", "kilder.md", "kilder/index.html"),  # the source entry's heading
        ("docs-en", "omraader/social.md", "en/omraader/social/index.html"),  # the area's name in the heading
        ("docs-en", "omraader/index.md", "en/omraader/index.html"),  # the area's name in a Markdown table and link
    ]
    for folder, markdown_page, html_page in pages:
        markdown = (hostile_build / "build" / folder / markdown_page).read_text(encoding="utf-8")
        assert "<b>" not in markdown and "](javascript" not in markdown, markdown_page
        doc = BeautifulSoup((hostile_build / "site" / html_page).read_text(encoding="utf-8"), "html.parser")
        article = doc.find("article")
        assert not article.find_all("b"), html_page
        assert not [a for a in doc.find_all("a") if a.get("href", "").strip().lower().startswith("javascript")], html_page
        assert not [em for em in article.find_all("em") if em.get_text() == "y"], html_page
        assert LABEL_MARKUP in article.get_text(), html_page


def test_an_inline_script_no_theme_template_writes_stops_the_build(tmp_path):
    from build_scripts.stages.site import stage as site

    page = tmp_path / "index.html"
    page.write_text('<html><head><meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" '
                    f'content="{site.CSP_PLACEHOLDER}">\n<script>alert(1)</script></head></html>', encoding="utf-8")
    with pytest.raises(site.BuildFailed) as failed:
        site.finish_pages(CHECKOUT, tmp_path)
    assert str(failed.value) == (  # the page as the site names it, not its path in the build's temporary folder
        "index.html: et inline-script, som ingen af temaets skabeloner skriver: 'alert(1)'. Fjern det fra siden "
        "(eller fra de data, det kommer fra). / index.html: an inline script that none of the theme's templates "
        "writes: 'alert(1)'. Remove it from the page (or from the data it comes from).")


def test_the_theme_scripts_are_recognised_and_hashed(tmp_path):
    from build_scripts.stages.site import stage as site

    theme_script = ('__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
                    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
                    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}')
    policy = site.content_security_policy(CHECKOUT, f"<script>{theme_script}</script>")
    assert "'sha256-" + base64.b64encode(hashlib.sha256(theme_script.encode()).digest()).decode() + "'" in policy
    # The same script with a value that leaves its string is not the theme's any more.
    breaking_out = theme_script.replace("../..", '"+alert(1)+"')
    with pytest.raises(site.BuildFailed):
        site.content_security_policy(CHECKOUT, f"<script>{breaking_out}</script>")


def test_text_from_the_data_does_not_become_markdown_or_html():
    from build_scripts.stages.pages import stage as pages

    assert pages.escape("[x](javascript:alert(1)) *y* _z_ <b>") == (
        "&#91;x&#93;&#40;javascript&#58;alert&#40;1&#41;&#41; &#42;y&#42; &#95;z&#95; &lt;b&gt;")
    assert pages.markdown("<script>alert('x')</script> *y* [x](javascript:alert(1))") == (
        "<p>&lt;script&gt;alert('x')&lt;/script&gt; <em>y</em> [x](javascript:alert(1))</p>\n")


def test_a_page_with_a_script_of_its_own_stops_the_build_and_keeps_the_site(hostile_copy):
    page = hostile_copy / "docs" / "om-siden.md"
    before = tree_digest(hostile_copy / "site")
    page.write_text(page.read_text(encoding="utf-8") + "\n<script>alert(document.title)</script>\n", encoding="utf-8")
    result = build(hostile_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    # validate refuses it (red team 22, finding 6: it used to pass validate and stop the site stage, whose own check
    # of inline scripts stays behind it: tests/stages/test_site.py)
    assert "Siden skriver et element, som validate ikke læser ('<script>': <script>)" in result.stdout
    assert "Byggeriet er stoppet; intet er udgivet. / The build stopped; nothing was published." in result.stdout
    assert tree_digest(hostile_copy / "site") == before
    assert not list((hostile_copy / "build").glob("site-*"))


def test_joined_names_are_escaped_for_markdown_too():
    from build_scripts.stages.pages import stage as pages

    assert pages.join(["*a*", "b_c"], ", ") == "&#42;a&#42;, b&#95;c"


def test_a_theme_template_the_sandbox_stops_stops_the_site_stage_in_one_line(tmp_path, monkeypatch):
    """Red team 9, finding 1 (a): a theme override that reaches MkDocs's plain Jinja environment through
    config.theme.get_env() stops the site stage with one line naming the override and its line (the hook's sandbox,
    core/sandbox.py), not MkDocs's log and traceback; nothing of the stop is left behind."""
    from build_scripts.stages.site import stage as site
    from build_scripts.stages.validate import mkdocs_settings

    monkeypatch.setenv("PYTHONPATH", str(CHECKOUT.root))  # the hook imports build_scripts
    (tmp_path / "build" / "docs").mkdir(parents=True)  # the pages stage's output, which MkDocs reads
    (tmp_path / "build" / "docs" / "index.md").write_text("# x\n", encoding="utf-8")
    (tmp_path / "docs" / "_overrides").mkdir(parents=True)
    (tmp_path / "docs" / "_overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n'
        '{{ config.theme.get_env().from_string("{{ lipsum.__globals__.os.getcwd() }}").render() }}\n{% endblock %}\n',
        encoding="utf-8")
    hook = tmp_path / "build_scripts" / "stages" / "site" / "theme_words.py"  # where mkdocs_settings pins it
    hook.parent.mkdir(parents=True)
    shutil.copyfile(CHECKOUT.root / "build_scripts" / "stages" / "site" / "theme_words.py", hook)
    settings = {"site_name": "x", "strict": True}  # and every setting the build pins, as it pins it
    for where, value in mkdocs_settings.pinned(True, main_language().code).items():
        functools.reduce(lambda parent, key: parent.setdefault(key, {}), where[:-1], settings)[where[-1]] = value
    (tmp_path / main_language().mkdocs_path).write_text(json.dumps(settings), encoding="utf-8")  # JSON is YAML
    with pytest.raises(site.BuildFailed) as failed:
        site.run(Paths(tmp_path))
    error = "access to attribute 'get_env' of 'Theme' object is unsafe."
    assert str(failed.value) == (
        f"docs/_overrides/main.html, linje 3: temaskabelonen gør noget, som sandkassen, temaet bygges i, afviser ({error}): "
        "at nå Python eller filerne eller at lave en tekst eller en liste på mere end en million elementer. Fjern det "
        f"fra skabelonen. / docs/_overrides/main.html, line 3: the theme template does what the sandbox the theme is built in "
        f"refuses ({error}): reach Python or the files, or make a text or a list of more than a million items. Remove "
        "it from the template.")
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["docs"]  # no site-*, no theme-stop.*
    assert not (tmp_path / "site").exists()
