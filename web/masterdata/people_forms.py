"""Forms of the people: staff, partners and their carers, participants and their children,
interpreters."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field, FieldList, FormField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

from planner.formats import values
from planner.formats.documents import Path
from web.masterdata.fields import (
    CheckboxesField,
    ChildForm,
    WindowsForm,
    languages_field,
    number_field,
    periods_field,
    windows_data,
)
from web.masterdata.forms import (
    RecordForm,
    area_choices,
    choices,
    email_of,
    kept_order,
    typed,
)
from web.masterdata.records import Entity, owners

NAME_HINT = _l("Leave the id empty to make one from the name; it cannot be changed later.")
LANGUAGES_HINT = _l("ISO codes separated by commas, e.g. fi, ar, so.")
WINDOWS_HINT = _l(
    "Times of each weekday, e.g. 08:00-12:00, 13:00-16:00. A day left empty has no time."
)
PERIODS_HINT = _l(
    "One period a line: 1.12.2026–3.12.2026, a single day 4.12.2026, "
    "or hours 4.12.2026 12:00–4.12.2026 16:30."
)
EMAIL = {"type": "email", "autocomplete": "off"}


def _name() -> StringField:
    return StringField(_l("Name"), validators=[InputRequired()])


class StaffForm(RecordForm):
    """A staff member: languages, roles, working time, weekly availability, absences."""

    id_prefix = "s"
    name = _name()
    email = StringField(_l("Email"), render_kw=EMAIL)
    base_area = SelectField(_l("Base area"))
    languages = languages_field(_l("Languages"))
    roles = CheckboxesField(
        _l("Roles"),
        choices=[
            SelectChoice("facilitator", _l("Facilitates groups")),
            SelectChoice("guide", _l("Gives guidance")),
        ],
    )
    hours_per_week = number_field(_l("Hours per week"), whole=False)
    max_hours_per_day = number_field(_l("Most hours a day"), whole=False)
    available = FormField(WindowsForm, _l("Available"))
    absent = periods_field(_l("Absences"))

    sections = (
        (_l("Person"), ("record_id", "name", "email", "base_area", "languages", "roles")),
        (_l("Working time"), ("hours_per_week", "max_hours_per_day", "available", "absent")),
    )
    hints = {
        "record_id": NAME_HINT,
        "base_area": _l("Where the working day starts and ends."),
        "languages": LANGUAGES_HINT,
        "hours_per_week": _l("e.g. 37,5"),
        "available": WINDOWS_HINT,
        "absent": PERIODS_HINT,
    }

    def data_of(self, entity: Entity) -> dict[str, Any]:
        return entity | {"available": windows_data(entity["available"])}

    def setup(self, doc: dict[str, Any]) -> None:
        self.base_area.choices = area_choices(doc)

    def read(self, doc: dict[str, Any], record_id: str | None) -> Entity:
        return {
            "id": record_id or self.new_id(doc, self.record_id.data, typed(self.name)),
            "name": typed(self.name),
            "base_area": self.base_area.data,
            "languages": self.languages.data or [],
            "roles": kept_order(self.roles.data, self.before.get("roles")),
            "hours_per_week": self.hours_per_week.data,
            "max_hours_per_day": self.max_hours_per_day.data,
            "available": self.available.form.windows(),
            "absent": self.absent.data or [],
        } | email_of(self.email)


class PartnerForm(RecordForm):
    """A partner organisation that lends carers."""

    id_prefix = "par"
    name = _name()
    email = StringField(_l("Email"), render_kw=EMAIL)
    share = number_field(
        _l("Share of all shifts (%)"),
        whole=False,
        validators=[
            Optional(),
            NumberRange(0, 100, message=_l("Give a share between %(min)s and %(max)s per cent.")),
        ],
    )

    sections = ((_l("Partner organisation"), ("record_id", "name", "email", "share")),)
    hints = {
        "record_id": NAME_HINT,
        "share": _l(
            "The part of all childcare shifts this partner has agreed to give; "
            "leave empty if none was agreed."
        ),
    }

    def data_of(self, entity: Entity) -> dict[str, Any]:
        share = entity.get("share")
        return entity | {"share": None if share is None else round(share * 100, 6)}

    def read(self, doc: dict[str, Any], record_id: str | None) -> Entity:
        share = self.share.data
        entity: Entity = {
            "id": record_id or self.new_id(doc, self.record_id.data, typed(self.name)),
            "name": typed(self.name),
        } | email_of(self.email)
        if share is not None:
            entity["share"] = round(share / 100, 6)
        return entity


class CarerForm(RecordForm):
    """A carer of a partner organisation."""

    id_prefix = "c"
    partner = SelectField(_l("Partner organisation"))
    name = _name()
    email = StringField(_l("Email"), render_kw=EMAIL)
    areas = CheckboxesField(_l("Areas"))
    max_shifts_per_week = number_field(_l("Most shifts a week"))
    infants = BooleanField(_l("Cares for infants under 1"))
    available = FormField(WindowsForm, _l("Available"))
    absent = periods_field(_l("Absences"))

    sections = (
        (_l("Carer"), ("record_id", "partner", "name", "email", "areas", "infants")),
        (_l("Working time"), ("max_shifts_per_week", "available", "absent")),
    )
    hints = {
        "record_id": NAME_HINT,
        "areas": _l("Where the carer can work."),
        "available": WINDOWS_HINT,
        "absent": PERIODS_HINT,
    }

    def data_of(self, entity: Entity) -> dict[str, Any]:
        return entity | {"available": windows_data(entity["available"])}

    def setup(self, doc: dict[str, Any]) -> None:
        self.partner.choices = choices(doc["partners"])
        self.areas.choices = area_choices(doc)

    def read(self, doc: dict[str, Any], record_id: str | None) -> Entity:
        return {
            "id": record_id or self.new_id(doc, self.record_id.data, typed(self.name)),
            "partner": self.partner.data,
            "name": typed(self.name),
            "areas": kept_order(self.areas.data, self.before.get("areas")),
            "available": self.available.form.windows(),
            "absent": self.absent.data or [],
            "max_shifts_per_week": self.max_shifts_per_week.data,
            "infants": self.infants.data,
        } | email_of(self.email)


class ParticipantForm(RecordForm):
    """A participant and her children."""

    id_prefix = "p"
    name = _name()
    area = SelectField(_l("Area"))
    address = StringField(_l("Address"), render_kw={"autocomplete": "off"})
    languages = languages_field(_l("Languages"))
    available = FormField(WindowsForm, _l("Available for visits"))
    children = FieldList(FormField(ChildForm), label=_l("Children"))

    sections = (
        (_l("Participant"), ("record_id", "name", "area", "address", "languages")),
        (_l("Family"), ("children",)),
        (_l("Visits"), ("available",)),
    )
    hints = {
        "record_id": NAME_HINT,
        "languages": LANGUAGES_HINT,
        "available": _l(
            "When guidance visits suit her. Leave every day empty for the usual "
            "Monday to Friday 09:00-16:00."
        ),
        "children": _l(
            "Birth dates like 12.4.2026. Fill an empty row to add a child (the id may stay "
            "empty); tick Remove to take one off."
        ),
    }
    EMPTY_ROWS = 2

    def data_of(self, entity: Entity) -> dict[str, Any]:
        children = [
            {"child_id": c["id"], "birth_date": c["birth_date"], "in_daycare": c["in_daycare"]}
            for c in entity["children"]
        ]
        return entity | {
            "available": windows_data(entity.get("available")),
            "children": children + [{}] * self.EMPTY_ROWS,
        }

    def blank(self) -> dict[str, Any]:
        return {"children": [{}] * self.EMPTY_ROWS}

    def setup(self, doc: dict[str, Any]) -> None:
        self.area.choices = area_choices(doc)
        self.child_rows: dict[int, Any] = {}

    def read(self, doc: dict[str, Any], record_id: str | None) -> Entity:
        pid = record_id or self.new_id(doc, self.record_id.data, typed(self.name))
        taken = set(owners(doc))
        rows = []
        for row in self.children:
            child = row.form
            given = typed(child.child_id)
            written = (child.birth_date.raw_data or [""])[0].strip()
            if child.remove.data or not (given or written):
                continue
            child_id = given or values.numbered_id(pid, taken)
            rows.append((child_id, row, child))
        rows.sort(key=lambda item: item[0])  # the database keeps children in id order
        self.child_rows = {j: row for j, (_, row, _) in enumerate(rows)}
        windows = self.available.form.windows()
        entity: Entity = {
            "id": pid,
            "name": typed(self.name),
            "area": self.area.data,
            "address": typed(self.address),
            "languages": self.languages.data or [],
        }
        if windows:
            entity["available"] = windows
        entity["children"] = [
            {"id": cid, "birth_date": child.birth_date.data, "in_daycare": child.in_daycare.data}
            for cid, _, child in rows
        ]
        return entity

    def places(self) -> dict[Path, Field]:
        found = super().places()
        for j, row in self.child_rows.items():
            found[("children", j)] = row.form.birth_date
            found[("children", j, "birth_date")] = row.form.birth_date
            found[("children", j, "id")] = row.form.child_id
        return found


class InterpreterForm(RecordForm):
    """An interpreter, on site in some areas or remote."""

    id_prefix = "i"
    name = _name()
    languages = languages_field(_l("Languages"))
    remote = BooleanField(_l("Interprets remotely (by phone or video)"))
    areas = CheckboxesField(_l("Areas"))
    available = FormField(WindowsForm, _l("Available"))
    absent = periods_field(_l("Absences"))

    sections = (
        (_l("Interpreter"), ("record_id", "name", "languages", "remote", "areas")),
        (_l("Working time"), ("available", "absent")),
    )
    hints = {
        "record_id": NAME_HINT,
        "languages": _l("At least two ISO codes, e.g. so, fi."),
        "areas": _l("Where an on-site interpreter can work."),
        "available": WINDOWS_HINT,
        "absent": PERIODS_HINT,
    }

    def data_of(self, entity: Entity) -> dict[str, Any]:
        return entity | {"available": windows_data(entity["available"])}

    def setup(self, doc: dict[str, Any]) -> None:
        self.areas.choices = area_choices(doc)

    def read(self, doc: dict[str, Any], record_id: str | None) -> Entity:
        return {
            "id": record_id or self.new_id(doc, self.record_id.data, typed(self.name)),
            "name": typed(self.name),
            "languages": self.languages.data or [],
            "remote": self.remote.data,
            "areas": kept_order(self.areas.data, self.before.get("areas")),
            "available": self.available.form.windows(),
            "absent": self.absent.data or [],
        }
