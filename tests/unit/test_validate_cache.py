"""validate keeps each resource's frictionless problems per content (stage.CHECKED, keyed by stage._content_key):
what it finds with the cache filled by earlier packages must be what it finds with an empty cache, whichever
file changed: the table itself, a table its foreign keys refer to, its schema, the package's place, or a page template
of docs/ (the rows the templates read: requirements.template_needs, kept per the templates' texts; red team 6,
finding 9: it was kept per folder, and a page edited to read a missing figure passed a second validation)."""

import shutil

import pytest
from test_gate import edit_descriptor, resource, set_cell

from build_scripts import cli
from build_scripts.stages.validate import stage as validate
from conftest import CHECKOUT


def found(package_json, docs_dir=None) -> list[str]:
    return [str(p) for p in validate.collect_problems(package_json, docs_dir=docs_dir)[0]]


def found_afresh(package_json, docs_dir=None) -> list[str]:
    """As a new process finds it: every cache of the build's modules emptied (as the CLI does between stages)."""
    validate.CHECKED.clear()
    cli.forget_cached_reads()
    return found(package_json, docs_dir)


def drop_source(package_json):  # a table the key figures' foreign key refers to
    set_cell(package_json, "sources", "source_id", "rapport-2022", "source_id", "rapport-2099")


def tighten_schema(package_json):  # the descriptor only: a maximum the data breaks
    edit_descriptor(package_json, lambda d: next(f for f in resource(d, "policy_areas")["schema"]["fields"]
                                                 if f["name"] == "sort_order")["constraints"].update(maximum=2))


def bad_cell(package_json):
    set_cell(package_json, "policy_areas", "area_id", "social", "sort_order", "x")


def unknown_type(package_json):  # a schema frictionless cannot load, in a descriptor it had found valid
    edit_descriptor(package_json, lambda d: resource(d, "policy_areas")["schema"]["fields"][0].update(type="tekst"))


@pytest.mark.parametrize("change", [drop_source, tighten_schema, bad_cell, unknown_type])
def test_a_change_is_found_with_the_cache_filled_as_without_it(package_copy, change):
    assert found(package_copy) == []  # the cache now holds every resource of the valid package
    change(package_copy)
    with_cache = found(package_copy)
    assert with_cache != [] and with_cache == found_afresh(package_copy)


def test_a_package_validated_before_is_not_loaded_by_frictionless_again(package_copy, monkeypatch):
    """stage.DESCRIPTORS_VALID: the descriptor found valid and every resource's content seen, frictionless has nothing
    new to read; a changed table (or descriptor: test_a_change_is_found_with_the_cache_filled_as_without_it) is
    loaded again."""
    assert found(package_copy) == []
    loaded = []
    monkeypatch.setattr(validate, "_resource_problems", lambda *args: loaded.append(args[-1].name) or ((), ()))
    assert found(package_copy) == [] and loaded == []
    set_cell(package_copy, "policy_areas", "area_id", "social", "sort_order", "not-validated-before")  # new content
    found(package_copy)
    assert "policy_areas" in loaded


def test_the_same_content_elsewhere_is_named_as_it_is_there(package_copy, tmp_path):
    bad_cell(package_copy)
    first = found(package_copy)
    other = tmp_path / "other" / "pakke"
    shutil.copytree(package_copy.parent, other)
    elsewhere = found(other / "datapackage.json")
    assert [line.replace("pakke/", "datapackage/") for line in elsewhere] == first
    assert elsewhere != first and elsewhere == found_afresh(other / "datapackage.json")


def page_reads_missing_figure(docs):
    page = docs / "om-siden.md"
    page.write_text(page.read_text(encoding="utf-8") + '{{ fig("no_such_fig") }}\n', encoding="utf-8")


def new_page_reads_missing_figure(docs):
    (docs / "ny.md").write_text('# Ny\n\n{{ fig("no_such_fig") }}\n', encoding="utf-8")


def missing_figure(page):
    return (f"datapackage/data/key_figures.csv: felt figure_id: Rækken 'no_such_fig' mangler; {page} læser den. "
            f"Gendan rækken. | field figure_id: The row 'no_such_fig' is missing; {page} reads it. Restore the row.")


@pytest.mark.parametrize("change,page", [(page_reads_missing_figure, "docs/om-siden.md"),
                                         (new_page_reads_missing_figure, "docs/ny.md")])
def test_a_template_edit_is_found_with_the_cache_filled_as_without_it(package_copy, tmp_path, change, page):
    docs = shutil.copytree(CHECKOUT.docs_dir, tmp_path / "docs")
    assert found(package_copy, docs) == []  # the templates' needs are now kept for these templates
    change(docs)
    with_cache = found(package_copy, docs)
    assert with_cache == [missing_figure(page)] and with_cache == found_afresh(package_copy, docs)
