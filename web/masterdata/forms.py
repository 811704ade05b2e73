"""What every record form shares: filling from an entity, ids, placing problems beside fields."""

from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, FieldList, FormField, HiddenField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from planner.formats import values
from planner.formats.documents import Path, describe_owner
from planner.formats.findings import Finding
from planner.formats.problems import format_path
from web.masterdata.fields import ValueField
from web.masterdata.records import Entity, all_of, owners

Section = tuple[Any, tuple[str, ...]]


class RecordForm(FlaskForm):
    """The form of one kind of record: filled from its entity, read back into one."""

    id_prefix: ClassVar[str] = "x"
    sections: ClassVar[tuple[Section, ...]] = ()
    hints: ClassVar[dict[str, Any]] = {}

    record_id = StringField(
        _l("Id"), validators=[Optional()], render_kw={"autocomplete": "off", "spellcheck": "false"}
    )
    # The version of the record the form was filled in on (see `web.masterdata.conflicts`).
    record_version = HiddenField()

    def __init__(
        self,
        doc: dict[str, Any],
        entity: Entity | None = None,
        version: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data=self.data_of(entity) if entity else self.blank(), **kwargs)
        self.creating = entity is None
        self.before: Entity = entity or {}  # its lists keep their order where they can
        if self.creating:
            del self.record_version  # a new record has no version to be stale against
        else:
            del self.record_id  # ids are references: they never change once made
            if not getattr(self.record_version, "raw_data", None):  # a sent form keeps its own
                self.record_version.data = "" if version is None else str(version)
        self.setup(doc)

    def sent_version(self) -> int | None:
        """The version the submitted form was filled in on; None if it sent none."""
        sent = (self.record_version.raw_data or [""])[0].strip()
        return int(sent) if sent.isdigit() and len(sent) < 10 else None

    def data_of(self, entity: Entity) -> dict[str, Any]:
        """The form's data from an entity."""
        return dict(entity)

    def blank(self) -> dict[str, Any]:
        """The data of a form for a new record."""
        return {}

    def setup(self, doc: dict[str, Any]) -> None:
        """Choices that come from the master data."""

    def read(self, doc: dict[str, Any], record_id: str | None) -> Entity:
        """The entity the form describes; a new record's id is made from its name if not given."""
        raise NotImplementedError

    def new_id(self, doc: dict[str, Any], typed: str | None, name: str) -> str:
        """The id typed, or a fresh one made of the kind's prefix and a name."""
        if typed and typed.strip():
            return typed.strip()
        return values.new_id(self.id_prefix, name, set(owners(doc)))

    def places(self) -> dict[Path, Field]:
        """Which field shows the problems of each path inside the entity."""
        found: dict[Path, Field] = {}
        for name, field in self._fields.items():
            key = "id" if name == "record_id" else name
            if isinstance(field, FormField):
                subfields = list(field)
                found[(key,)] = subfields[0]
                found.update({(key, sub.short_name): sub for sub in subfields})
            elif not isinstance(field, FieldList):
                found[(key,)] = field
        return found


def place(form: RecordForm, findings: list[Finding], prefix: Path) -> list[str]:
    """Put each problem beside its field; the texts of those that belong to no field."""
    places = form.places()
    rest = []
    for finding in findings:
        inside = finding.path[: len(prefix)] == prefix
        relative = finding.path[len(prefix) :] if inside else None
        field, extra = None, ()
        for n in range(len(relative or ()), 0, -1):
            if relative and relative[:n] in places:
                field, extra = places[relative[:n]], relative[n:]
                break
        if field is None:
            rest.append(
                finding.message if inside else f"{format_path(finding.path)}: {finding.message}"
            )
            continue
        message = finding.message
        if extra and isinstance(extra[0], int) and getattr(field, "lines", False):
            message = _("Line %(n)s: %(message)s", n=extra[0] + 1, message=message)
        field.errors = [*field.errors, message]
    return rest


def taken_id(doc: dict[str, Any], record_id: str) -> str | None:
    """Who already has an id, in words, or None."""
    owner = owners(doc).get(record_id)
    return None if owner is None else describe_owner(*owner)


def error_list(form: FlaskForm) -> list[tuple[str, str, str]]:
    """Every error of a form as (field id, label, text), for the summary above it."""
    found = []

    def walk(fields: Any, parent: str) -> None:
        for field in fields:
            label = str(field.label.text) if field.label else ""
            if isinstance(field, FieldList):
                for m, entry in enumerate(field, start=1):
                    walk(entry, f"{label} {m}")
            elif isinstance(field, FormField):
                walk(field, label)
            elif field.errors and field.type != "CSRFTokenField":
                shown = f"{parent} – {label}" if parent else label
                found.extend((field.id, shown, text) for text in field.errors)

    walk(form, "")
    return found


def choices(entities: list[Entity]) -> list[SelectChoice]:
    """Options naming each record (and its id), by name."""
    options = [SelectChoice(e["id"], f"{e.get('name', e['id'])} ({e['id']})") for e in entities]
    return sorted(options, key=lambda option: option.label.casefold())


def kept_order(chosen: list[str], before: Any) -> list[str]:
    """The chosen ids, those chosen before first in their old order (order is preference)."""
    old = [value for value in before or [] if value in chosen]
    return old + [value for value in chosen if value not in old]


def area_choices(doc: dict[str, Any]) -> list[SelectChoice]:
    """The areas, by name."""
    options = [SelectChoice(area["id"], area["name"]) for area in doc["areas"]]
    return sorted(options, key=lambda option: option.label.casefold())


def people_choices(doc: dict[str, Any], kind: str, role: str | None = None) -> list[SelectChoice]:
    """The records of a kind (staff of a role, if given) as options."""
    entities = all_of(doc, kind)
    if role:
        entities = [e for e in entities if role in e.get("roles", [])]
    return choices(entities)


def email_of(field: Field) -> dict[str, str]:
    """The email key of an entity, left out when the field is empty."""
    text = (field.data or "").strip()
    return {"email": text} if text else {}


def typed(field: ValueField | StringField) -> str:
    """A text field's value, trimmed."""
    return (field.data or "").strip()
