"""A page's front matter holds a name from the data as one YAML string, whatever its first character (red team 3:
'(Generel) integration' began the title with '&#40;', which YAML read as an anchor, so the page lost its title,
description and preview image, and showed the front matter as text, while the build passed)."""

import yaml

from build_scripts.stages.pages.stage import escape, front_matter

# Every character that escape() writes as a reference, and those YAML reserves at the start of a plain value.
FIRST = "\\`*_{}[]()#+!|~:&<>\"'-?@%,=*"


def test_a_name_beginning_with_any_reserved_character_is_one_title():
    for char in FIRST:
        name = f"{char}Generel) integration"
        parsed = yaml.safe_load(f"title: {front_matter(name)}\ndescription: {front_matter(name, ' i kortlægningen.')}\n")
        assert parsed == {"title": str(escape(name)), "description": str(escape(name)) + " i kortlægningen."}, char


def test_the_templates_own_words_are_not_escaped_and_the_datas_are():
    assert str(front_matter("<b>A&B</b>", " – Danish municipalities' data")) == (
        '"&lt;b&gt;A&amp;B&lt;/b&gt; – Danish municipalities\' data"')
