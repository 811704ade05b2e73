"""Forms of the work: venues with their opening hours, groups with members, guidance needs."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FormField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from planner.domain import HOME
from web.masterdata.fields import (
    CheckboxesField,
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
    kept_order,
    people_choices,
    typed,
)
from web.masterdata.people_forms import NAME_HINT, PERIODS_HINT, WINDOWS_HINT
from web.masterdata.records import Entity

THEMES = [
    SelectChoice("everyday_life", _l("Everyday life")),
    SelectChoice("housing", _l("Housing")),
    SelectChoice("culture", _l("Culture")),
    SelectChoice("leisure", _l("Leisure")),
    SelectChoice("life_management", _l("Life management")),
    SelectChoice("other", _l("Other")),
]


class VenueForm(RecordForm):
    """A venue with its opening hours and closed periods."""

    id_prefix = "v"
    name = StringField(_l("Name"), validators=[InputRequired()])
    area = SelectField(_l("Area"))
    address = StringField(_l("Address"))
    capacity = number_field(_l("Capacity (people)"))
    rooms = number_field(_l("Rooms for groups"))
    childcare_room = BooleanField(_l("Has a childcare room"))
    childcare_capacity = number_field(_l("Children the childcare room takes"))
    open = FormField(WindowsForm, _l("Opening hours"))
    closed = periods_field(_l("Closed"))

    sections = (
        (_l("Venue"), ("record_id", "name", "area", "address", "capacity", "rooms")),
        (_l("Childcare"), ("childcare_room", "childcare_capacity")),
        (_l("Opening hours"), ("open", "closed")),
    )
    hints = {
        "record_id": NAME_HINT,
        "rooms": _l("How many groups can meet here at once."),
        "open": WINDOWS_HINT,
        "closed": PERIODS_HINT,
    }

    def data_of(self, entity: Entity) -> dict[str, Any]:
        return entity | {"open": windows_data(entity["open"])}

    def blank(self) -> dict[str, Any]:
        return {"rooms": 1, "childcare_capacity": 0}

    def setup(self, doc: dict[str, Any]) -> None:
        self.area.choices = area_choices(doc)

    def read(self, doc: dict[str, Any], record_id: str | None) -> Entity:
        return {
            "id": record_id or self.new_id(doc, self.record_id.data, typed(self.name)),
            "name": typed(self.name),
            "area": self.area.data,
            "address": typed(self.address),
            "capacity": self.capacity.data,
            "rooms": self.rooms.data,
            "childcare_room": self.childcare_room.data,
            "childcare_capacity": self.childcare_capacity.data,
            "open": self.open.form.windows(),
            "closed": self.closed.data or [],
        }


class GroupForm(RecordForm):
    """A group: its sessions, venues, members, facilitators and childcare."""

    id_prefix = "g"
    name = StringField(_l("Name"), validators=[InputRequired()])
    theme = SelectField(_l("Theme"), choices=THEMES)
    language = StringField(_l("Language"), render_kw={"autocomplete": "off"})
    interpreting = languages_field(_l("Interpreted into"))
    venues = CheckboxesField(_l("Venues"))
    members = CheckboxesField(_l("Members"))
    sessions_per_week = number_field(_l("Sessions a week"))
    duration_minutes = number_field(_l("Length of a session (minutes)"))
    windows = FormField(WindowsForm, _l("When the group may meet"))
    facilitators = number_field(_l("Facilitators at a session"))
    facilitator_pool = CheckboxesField(_l("Facilitators to choose from"))
    childcare = BooleanField(_l("Childcare during sessions"))
    preferred_carers = CheckboxesField(_l("Preferred carers"))

    sections = (
        (_l("Group"), ("record_id", "name", "theme", "language", "interpreting")),
        (_l("Sessions"), ("sessions_per_week", "duration_minutes", "windows", "venues")),
        (_l("Participants"), ("members",)),
        (
            _l("Facilitators and childcare"),
            ("facilitators", "facilitator_pool", "childcare", "preferred_carers"),
        ),
    )
    hints = {
        "record_id": NAME_HINT,
        "language": _l("The ISO code of the language the group speaks, e.g. fi."),
        "interpreting": _l("Languages an interpreter translates into at every session."),
        "venues": _l("Where the group may meet; the ones ticked first are kept first."),
        "windows": WINDOWS_HINT,
        "facilitator_pool": _l("Tick none to let any facilitator lead the group."),
        "preferred_carers": _l("Tick none if the group has no preferred carers."),
    }

    def data_of(self, entity: Entity) -> dict[str, Any]:
        return entity | {"windows": windows_data(entity["windows"])}

    def blank(self) -> dict[str, Any]:
        return {"sessions_per_week": 1, "facilitators": 1, "childcare": True}

    def setup(self, doc: dict[str, Any]) -> None:
        self.venues.choices = choices(doc["venues"])
        self.members.choices = choices(doc["participants"])
        self.facilitator_pool.choices = people_choices(doc, "staff", role="facilitator")
        self.preferred_carers.choices = people_choices(doc, "carers")

    def read(self, doc: dict[str, Any], record_id: str | None) -> Entity:
        old = self.before
        entity: Entity = {
            "id": record_id or self.new_id(doc, self.record_id.data, typed(self.name)),
            "name": typed(self.name),
            "theme": self.theme.data,
            "venues": kept_order(self.venues.data, old.get("venues")),
            "language": typed(self.language).lower(),
            "interpreting": self.interpreting.data or [],
            "members": kept_order(self.members.data, old.get("members")),
            "sessions_per_week": self.sessions_per_week.data,
            "duration_minutes": self.duration_minutes.data,
            "windows": self.windows.form.windows(),
            "facilitators": self.facilitators.data,
            "childcare": self.childcare.data,
        }
        # An empty choice means "anyone", which the scenario writes by leaving the list out.
        if self.facilitator_pool.data:
            entity["facilitator_pool"] = kept_order(
                self.facilitator_pool.data, old.get("facilitator_pool")
            )
        if self.preferred_carers.data:
            entity["preferred_carers"] = kept_order(
                self.preferred_carers.data, old.get("preferred_carers")
            )
        return entity


class GuidanceForm(RecordForm):
    """A participant's need of individual guidance."""

    id_prefix = "n"
    participant = SelectField(_l("Participant"))
    place = SelectField(_l("Place"))
    visits_per_week = number_field(_l("Visits a week"))
    duration_minutes = number_field(_l("Length of a visit (minutes)"))
    staff = CheckboxesField(_l("Staff who may give it"))
    preferred_staff = SelectField(_l("Preferred staff member"))
    windows = FormField(WindowsForm, _l("When visits may be made"))

    sections = (
        (
            _l("Guidance need"),
            ("record_id", "participant", "place", "visits_per_week", "duration_minutes"),
        ),
        (_l("Staff"), ("staff", "preferred_staff")),
        (_l("Times"), ("windows",)),
    )
    hints = {
        "record_id": _l(
            "Leave empty to make one from the participant's id; it cannot be changed later."
        ),
        "staff": _l("Tick none to let any guide give it."),
        "windows": _l("Leave every day empty to use the participant's own times."),
    }

    def data_of(self, entity: Entity) -> dict[str, Any]:
        return entity | {"windows": windows_data(entity.get("windows"))}

    def blank(self) -> dict[str, Any]:
        return {"visits_per_week": 1, "duration_minutes": 60, "place": HOME, "preferred_staff": ""}

    def setup(self, doc: dict[str, Any]) -> None:
        self.participant.choices = choices(doc["participants"])
        self.place.choices = [SelectChoice(HOME, _l("At home")), *choices(doc["venues"])]
        self.staff.choices = people_choices(doc, "staff", role="guide")
        self.preferred_staff.choices = [
            SelectChoice("", _l("No preference")),
            *people_choices(doc, "staff", role="guide"),
        ]

    def read(self, doc: dict[str, Any], record_id: str | None) -> Entity:
        entity: Entity = {
            "id": record_id or self.new_id(doc, self.record_id.data, self.participant.data),
            "participant": self.participant.data,
            "visits_per_week": self.visits_per_week.data,
            "duration_minutes": self.duration_minutes.data,
            "place": self.place.data,
        }
        old = self.before
        if self.staff.data:
            entity["staff"] = kept_order(self.staff.data, old.get("staff"))
        if self.preferred_staff.data:
            entity["preferred_staff"] = self.preferred_staff.data
        windows = self.windows.form.windows()
        if windows:
            entity["windows"] = windows
        return entity
