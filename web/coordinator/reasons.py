"""Why an item is unplaced, in the coordinator's language: a reason's code and args as words.

The plan keeps each reason's English `text`; a reason with a `code` of its own is worded
here through the message catalogue with names from `Labels`, languages by name and dates
the Finnish way. A code this module does not know (or a plan older than codes) shows its
text as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from babel.dates import get_day_names
from babel.numbers import format_decimal
from flask_babel import gettext as _
from flask_babel import ngettext

from planner.domain import Reason
from planner.domain.languages import language_name
from planner.domain.timeparts import WEEKDAYS, WeeklyWindows
from web.coordinator import bp
from web.coordinator.labels import Labels
from web.i18n import finnish, language, weekly

# Finnish forms of language names: the nominative, the genitive ("kurdin tulkki") and the
# partitive ("puhuu kurdia").
FINNISH = {
    "ar": ("arabia", "arabian", "arabiaa"),
    "de": ("saksa", "saksan", "saksaa"),
    "en": ("englanti", "englannin", "englantia"),
    "es": ("espanja", "espanjan", "espanjaa"),
    "et": ("viro", "viron", "viroa"),
    "fa": ("persia", "persian", "persiaa"),
    "fi": ("suomi", "suomen", "suomea"),
    "fr": ("ranska", "ranskan", "ranskaa"),
    "ku": ("kurdi", "kurdin", "kurdia"),
    "my": ("burma", "burman", "burmaa"),
    "ps": ("paštu", "paštun", "paštua"),
    "ru": ("venäjä", "venäjän", "venäjää"),
    "so": ("somali", "somalin", "somalia"),
    "sv": ("ruotsi", "ruotsin", "ruotsia"),
    "th": ("thai", "thain", "thaita"),
    "ti": ("tigrinja", "tigrinjan", "tigrinjaa"),
    "tr": ("turkki", "turkin", "turkkia"),
    "uk": ("ukraina", "ukrainan", "ukrainaa"),
    "vi": ("vietnam", "vietnamin", "vietnamia"),
}
CASES = ("nominative", "genitive", "partitive")


@bp.app_template_filter("language_name")
def language_label(code: str, case: str = "nominative") -> str:
    """A language by name in this request's language, in a Finnish case where it is Finnish."""
    if language() != "fi":
        return language_name(code)
    forms = FINNISH.get(code)
    if forms is None:
        return {"genitive": f"kielen {code}", "partitive": f"kieltä {code}"}.get(case, code)
    return forms[CASES.index(case)]


def _clock(text: str) -> str:
    hours, minutes = text.split(":")
    return f"{int(hours)}.{minutes}"


def _days(dates: list[str]) -> str:
    days = [dt.date.fromisoformat(d) for d in dates]
    if len(days) > 2 and (days[-1] - days[0]).days == len(days) - 1:
        return f"{finnish(days[0], 'day')}–{finnish(days[-1], 'day')}"
    return ", ".join(finnish(d, "day") for d in days)


def _when(args: Mapping) -> str:
    if not args.get("dates"):
        return ""
    return _("%(days)s at %(start)s–%(end)s", days=_days(args["dates"]),
             start=_clock(args["from"]), end=_clock(args["to"]))  # fmt: skip


def _role(args: Mapping, labels: Labels) -> str:
    role, needed = args.get("role"), int(args.get("needed", 1))
    if role == "facilitator":
        return ngettext("%(num)s facilitator", "%(num)s facilitators", needed)
    if role == "carer":
        return ngettext("%(num)s carer", "%(num)s carers", needed)
    if role == "guide":
        return _("a staff member to make the visit")
    return _("an interpreter of %(language)s",
             language=language_label(args.get("language", ""), "genitive"))  # fmt: skip


WHY = {
    "busy": lambda: _("busy then"),
    "travel": lambda: _("cannot get there in time"),
    "day": lambda: _("working day full"),
    "week": lambda: _("week's hours full"),
    "shifts": lambda: _("week's shifts full"),
}


def _taken(args: Mapping, labels: Labels) -> str:
    people = args.get("people") or {}
    details = ", ".join(
        _("%(name)s (%(why)s)", name=labels.name(p), why=WHY[w]() if w in WHY else w)
        for p, w in people.items()
    )
    return _("Needs %(who)s %(when)s; everyone who may take it is taken: %(details)s.",
             who=_role(args, labels), when=_when(args), details=details or "–")  # fmt: skip


def _names(labels: Labels, ids) -> str:
    return ", ".join(labels.name(i) for i in ids or ())


Words = Callable[[Mapping, Labels], str]

MESSAGES: dict[str, Words] = {
    "calendar_closed": lambda a, lb: _(
        "Every day it may take place is closed or a public holiday: %(dates)s.",
        dates=_days(a["dates"]),
    ),
    "windows_too_short": lambda a, lb: _(
        "No time window on an open day is %(minutes)s minutes long.", minutes=a["minutes"]
    ),
    "venue_closed": lambda a, lb: _(
        "%(venues)s is not open on the days and at the hours it may take place.",
        venues=_names(lb, a["venues"]),
    ),
    "venue_too_small": lambda a, lb: _(
        "It needs %(seats)s seats, but %(venues)s has only %(capacity)s.",
        seats=a["seats"],
        venues=_names(lb, a["venues"]),
        capacity=a["capacity"],
    ),  # fmt: skip
    "no_childcare_room": lambda a, lb: _(
        "%(venues)s has no childcare room for %(children)s children.",
        venues=_names(lb, a["venues"]),
        children=a["children"],
    ),  # fmt: skip
    "facilitators_short": lambda a, lb: _(
        "It needs %(needed)s facilitators, but only %(count)s may lead the group.",
        needed=a["needed"],
        count=len(a["staff"]),
    ),  # fmt: skip
    "no_facilitator_speaker": lambda a, lb: _(
        "No facilitator who may lead the group speaks %(language)s.",
        language=language_label(a["language"], "partitive"),
    ),
    "staff_absent": lambda a, lb: _(
        "%(people)s, who may lead the group, is absent then.", people=_names(lb, a["staff"])
    ),
    "staff_unavailable": lambda a, lb: _(
        "%(people)s, who may lead the group, is not available then.",
        people=_names(lb, a["staff"]),
    ),
    "facilitators_unavailable": lambda a, lb: _(
        "It needs %(needed)s facilitators at once, but at most %(free)s are free.",
        needed=a["needed"],
        free=a["free"],
    ),  # fmt: skip
    "no_carer_in_area": lambda a, lb: _("No carer works in %(area)s.", area=lb.name(a["area"])),
    "no_infant_carer": lambda a, lb: _(
        "A child under one is coming, and no carer in %(area)s may care for infants.",
        area=lb.name(a["area"]),
    ),
    "carers_short": lambda a, lb: _(
        "It needs %(needed)s carers in %(area)s, but only %(count)s work there.",
        needed=a["needed"],
        area=lb.name(a["area"]),
        count=len(a["carers"]),
    ),  # fmt: skip
    "carer_absent": lambda a, lb: _(
        "The carers of %(area)s (%(people)s) are absent then.",
        area=lb.name(a["area"]),
        people=_names(lb, a["carers"]),
    ),  # fmt: skip
    "carer_unavailable": lambda a, lb: _(
        "The carers of %(area)s (%(people)s) are not free then.",
        area=lb.name(a["area"]),
        people=_names(lb, a["carers"]),
    ),  # fmt: skip
    "infant_carer_unavailable": lambda a, lb: _(
        "%(people)s, who may care for infants, is not free then.",
        people=_names(lb, a["carers"]),
    ),
    "no_interpreter": lambda a, lb: _(
        "No interpreter speaks both %(language)s and %(group_language)s.",
        language=language_label(a["language"], "partitive"),
        group_language=language_label(a["group_language"], "partitive"),
    ),
    "interpreters_short": lambda a, lb: _(
        "It needs %(needed)s interpreters of %(language)s, but there are only %(count)s: "
        "%(people)s.",
        needed=a["needed"],
        language=language_label(a["language"], "genitive"),
        count=len(a["interpreters"]),
        people=_names(lb, a["interpreters"]),
    ),  # fmt: skip
    "interpreter_out_of_area": lambda a, lb: _(
        "The interpreters of %(language)s (%(people)s) do not work in %(area)s.",
        language=language_label(a["language"], "genitive"),
        people=_names(lb, a["interpreters"]),
        area=lb.name(a["area"]),
    ),  # fmt: skip
    "interpreter_absent": lambda a, lb: _(
        "The interpreters of %(language)s (%(people)s) are absent then.",
        language=language_label(a["language"], "genitive"),
        people=_names(lb, a["interpreters"]),
    ),
    "interpreter_unavailable": lambda a, lb: _(
        "The interpreters of %(language)s (%(people)s) are not free then.",
        language=language_label(a["language"], "genitive"),
        people=_names(lb, a["interpreters"]),
    ),
    "no_guide": lambda a, lb: _("No staff member may make this visit."),
    "no_speaker": lambda a, lb: _(
        "No staff member who may make the visit speaks %(languages)s, and no interpreter "
        "can interpret for them.",
        languages=_(
            "%(a)s or %(b)s",
            a=", ".join(language_label(x, "partitive") for x in a["languages"][:-1]),
            b=language_label(a["languages"][-1], "partitive"),
        )
        if len(a["languages"]) > 1
        else language_label(a["languages"][0], "partitive"),
    ),  # fmt: skip
    "guide_absent": lambda a, lb: _(
        "%(people)s, who may make the visit, is absent then.", people=_names(lb, a["staff"])
    ),
    "guide_unavailable": lambda a, lb: _(
        "%(people)s, who may make the visit, is not available then.",
        people=_names(lb, a["staff"]),
    ),
    "never_together": lambda a, lb: _(
        "The people it needs are never free at the same time (%(when)s).", when=_when(a)
    ),
    "members_busy": lambda a, lb: _(
        "It fits %(when)s, but its participants have other items then.", when=_when(a)
    ),
    "room_taken": lambda a, lb: _(
        "It fits %(when)s, but other groups have the venue's rooms then.", when=_when(a)
    ),
    "same_day": lambda a, lb: _(
        "It can only be held %(when)s, and its other sessions or visits already take those "
        "days (one a day).",
        when=_when(a),
    ),
    "taken": _taken,
}


def fix_words(fix: Mapping, labels: Labels) -> str:
    """A tried fix as advice, in this request's language."""
    kind = fix.get("kind")
    if kind == "venue":
        return _("It would fit if %(venue)s were among the group's venues.",
                 venue=labels.name(fix["venue"]))  # fmt: skip
    if kind == "weekday":
        names = get_day_names("wide", locale=language())
        weekday = names[WEEKDAYS.index(fix["weekday"])]
        return _("It would fit if the group's times included %(weekday)s too.", weekday=weekday)
    if kind == "allow_staff":
        return _("It would fit if %(name)s were allowed to take it.",
                 name=labels.name(fix["staff"]))  # fmt: skip
    if kind == "new_interpreter":
        spoken = [language_label(x, "partitive") for x in fix["languages"]]
        return _("It would fit with an interpreter who speaks %(a)s and %(b)s (remote will do).",
                 a=spoken[0], b=spoken[-1])  # fmt: skip
    if kind in ("interpreter_area", "carer_area"):
        person = fix.get("interpreter") or fix.get("carer")
        return _("It would fit if %(name)s could also work in %(area)s.",
                 name=labels.name(person), area=labels.name(fix["area"]))  # fmt: skip
    if kind == "window":
        when = weekly(WeeklyWindows.parse({fix["weekday"]: [fix["range"]]}))
        return _("It would fit if its times included %(when)s too.", when=when)
    if kind == "staff_hours":
        return _("It would fit if %(name)s's weekly working time were %(hours)s hours.",
                 name=labels.name(fix["staff"]), hours=_hours(fix["hours_per_week"]))  # fmt: skip
    if kind == "staff_day":
        hours = _hours(fix["max_hours_per_day"])
        return _("It would fit if %(name)s's working day could be %(hours)s hours long.",
                 name=labels.name(fix["staff"]), hours=hours)  # fmt: skip
    if kind == "carer_shifts":
        carers = list(fix["shifts"])
        return ngettext("It would fit if %(people)s could take one more shift a week.",
                        "It would fit if %(people)s could each take one more shift a week.",
                        len(carers), people=_names(labels, carers))  # fmt: skip
    if kind == "new_carer":
        partner, area = labels.name(fix["partner"]), labels.name(fix["area"])
        if fix.get("infants"):
            return _("It would fit if %(partner)s lent one more carer for infants in %(area)s.",
                     partner=partner, area=area)  # fmt: skip
        return _("It would fit if %(partner)s lent one more carer in %(area)s.",
                 partner=partner, area=area)  # fmt: skip
    return ""


def _hours(hours: float) -> str:
    return format_decimal(hours, locale=language())


@bp.app_template_global("reason_text")
def reason_text(reason: Reason, labels: Labels) -> str:
    """A reason in words of this request's language; its English text for unknown codes."""
    words = MESSAGES.get(reason.code or "")
    if words is None:
        return reason.text
    try:
        text = words(reason.args, labels)
    except (KeyError, IndexError, TypeError, ValueError):
        return reason.text  # args of another shape than this code has: keep the plan's words
    fix = reason.args.get("fix")
    return f"{text} {fix_words(fix, labels)}".strip() if isinstance(fix, Mapping) else text
