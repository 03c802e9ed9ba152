"""End to end in a copy of the repository: unsafe text stays text, a failed build publishes nothing."""

import hashlib
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from build_scripts import paths
from conftest import FIXTURES

# Both tests share one copy of the repository: one xdist worker runs them (`make test` uses --dist loadgroup).
pytestmark = pytest.mark.xdist_group("build_safety")


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory):
    """A working copy with changes not yet released (so without releases/, whose versions are frozen).

    Only what the build reads: no venvs, node_modules (the build never reads them), git, tests or earlier output.
    """
    target = tmp_path_factory.mktemp("repo") / "main"
    shutil.copytree(paths.ROOT, target, ignore=shutil.ignore_patterns(
        ".venv", ".venv-tools", "node_modules", ".git", "build", "site", "tests", "__pycache__", ".pytest_cache",
        "site-*", "docs", "releases"))
    shutil.copytree(paths.DOCS_DIR, target / "docs")
    if paths.CHARTS_DIR.exists():  # the charts stage re-renders an SVG only when its spec changed
        shutil.copytree(paths.CHARTS_DIR, target / paths.CHARTS_DIR.relative_to(paths.ROOT))
    return target


def build(repo):
    return subprocess.run([sys.executable, "-m", "build_scripts", "build"], cwd=repo, capture_output=True, text=True)


def tree_digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def test_markup_in_the_data_is_shown_as_text(repo_copy):
    shutil.copyfile(FIXTURES / "examples-injection.csv", repo_copy / "datapackage" / "data" / "examples.csv")
    result = build(repo_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    page = repo_copy / "site" / "omraader" / "beskaeftigelse" / "index.html"
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = doc.find("article")
    assert not article.find_all("script")
    assert not [img for img in article.find_all("img") if img.get("onerror")]
    assert not [a for a in doc.find_all("a") if a.get("href", "").lower().startswith("javascript")]
    payload = '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> =HYPERLINK("http://x")'
    assert payload in article.get_text()


def test_a_failed_build_leaves_the_site_as_it_was(repo_copy):
    if not (repo_copy / "site" / "index.html").exists():
        assert build(repo_copy).returncode == 0
    before = tree_digest(repo_copy / "site")
    shutil.copyfile(FIXTURES / "regions-percentage-over-100.csv", repo_copy / "datapackage" / "data" / "regions.csv")
    result = build(repo_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "Byggeriet er stoppet; intet er udgivet. / The build stopped; nothing was published." in result.stdout
    assert tree_digest(repo_copy / "site") == before


def test_a_failed_mkdocs_build_leaves_the_site_as_it_was(tmp_path, monkeypatch):
    from build_scripts import site

    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "index.html").write_text("old site", encoding="utf-8")
    broken = tmp_path / "mkdocs.yml"
    broken.write_text("site_name: x\ndocs_dir: does-not-exist\nstrict: true\n", encoding="utf-8")
    monkeypatch.setattr(paths, "SITE_DIR", site_dir)
    monkeypatch.setattr(paths, "MKDOCS_YML", broken)
    with pytest.raises(site.BuildFailed):
        site.run()
    assert [p.name for p in site_dir.iterdir()] == ["index.html"]
    assert (site_dir / "index.html").read_text(encoding="utf-8") == "old site"
