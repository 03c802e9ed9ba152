"""Links to other sites in page templates: `external()` gives MkDocs a destination it recognises (an escaped ':'
made it a broken relative link, which the strict build now refuses), and refuses what is not http(s)."""

import pytest

from build_scripts.core.errors import BuildStopped
from build_scripts.core.lang import main as main_language
from build_scripts.stages.pages.stage import PageHelpers
from conftest import CHECKOUT


@pytest.fixture
def helpers():
    return PageHelpers.__new__(PageHelpers)  # external() needs only the page's name


def test_an_address_stays_an_address_and_cannot_end_the_link(helpers):
    helpers.page, helpers.lang = "data.md", main_language()
    assert helpers.external("https://creativecommons.org/licenses/by/4.0/") == "https://creativecommons.org/licenses/by/4.0/"
    with pytest.raises(BuildStopped):  # what could end the destination is no address (validate's floor.url_problem)
        helpers.external("https://x.example/a b)[c]<d>")


@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,x", "//x.example/", "file:///etc/passwd"])
def test_an_address_that_is_not_http_stops_the_build(helpers, address):
    helpers.page, helpers.lang = "data.md", main_language()
    with pytest.raises(BuildStopped, match="data.md: a link to .* is not an http\\(s\\) address"):
        helpers.external(address)


def test_the_built_pages_link_out_with_plain_addresses(built_site):
    from build_scripts.core import config, package

    licence = package.descriptor(CHECKOUT.datapackage_json)["licenses"][0]["path"]
    for page in ("data/index.html", "en/data/index.html"):
        assert f'href="{licence}"' in (built_site / page).read_text(encoding="utf-8"), page
    for page in ("om-siden/index.html", "en/om-siden/index.html"):
        assert f'href="{config.issue_tracker(CHECKOUT)}"' in (built_site / page).read_text(encoding="utf-8"), page
