"""Form fields for scenario values typed the readable way (see `planner.formats.values`).

Each field turns its text into the value's JSON shape as the form is read; text it cannot
read is an error beside it, and the text stays as typed so it can be corrected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Form, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget, TextArea

from planner.domain.timeparts import WEEKDAYS
from planner.formats import values

WEEKDAY_LABELS = {
    "mon": _l("Monday"),
    "tue": _l("Tuesday"),
    "wed": _l("Wednesday"),
    "thu": _l("Thursday"),
    "fri": _l("Friday"),
    "sat": _l("Saturday"),
    "sun": _l("Sunday"),
}


class ValueField(StringField):
    """A text field read by `parse` and shown by `show`."""

    lines: bool

    def __init__(
        self,
        label: Any = None,
        validators: Any = None,
        parse: Callable[[str], Any] = str,
        show: Callable[[Any], str] = str,
        lines: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.parse, self.show = parse, show
        self.lines = lines  # one value a line: problems name the line

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist:
            try:
                self.data = self.parse(valuelist[0])
            except values.BadValue as error:
                self.data = None
                raise ValueError(str(error)) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else self.show(self.data)


def _joined(items: list[str]) -> str:
    return ", ".join(items)


def _number_text(value: float | int) -> str:
    return str(value)


def list_field(label: Any, **kwargs: Any) -> ValueField:
    """Items separated by commas."""
    return ValueField(label, parse=values.items, show=_joined, **kwargs)


def languages_field(label: Any, **kwargs: Any) -> ValueField:
    """Language codes separated by commas or spaces."""
    return ValueField(label, parse=values.languages, show=_joined, **kwargs)


def number_field(label: Any, whole: bool = True, **kwargs: Any) -> ValueField:
    """A number; `37,5` and `37.5` alike."""
    mode = "numeric" if whole else "decimal"
    return ValueField(
        label,
        parse=lambda text: values.number(text, whole=whole),
        show=_number_text,
        render_kw={"inputmode": mode},
        **kwargs,
    )


def periods_field(label: Any, **kwargs: Any) -> ValueField:
    """Periods one a line."""
    return ValueField(
        label,
        parse=values.periods,
        show=values.periods_text,
        widget=TextArea(),
        lines=True,
        render_kw={"rows": 3},
        **kwargs,
    )


def date_field(label: Any, **kwargs: Any) -> ValueField:
    """A date typed the Finnish or the ISO way; empty is None."""
    return ValueField(
        label,
        parse=lambda text: values.date(text) if text.strip() else None,
        show=values.date_text,
        **kwargs,
    )


class CheckboxesField(SelectMultipleField):
    """A choice of several, as a list of checkboxes (rendered in a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _ranges_field(day: str) -> ValueField:
    return ValueField(
        WEEKDAY_LABELS[day],
        parse=values.day_ranges,
        show=_joined,
        render_kw={"autocomplete": "off"},
    )


class WindowsForm(Form):
    """Weekly windows: one line of clock ranges per weekday."""

    mon = _ranges_field("mon")
    tue = _ranges_field("tue")
    wed = _ranges_field("wed")
    thu = _ranges_field("thu")
    fri = _ranges_field("fri")
    sat = _ranges_field("sat")
    sun = _ranges_field("sun")

    def windows(self) -> dict[str, list[str]]:
        """The windows in their JSON form, weekdays in calendar order."""
        return {day: self[day].data for day in WEEKDAYS if self[day].data}


def windows_data(windows: dict[str, list[str]] | None) -> dict[str, list[str]]:
    """The data of a `WindowsForm` from weekly windows."""
    return {day: list((windows or {}).get(day, [])) for day in WEEKDAYS}


class ChildForm(Form):
    """One child of a participant."""

    child_id = StringField(_l("Id"))
    birth_date = date_field(_l("Birth date"))
    in_daycare = BooleanField(_l("In daycare"))
    remove = BooleanField(_l("Remove"))
