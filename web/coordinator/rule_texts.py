"""The checker's violations in the reader's language, naming people, places and items.

The checker words its violations in English with ids (they may leave the process); each
also carries a `code` and the things it names (`args`). Here every code has a sentence in
the message catalogue, and every id becomes a name: a coordinator reads "Hanna Esimerkki"
and "Arjen taidot, ke 9.12. klo 10.00–12.00", not "s-hanna" and "g-arki-kemi/2026-W49/1".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from flask_babel import gettext

from planner.check import Violation
from planner.check.context import Item
from planner.domain.timeparts import Period
from web.coordinator import bp
from web.coordinator.labels import Labels
from web.coordinator.reasons import language_label
from web.i18n import clock, finnish, language, week_label


def N_(message: str) -> str:
    """Marks a message for the catalogue; it is translated when shown."""
    return message


MESSAGES: dict[str, str] = {
    "h1.placed_and_unplaced": N_("%(item)s is both placed and listed as not placed."),
    "h1.missing": N_("%(item)s is neither placed nor listed as not placed."),
    "h1.not_demanded": N_("%(item)s is not an item that %(owner)s needs this week."),
    "h1.outside_week": N_("%(item)s is outside its own week, %(week)s."),
    "h1.length": N_("%(item)s lasts %(minutes)s min; it should last %(wanted)s min."),
    "h1.same_date": N_("%(first)s and %(later)s are on the same day, %(date)s."),
    "h1.unplaced_not_demanded": N_("%(item)s is listed as not placed, but it is not needed."),
    "h1.unplaced_kind": N_("%(item)s is listed as not placed under the wrong kind."),
    "h1.unplaced_no_reason": N_("%(item)s is listed as not placed without a reason."),
    "h2.midnight": N_("%(item)s runs past midnight."),
    "h2.outside_horizon": N_("%(item)s is outside the planned days %(first_day)s–%(last_day)s."),
    "h2.closed_date": N_("%(item)s is on a day when everything is closed."),
    "h2.holiday": N_("%(item)s is on a public holiday (%(holiday)s)."),
    "h2.past": N_("%(item)s would start in the past."),
    "h3.group_windows": N_("%(item)s is outside the times of the group %(group)s."),
    "h3.need_windows": N_("%(item)s is outside the times agreed for %(need)s."),
    "h3.participant_windows": N_("%(item)s is outside the times when %(person)s can meet."),
    "h3.visit_hours": N_("%(item)s is outside the visiting hours, Mon–Fri 9.00–16.00."),
    "h3.venue_hours": N_("%(item)s is outside the opening hours of %(venue)s."),
    "h3.venue_hours_shifts": N_(
        "%(item)s with its childcare shifts is outside the opening hours of %(venue)s."
    ),
    "h3.venue_closed": N_("%(item)s falls on a closure of %(venue)s (%(period)s)."),
    "h4.not_group_venue": N_("%(item)s is at %(venue)s, which is not a venue of %(group)s."),
    "h4.capacity": N_("%(item)s needs room for %(count)s people; %(venue)s holds %(capacity)s."),
    "h4.no_childcare_room": N_(
        "%(item)s has %(count)s children in childcare, but %(venue)s has no childcare room."
    ),
    "h4.childcare_capacity": N_(
        "%(item)s has %(count)s children in childcare; the childcare room of %(venue)s "
        "holds %(capacity)s."
    ),
    "h4.rooms": N_(
        "%(venue)s has rooms for %(rooms)s at once, but at %(start)s it would hold %(items)s."
    ),
    "h5.same_time": N_("%(person)s would be at %(first)s and at %(second)s at the same time."),
    "h5.travel": N_(
        "%(person)s would have %(gap)s min from %(first)s to %(second)s; "
        "the trip takes %(trip)s min."
    ),
    "h6.from_base": N_(
        "%(person)s cannot reach %(item)s: the working day begins at %(begins)s and the trip "
        "from %(area)s takes %(trip)s min."
    ),
    "h6.to_base": N_(
        "%(person)s cannot get back from %(item)s: the working day ends at %(ends)s and the "
        "trip to %(area)s takes %(trip)s min."
    ),
    "h6.not_available": N_("%(person)s does not work at the time of %(item)s."),
    "h6.absent": N_("%(person)s is away during %(item)s."),
    "h7.day": N_("%(person)s would work %(worked)s on %(date)s, more than %(limit)s h a day."),
    "h7.week": N_("%(person)s would work %(worked)s in %(week)s, more than %(limit)s h a week."),
    "h7.shifts": N_(
        "%(person)s would have %(count)s shifts in %(week)s; at most %(limit)s are agreed."
    ),
    "h8.twice": N_("%(item)s names the same facilitator twice."),
    "h8.facilitators": N_("%(item)s has %(count)s facilitators; the group needs %(wanted)s."),
    "h8.not_facilitator": N_("%(person)s is not a facilitator, but would facilitate %(item)s."),
    "h8.not_in_pool": N_(
        "%(person)s is not among the facilitators of %(group)s, but would facilitate %(item)s."
    ),
    "h8.group_language": N_(
        "No facilitator of %(item)s speaks %(language)s, the group's language."
    ),
    "h8.not_guide": N_("%(person)s is not a guide, but would make %(item)s."),
    "h8.not_need_staff": N_("%(person)s is not among the staff agreed for %(need)s (%(item)s)."),
    "h9.shift_times": N_(
        "The shift of %(person)s does not run from %(minutes)s min before %(item)s to "
        "%(minutes)s min after."
    ),
    "h9.carer_area": N_("%(person)s does not work in %(area)s, where %(item)s is held."),
    "h9.carers": N_(
        "%(item)s has %(count)s carers for %(children)s children (%(under_3)s under 3); it "
        "needs %(wanted)s."
    ),
    "h9.infants": N_("%(item)s has a child under 1, but no carer for infants."),
    "h10.interpreter_area": N_("%(person)s does not interpret on site in %(area)s (%(item)s)."),
    "h10.no_shared_language": N_(
        "%(staff)s and %(participant)s share no language, and no one interprets at %(item)s."
    ),
    "h10.cannot_interpret": N_(
        "%(person)s cannot interpret between %(participant)s and %(staff)s at %(item)s."
    ),
    "h10.no_interpreter": N_(
        "%(item)s has no interpreter of its own between %(language)s and %(group_language)s."
    ),
    "h11.missing": N_("The locked item %(item)s is not in the plan."),
    "h11.changed": N_("The locked item %(item)s has changed: %(fields)s."),
}

FIELDS = {
    "group": N_("group"),
    "venue": N_("venue"),
    "start": N_("start"),
    "end": N_("end"),
    "facilitators": N_("facilitators"),
    "carers": N_("carers"),
    "interpreters": N_("interpreters"),
    "need": N_("guidance need"),
    "participant": N_("participant"),
    "staff": N_("staff member"),
    "interpreter": N_("interpreter"),
    "place": N_("place"),
}
RULE_NAMES: dict[str, str] = {
    "H1": N_("Demand"),
    "H2": N_("Calendar"),
    "H3": N_("Times and opening hours"),
    "H4": N_("Venue"),
    "H5": N_("One place at a time"),
    "H6": N_("Availability"),
    "H7": N_("Working time"),
    "H8": N_("Roles and skills"),
    "H9": N_("Childcare"),
    "H10": N_("Language"),
    "H11": N_("Locked items"),
    "plan": N_("Plan"),
}


@bp.app_template_global("rule_name")
def rule_name(rule: str) -> str:
    """A rule's short name in the reader's language (`H6` as "Saatavuus"); else the code."""
    name = RULE_NAMES.get(rule)
    return gettext(name) if name is not None else rule


ITEMS = {"item", "first", "second", "later"}
PEOPLE = {"person", "staff", "participant"}
NAMES = {"venue", "group", "area"}
LANGUAGES = {"language", "group_language"}


class RuleTexts:
    """Words a plan's violations for the reader, with the names of one scenario."""

    def __init__(self, labels: Labels) -> None:
        self.labels = labels
        scenario = labels.scenario
        self.groups = {g.id for g in scenario.groups} if scenario else set()
        # Owners with more than one item a week: their items are told apart by number.
        self.several = (
            {g.id for g in scenario.groups if g.sessions_per_week > 1}
            | {n.id for n in scenario.guidance if n.visits_per_week > 1}
            if scenario
            else set()
        )

    def __call__(self, violation: Violation) -> str:
        """The violation as a sentence of the reader's language."""
        message = MESSAGES.get(violation.code)
        if message is None:
            # Not a rule an edit breaks but plainly wrong data; say which rule and what.
            return gettext(
                "The plan does not hold together (%(rule)s) at %(ref)s.",
                rule=violation.rule,
                ref=self.item(violation.ref),
            )
        return gettext(message, **self.args(violation.args))

    def args(self, args: Mapping[str, object]) -> dict[str, str]:
        return {key: self.value(key, value) for key, value in args.items()}

    def value(self, key: str, value: object) -> str:
        if key in ITEMS:
            return self.item(value)
        if key == "items":
            return ", ".join(self.item(v) for v in value)  # type: ignore[attr-defined]
        if key == "owner" and isinstance(value, str):
            return self.title(value)
        if key == "need" and isinstance(value, str):
            return self.labels.ref_title(value, "visit")
        if key in PEOPLE and isinstance(value, str):
            return self.person(value)
        if key in NAMES and isinstance(value, str):
            return self.labels.name(value)
        if key in LANGUAGES and isinstance(value, str):
            return language_label(value)
        if key == "worked" and isinstance(value, int | float):
            return _hours(value)
        if key == "week" and isinstance(value, str):
            return week_label(value)
        if key == "fields":
            return ", ".join(gettext(FIELDS.get(f, f)) for f in value)  # type: ignore[attr-defined]
        if key in {"begins", "ends"} and isinstance(value, dt.datetime):
            return clock(value)
        if isinstance(value, dt.datetime):
            return finnish(value)
        if isinstance(value, dt.date):
            return finnish(value, "date")
        if isinstance(value, Period):
            return _period(value)
        if isinstance(value, float):
            return f"{value:g}".replace(".", "," if language() == "fi" else ".")
        return str(value)

    def person(self, ref: str) -> str:
        """A staff member, carer, interpreter or participant by name."""
        name = self.labels.name(ref)
        return self.labels.participant(ref) if name == ref else name

    def item(self, value: object) -> str:
        """A session or visit: what it is and, where known, when."""
        if isinstance(value, Item):
            return f"{self.title(value.id)} ({when(value.start, value.end)})"
        return self.title(str(value))

    def title(self, ref: str) -> str:
        """What an item is by its id: its group or guidance, and its number if it has one."""
        owner, *rest = ref.split("/")
        title = self.labels.ref_title(ref, "session" if owner in self.groups else "visit")
        if owner in self.several and len(rest) >= 2:
            return gettext("%(title)s, time %(n)s", title=title, n=rest[1])
        return title


def _hours(minutes: float) -> str:
    whole = int(minutes)
    return f"{whole // 60} h {whole % 60:02d} min"


def when(start: dt.datetime, end: dt.datetime) -> str:
    """`ke 9.12. klo 10.00–12.00` on Helsinki's clock."""
    return gettext(
        "%(day)s at %(start)s–%(end)s",
        day=finnish(start, "day"),
        start=clock(start),
        end=clock(end),
    )


def _period(period: Period) -> str:
    """A closure: its days, or its local times (`ma 7.12. 8.00 – ti 8.12. 12.00`)."""
    if period.whole_days:
        return f"{finnish(period.first_day, 'day')}–{finnish(period.last_day, 'day')}"

    def local(moment: dt.datetime) -> str:
        return f"{moment.day}.{moment.month}. {moment.hour}.{moment.minute:02d}"

    return f"{local(period.start)} – {local(period.end)}"
