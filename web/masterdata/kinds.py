"""The kinds of records the coordinator keeps: their names, forms and list columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from planner.domain import HOME
from web.masterdata.forms import RecordForm
from web.masterdata.people_forms import (
    CarerForm,
    InterpreterForm,
    ParticipantForm,
    PartnerForm,
    StaffForm,
)
from web.masterdata.records import Entity
from web.masterdata.work_forms import THEMES, GroupForm, GuidanceForm, VenueForm

Names = dict[str, str]


@dataclass(frozen=True)
class Column:
    """One column of a kind's list."""

    label: Any
    value: Callable[[Entity, Names], str]


@dataclass(frozen=True)
class Kind:
    """A kind of record as its pages show it."""

    slug: str
    plural: Any
    add: Any
    form: type[RecordForm]
    columns: tuple[Column, ...]


def _names(ids: list[str] | None, names: Names) -> str:
    return ", ".join(names.get(i, i) for i in ids or [])


def _ages(children: list[Entity]) -> str:
    today = dt.date.today()
    ages = []
    for child in children:
        born = dt.date.fromisoformat(child["birth_date"])
        ages.append(today.year - born.year - ((today.month, today.day) < (born.month, born.day)))
    return ", ".join(str(age) for age in sorted(ages)) or "–"


def _roles(entity: Entity, _names_: Names) -> str:
    words = {"facilitator": _("facilitates groups"), "guide": _("gives guidance")}
    return ", ".join(words[role] for role in entity["roles"]) or "–"


def _yes(value: bool) -> str:
    return _("yes") if value else "–"


def _share(entity: Entity, _names_: Names) -> str:
    share = entity.get("share")
    return "–" if share is None else f"{round(share * 100, 2):g} %"


def _place(entity: Entity, names: Names) -> str:
    return _("at home") if entity["place"] == HOME else names.get(entity["place"], entity["place"])


def _works(entity: Entity, names: Names) -> str:
    if entity["remote"]:
        return _("remotely")
    return _names(entity["areas"], names)


def _theme(entity: Entity, _names_: Names) -> str:
    labels = {choice.value: choice.label for choice in THEMES}
    return str(labels.get(entity["theme"], entity["theme"]))


def _count(key: str) -> Callable[[Entity, Names], str]:
    return lambda entity, _names_: str(len(entity.get(key) or []))


def _text(key: str) -> Callable[[Entity, Names], str]:
    return lambda entity, _names_: "–" if entity.get(key) is None else str(entity[key])


def _named(key: str) -> Callable[[Entity, Names], str]:
    return lambda entity, names: names.get(entity[key], entity[key])


def _listed(key: str, named: bool = False) -> Callable[[Entity, Names], str]:
    return lambda entity, names: _names(entity[key], names if named else {}) or "–"


NAME = Column(_l("Name"), _text("name"))
LANGUAGES = Column(_l("Languages"), _listed("languages"))

KINDS = {
    kind.slug: kind
    for kind in (
        Kind("participants", _l("Participants"), _l("Add a participant"),
             ParticipantForm, (
                 NAME, Column(_l("Area"), _named("area")), LANGUAGES,
                 Column(_l("Children's ages"), lambda e, n: _ages(e["children"])),
             )),
        Kind("groups", _l("Groups"), _l("Add a group"), GroupForm, (
            NAME, Column(_l("Theme"), _theme), Column(_l("Language"), _text("language")),
            Column(_l("Venues"), _listed("venues", named=True)),
            Column(_l("Members"), _count("members")),
            Column(_l("Sessions a week"), _text("sessions_per_week")),
        )),
        Kind("guidance", _l("Guidance needs"), _l("Add a guidance need"),
             GuidanceForm, (
                 Column(_l("Id"), _text("id")),
                 Column(_l("Participant"), _named("participant")),
                 Column(_l("Place"), _place),
                 Column(_l("Visits a week"), _text("visits_per_week")),
                 Column(_l("Minutes"), _text("duration_minutes")),
             )),
        Kind("staff", _l("Staff"), _l("Add a staff member"), StaffForm, (
            NAME, Column(_l("Base area"), _named("base_area")), LANGUAGES,
            Column(_l("Roles"), _roles), Column(_l("Hours a week"), _text("hours_per_week")),
        )),
        Kind("partners", _l("Partners"), _l("Add a partner"), PartnerForm, (
            NAME, Column(_l("Email"), _text("email")), Column(_l("Share"), _share),
            Column(_l("Carers"), _count("carers")),
        )),
        Kind("carers", _l("Carers"), _l("Add a carer"), CarerForm, (
            NAME, Column(_l("Partner"), _named("partner")),
            Column(_l("Areas"), _listed("areas", named=True)),
            Column(_l("Most shifts a week"), _text("max_shifts_per_week")),
            Column(_l("Infants"), lambda e, n: _yes(e["infants"])),
        )),
        Kind("venues", _l("Venues"), _l("Add a venue"), VenueForm, (
            NAME, Column(_l("Area"), _named("area")), Column(_l("Address"), _text("address")),
            Column(_l("Capacity"), _text("capacity")),
            Column(_l("Childcare room"), lambda e, n: _yes(e["childcare_room"])),
        )),
        Kind("interpreters", _l("Interpreters"), _l("Add an interpreter"),
             InterpreterForm, (NAME, LANGUAGES, Column(_l("Works"), _works))),
    )
}  # fmt: skip


def names_of(doc: dict[str, Any]) -> Names:
    """The name of every named record of the document, by id."""
    names = {area["id"]: area["name"] for area in doc["areas"]}
    for kind in ("venues", "staff", "partners", "participants", "groups", "interpreters"):
        names.update({entity["id"]: entity["name"] for entity in doc[kind]})
    for partner in doc["partners"]:
        names.update({carer["id"]: carer["name"] for carer in partner["carers"]})
    return names
