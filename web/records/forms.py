"""The participant record's form: the ESF entry questions, consent and the dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from planner.records import labels
from planner.records.entry import (
    CHOICE_FIELDS,
    ENTRY_FIELDS,
    PURPOSES,
    YES_NO_FIELDS,
    Problem,
    RecordInput,
)
from planner.records.store import RecordView
from web.i18n import language
from web.masterdata.fields import CheckboxesField, date_field

YES, NO = "yes", "no"


def _lazy(function: Any, *args: Any) -> LazyString:
    """Words of `planner.records.labels` in the request's language, looked up when shown."""
    return LazyString(lambda: function(*args, language()))


NOT_ANSWERED = _lazy(labels.not_answered)
# The entry form's questions have their words in planner.records.labels, the one table of
# them the reports read too; the record's own fields have theirs here.
LABELS: dict[str, Any] = {
    **{name: _lazy(labels.question, name) for name in ENTRY_FIELDS},
    "consent_for": _l("Consent given for"),
    "started_on": _l("Participation started"),
    "ended_on": _l("Participation ended"),
    "retain_until": _l("Keep the record until"),
}
PURPOSE_LABELS = {
    "esf_reporting": _l("Reporting to the European Social Fund (ELY centre)"),
    "stea_reporting": _l("Reporting to STEA"),
    "follow_up": _l("Follow-up contact after participation"),
}
MESSAGES = {
    "needs_consent": _l("Entry data may be kept only with consent: tick at least one purpose."),
    "needs_retention": _l("Entry data needs a date after which the record is erased."),
    "ends_before_start": _l("The end is before the start of participation."),
    "retention_past": _l("The date is in the past: the record would be erased at once."),
    "children_not_jobless": _l("This cannot be yes when the household is not jobless."),
    "unknown_purpose": _l("This is not a purpose of consent."),
}


def _choices(field: str) -> list[SelectChoice]:
    answers = [SelectChoice(v, _lazy(labels.answer, v)) for v in labels.answers_of(field)]
    return [SelectChoice("", NOT_ANSWERED), *answers]


def _choice(name: str) -> SelectField:
    return SelectField(LABELS[name], choices=_choices(name), default="")


def _yes_no(name: str) -> SelectField:
    options = [
        SelectChoice("", NOT_ANSWERED),
        SelectChoice(YES, _lazy(labels.answer, True)),
        SelectChoice(NO, _lazy(labels.answer, False)),
    ]
    return SelectField(LABELS[name], choices=options, default="")


class RecordForm(FlaskForm):
    """Every question may be left unanswered; consent and the dates follow them."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    labour_status = _choice("labour_status")
    age_band = _choice("age_band")
    education = _choice("education")
    jobless_household = _yes_no("jobless_household")
    jobless_household_with_children = _yes_no("jobless_household_with_children")
    single_adult_with_children = _yes_no("single_adult_with_children")
    migrant = _yes_no("migrant")
    foreign_background = _yes_no("foreign_background")
    minority = _yes_no("minority")
    disability = _yes_no("disability")
    homeless = _yes_no("homeless")
    rural = _yes_no("rural")
    consent_for = CheckboxesField(
        LABELS["consent_for"], choices=[SelectChoice(p, PURPOSE_LABELS[p]) for p in PURPOSES]
    )
    started_on = date_field(LABELS["started_on"])
    ended_on = date_field(LABELS["ended_on"])
    retain_until = date_field(LABELS["retain_until"])

    @classmethod
    def of(cls, view: RecordView, **kwargs: Any) -> RecordForm:
        """The form filled in from a stored record (or empty when there is none)."""
        data: dict[str, Any] = {"version": view.version}
        for name, value in view.entry.items():
            if name in CHOICE_FIELDS:
                data[name] = value or ""
            else:
                data[name] = "" if value is None else (YES if value else NO)
        row = view.row
        data["consent_for"] = list(view.consent_for)
        for name in ("started_on", "ended_on", "retain_until"):
            value = getattr(row, name) if row is not None else None
            data[name] = value.isoformat() if value else None
        return cls(data=data, **kwargs)

    def given(self) -> RecordInput:
        """What the form says, for `save_record` to check and store."""
        entry: dict[str, Any] = {}
        for name in CHOICE_FIELDS:
            entry[name] = getattr(self, name).data or None
        for name in YES_NO_FIELDS:
            value = getattr(self, name).data
            entry[name] = None if not value else value == YES
        return RecordInput(
            entry,
            consent_for=tuple(self.consent_for.data or ()),
            started_on=_date(self.started_on.data),
            ended_on=_date(self.ended_on.data),
            retain_until=_date(self.retain_until.data),
        )

    def place(self, problems: list[Problem]) -> list[str]:
        """Put each problem beside its field; those of no field, as general messages."""
        general = []
        for problem in problems:
            name = problem.field.removeprefix("entry.")
            text = str(MESSAGES.get(problem.code, problem.message))
            field = getattr(self, name, None) if name in LABELS else None
            if field is None:
                general.append(f"{problem.field}: {text}")
            else:
                field.errors = [*field.errors, text]
        return general


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def answer_text(value: Any) -> str:
    """A stored answer in words, in the request's language; empty for not answered."""
    if value is None:
        return ""
    return labels.answer(value, language())
