"""Every catalogue is complete: each text of its sources has a Finnish translation, with
the same placeholders, and the compiled `.mo` is current with the `.po`.

There are two catalogues: the web front's (`web/translations`, its pages and code) and the
one `planner` and `calendars` read without Flask (`planner/translations`, through
`planner.i18n`). Each is extracted as `pybabel extract -F <its babel.cfg>` extracts it
(README, Development), from the same mapping file.
"""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path, PurePosixPath

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
# name: (the package, its extraction mapping, the catalogue's directory)
CATALOGUES = {
    "web": ("web", ROOT / "web" / "babel.cfg", ROOT / "web" / "translations"),
    "planner": ("planner", ROOT / "planner" / "babel.cfg", ROOT / "planner" / "translations"),
}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]*\}")


def _source_messages(name: str) -> set[tuple[str | None, str]]:
    """(context, msgid) of every text the sources mark, as `pybabel extract` finds them."""
    _package, mapping, _catalogue = CATALOGUES[name]
    with mapping.open() as file:
        methods, options = parse_mapping_cfg(file, str(mapping))
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), methods, options, keywords=DEFAULT_KEYWORDS
    ):
        found.add((context, message if isinstance(message, str) else message[0]))
    return found


def _catalog(name: str, file: str):
    path = CATALOGUES[name][2] / "fi" / "LC_MESSAGES" / file
    data = path.read_bytes()
    if file.endswith(".po"):
        return read_po(io.BytesIO(data), locale="fi")
    return read_mo(io.BytesIO(data))


def _key(value):
    # Plural messages come back as tuples from a .po file and as lists from a .mo file.
    return value if isinstance(value, str) else tuple(value)


def _translated(name: str) -> dict[tuple[str | None, object], object]:
    return {(m.context, _key(m.id)): _key(m.string) for m in _catalog(name, "messages.po") if m.id}


def test_the_sources_are_found_in_templates_code_and_both_packages() -> None:
    web, planner = _source_messages("web"), _source_messages("planner")
    assert {(None, "Log in"), (None, "You have logged out.")} <= web  # templates and code
    assert (None, "Group: {name}") in planner  # a feed's and a notice's event
    assert ("answer", "Inactive") in planner and ("indicator", "Inactive") in planner


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_text_has_a_finnish_translation(name: str) -> None:
    po = _catalog(name, "messages.po")
    translated = {
        (m.context, _key(m.id)[0] if isinstance(_key(m.id), tuple) else m.id)
        for m in po
        if m.id and (m.string if isinstance(m.string, str) else all(m.string)) and not m.fuzzy
    }
    assert sorted(_source_messages(name) - translated, key=str) == []


def test_the_domain_catalogue_holds_no_text_its_sources_have_dropped() -> None:
    in_catalogue = {(context, key[0] if isinstance(key, tuple) else key)
                    for context, key in _translated("planner")}  # fmt: skip
    assert sorted(in_catalogue - _source_messages("planner"), key=str) == []


@pytest.mark.parametrize("name", CATALOGUES)
def test_a_translation_keeps_the_placeholders_of_its_text(name: str) -> None:
    def fields(text: object) -> set[str]:
        texts = [text] if isinstance(text, str) else list(text)
        return {field for one in texts for field in PLACEHOLDER.findall(one)}

    differ = {
        key: string
        for key, string in _translated(name).items()
        if string and fields(string) != fields(key[1])
    }
    assert differ == {}


@pytest.mark.parametrize("name", CATALOGUES)
def test_the_compiled_catalog_matches_the_translations(name: str) -> None:
    mo = _catalog(name, "messages.mo")
    assert _translated(name) == {(m.context, _key(m.id)): _key(m.string) for m in mo if m.id}


@pytest.mark.parametrize("name", CATALOGUES)
def test_the_catalogue_is_package_data(name: str) -> None:
    """A non-editable install carries the `.po` and `.mo` files (pyproject's package-data)."""
    package, _mapping, catalogue = CATALOGUES[name]
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = settings["tool"]["setuptools"]["package-data"][package]
    files = [p.relative_to(ROOT / package).as_posix() for p in catalogue.rglob("*.[mp]o")]
    assert {Path(f).suffix for f in files} == {".po", ".mo"}
    assert [
        f for f in files if not any(PurePosixPath(f).match(pattern) for pattern in patterns)
    ] == []
