"""Every text of the web front has its Finnish translation, and the compiled catalog is current."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

WEB = Path(__file__).resolve().parents[2] / "web"
FORMATS = WEB.parent / "planner" / "formats"  # the people lists' words, shown by the web
CATALOG = WEB / "translations" / "fi" / "LC_MESSAGES"
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "N_": None}


def _source_messages() -> set[str]:
    found = set()
    for where, methods in ((WEB, METHODS), (FORMATS, [("**.py", "python")])):
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(where), methods, keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog(name: str):
    with (CATALOG / name).open("rb") as file:
        data = file.read()
    return read_po(io.BytesIO(data), locale="fi") if name.endswith(".po") else read_mo(
        io.BytesIO(data)
    )


def test_every_text_has_a_finnish_translation() -> None:
    po = _catalog("messages.po")
    assert {"Log in", "You have logged out.", "The file is empty."} <= _source_messages()
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in po if m.id and m.string}
    assert sorted(_source_messages() - translated) == []


def test_the_compiled_catalog_matches_the_translations() -> None:
    po, mo = _catalog("messages.po"), _catalog("messages.mo")
    assert _pairs(po) == _pairs(mo)


def _pairs(catalog) -> dict:
    # Plural messages come back as tuples from a .po file and as lists from a .mo file.
    def key(value):
        return value if isinstance(value, str) else tuple(value)

    return {key(m.id): key(m.string) for m in catalog if m.id}
