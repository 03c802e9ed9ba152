"""One figure, one address: every sourced figure has a JSON record and a permalink, linked both ways."""

import json

from bs4 import BeautifulSoup

from build_scripts.core import package
from build_scripts.core.paths import Paths
from build_scripts.stages.downloads import figures
from conftest import CHECKOUT


def version_dir(built_site):
    return built_site / "data" / f"v{package.descriptor(CHECKOUT.datapackage_json)['version']}"


def test_every_sourced_figure_has_a_record(built_site):
    folder = version_dir(built_site)
    index = json.loads((folder / "figures" / "index.json").read_text(encoding="utf-8"))
    expected = {(t, figures.key(t, row)) for t in figures.TABLES for row in package.records(t, CHECKOUT.datapackage_json)}
    assert {(e["table"], e["id"]) for e in index} == expected
    for table in figures.TABLES:
        for row in package.records(table, CHECKOUT.datapackage_json):
            record = json.loads((folder / figures.record_path(table, figures.key(table, row))).read_text("utf-8"))
            assert record["value_text"] == row["value_text"] and record["value"] == row["value"]
            assert record["source"]["quote"] == row["source_quote"]
            assert record["source"]["location"] == row["source_location"]
            assert record["unit"] == row["unit"] and record["qualifier"] == row["qualifier"]
            assert record["changes"][0]["change"] == "added"


def test_permalinks_and_records_link_to_each_other(built_site):
    folder = version_dir(built_site)
    for page, lang in (("kilder/index.html", "da"), ("en/kilder/index.html", "en")):
        doc = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
        for path in (folder / "figures").glob("*/*.json"):
            record = json.loads(path.read_text(encoding="utf-8"))
            fragment = record[f"permalink_{lang}"].split("#", 1)[1]
            entry = doc.find(id=fragment)
            assert entry is not None, (page, fragment)
            links = [a["href"] for a in entry.find_all("a")]
            assert f"#{fragment}" in links
            record_links = [h for h in links if h.endswith(".json")]
            assert len(record_links) == 1
            assert (built_site / page).parent.joinpath(record_links[0]).resolve() == path.resolve()


def _write(folder, rows):
    folder.mkdir(parents=True)
    lines = ["figure_id,value,value_text"] + [",".join(r) for r in rows]
    (folder / "key_figures.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_history_names_the_versions_in_which_a_figure_changed(tmp_path):
    project = Paths(tmp_path)
    releases, data = project.releases_dir, project.data_dir
    _write(releases / "v1.0.0" / "data", [("a", "1", "1")])
    _write(releases / "v1.0.1" / "data", [("a", "2", "2"), ("b", "5", "5")])
    _write(releases / "v1.10.0" / "data", [("a", "2", "2"), ("b", "5", "5")])
    _write(data, [("a", "2", "2"), ("b", "6", "ca. 6")])
    changes = figures.history(project, "key_figures", "1.11.0")
    assert changes == {
        "a": [{"version": "1.0.0", "change": "added"},
              {"version": "1.0.1", "change": "changed", "fields": ["value", "value_text"]}],
        "b": [{"version": "1.0.1", "change": "added"},
              {"version": "1.11.0", "change": "changed", "fields": ["value", "value_text"]}],
    }
    # A released version is not compared twice with itself.
    assert figures.history(project, "key_figures", "1.10.0")["b"] == [{"version": "1.0.1", "change": "added"}]
