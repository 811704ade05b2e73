"""The columns of people lists: their Finnish and English headers, and the templates to fill.

A header is matched without regard to case, spaces or a trailing `*`; Finnish and English
headers may be mixed in one file. Columns marked required must be present; a column
left out keeps what the master data already holds.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

from planner.domain.timeparts import WEEKDAYS
from planner.formats.texts import lazy_gettext as _l


@dataclass(frozen=True)
class Column:
    """One column of a people list."""

    key: str
    fi: str
    en: str
    help: Any
    example: str = ""
    required: bool = False
    aliases: tuple[str, ...] = ()

    def matches(self, header: str) -> bool:
        """Whether a header names this column."""
        return normal(header) in {normal(h) for h in (self.fi, self.en, self.key, *self.aliases)}

    def header(self, language: str) -> str:
        """The header written in a template of that language."""
        text = self.fi if language == "fi" else self.en
        return f"{text} *" if self.required else text


def normal(header: str) -> str:
    """A header reduced to what matters: `Nimi *` and `nimi` alike."""
    return re.sub(r"[\s_]+", " ", str(header).strip().rstrip("*:").strip().casefold())


ID = Column(
    "id",
    "tunniste",
    "id",
    _l("The record's id. Leave empty to match by name, or to make an id for someone new."),
    "p-01",
    aliases=("tunnus",),
)
NAME = Column("name", "nimi", "name", _l("Full name."), "Amina Esimerkki", required=True)
LANGUAGES = Column(
    "languages",
    "kielet",
    "languages",
    _l("ISO codes separated by commas."),
    "ar, fi",
    required=True,
    aliases=("kieli", "language"),
)
EMAIL = Column(
    "email", "sähköposti", "email", _l("Email address."), "", aliases=("e-mail", "sposti")
)
ABSENT = Column(
    "absent",
    "poissa",
    "absences",
    _l("Periods separated by commas, e.g. 1.12.2026–3.12.2026, 9.12.2026."),
    aliases=("absent", "poissaolot"),
)

_DAYS = {
    "mon": ("ma", "mon", ("maanantai", "monday")),
    "tue": ("ti", "tue", ("tiistai", "tuesday")),
    "wed": ("ke", "wed", ("keskiviikko", "wednesday")),
    "thu": ("to", "thu", ("torstai", "thursday")),
    "fri": ("pe", "fri", ("perjantai", "friday")),
    "sat": ("la", "sat", ("lauantai", "saturday")),
    "sun": ("su", "sun", ("sunnuntai", "sunday")),
}
DAYS = tuple(
    Column(
        day,
        fi,
        en,
        _l("Times of the weekday, e.g. 08:00-12:00, 13:00-16:00; empty for none."),
        "08:00-16:00" if day not in ("sat", "sun") else "",
        aliases=aliases,
    )
    for day, (fi, en, aliases) in ((d, _DAYS[d]) for d in WEEKDAYS)
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "participants": (
        ID,
        NAME,
        Column(
            "area",
            "alue",
            "area",
            _l("The area's name or id."),
            "Kemi",
            required=True,
            aliases=("kunta", "municipality"),
        ),
        Column("address", "osoite", "address", _l("Home address."), "Mallikatu 4 B 12, Kemi"),
        LANGUAGES,
        *DAYS,
        Column(
            "children",
            "lapset",
            "children",
            _l(
                "Birth dates separated by commas; add "
                "(päivähoito) or (daycare) after a child in daycare."
            ),
            "12.4.2026, 8.3.2022 (päivähoito)",
            aliases=("lasten syntymäajat",),
        ),
    ),
    "staff": (
        ID,
        NAME,
        Column(
            "base_area",
            "kotialue",
            "base area",
            _l("Where the working day starts and ends: the area's name or id."),
            "Kemi",
            required=True,
            aliases=("tukikohta", "alue", "area"),
        ),
        LANGUAGES,
        Column(
            "roles",
            "roolit",
            "roles",
            _l("ryhmänohjaaja (facilitator) and/or yksilöohjaaja (guide), separated by commas."),
            "ryhmänohjaaja, yksilöohjaaja",
            required=True,
            aliases=("rooli", "role"),
        ),
        Column(
            "hours_per_week",
            "viikkotunnit",
            "hours per week",
            _l("Working hours a week."),
            "37,5",
            required=True,
            aliases=("tuntia viikossa",),
        ),
        Column(
            "max_hours_per_day",
            "päivätunnit enintään",
            "max hours per day",
            _l("The longest working day in hours."),
            "7,5",
            required=True,
            aliases=("päivätunnit", "tuntia päivässä enintään"),
        ),
        *DAYS,
        ABSENT,
        EMAIL,
    ),
    "carers": (
        ID,
        Column(
            "partner",
            "kumppani",
            "partner",
            _l("The partner organisation's name or id."),
            "Kemin seurakunta",
            required=True,
            aliases=("organisaatio", "organisation"),
        ),
        NAME,
        Column(
            "areas",
            "alueet",
            "areas",
            _l("Names or ids of the areas the carer works in, separated by commas."),
            "Kemi, Keminmaa",
            required=True,
        ),
        Column(
            "max_shifts_per_week",
            "vuoroja viikossa enintään",
            "max shifts per week",
            _l("The most childcare shifts in a week."),
            "3",
            required=True,
            aliases=("vuoroja viikossa",),
        ),
        Column(
            "infants",
            "vauvat",
            "infants",
            _l("kyllä (yes) if the carer looks after infants under 1, else ei (no) or empty."),
            "kyllä",
            aliases=("alle 1-vuotiaat",),
        ),
        *DAYS,
        ABSENT,
        EMAIL,
    ),
}

KIND_NAMES = {"participants": _l("Participants"), "staff": _l("Staff"), "carers": _l("Carers")}


def match_headers(kind: str, headers: list[str]) -> tuple[dict[int, Column], list[str]]:
    """Which column each header position fills, and the headers that name no column."""
    found: dict[int, Column] = {}
    unknown = []
    for position, header in enumerate(headers):
        column = next((c for c in COLUMNS[kind] if header and c.matches(header)), None)
        if column is None:
            if header:
                unknown.append(header)
            continue
        found[position] = column
    return found, unknown


def template_csv(kind: str, language: str) -> bytes:
    """An empty list with the headers, as Excel opens it in Finland (UTF-8 with BOM, `;`)."""
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerow(c.header(language) for c in COLUMNS[kind])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(kind: str, language: str) -> bytes:
    """An empty list with the headers on its first sheet and the column guide on a second."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = str(KIND_NAMES[kind])[:31]
    columns = COLUMNS[kind]
    sheet.append([c.header(language) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 4)
    guide = book.create_sheet(str(_l("Columns"))[:31])
    guide.append([str(_l("Column")), str(_l("Meaning")), str(_l("Example"))])
    for column in columns:
        guide.append([column.header(language), str(column.help), column.example])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
