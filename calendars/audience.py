"""Who reads a feed, and the events each reader's feed holds of a plan.

What each reader may see is decided in one place, `planner.visibility`; this module puts
that into events and names the feeds. Privacy by default: no feed carries a participant's
or child's name, birth date, phone, email or home address. A visit shows a short
participant code and a link to its page in the web front, where a logged-in staff member
sees the details; an organisation setting adds the home address to a staff member's own
visits. An interpreter sees her sessions and visits with their time, place, language and
staff, never whose visit it is: no code, no link, no address (a home visit shows its area;
the staff member she goes with has more).
"""

from __future__ import annotations

from calendars.describe import Describer
from calendars.event import Event, FeedSettings
from calendars.texts import CALENDAR, Wording
from planner.domain import Plan, Scenario
from planner.visibility import (
    CARER,
    COORDINATOR,
    GROUP,
    INTERPRETER,
    KINDS,
    PARTNER,
    STAFF,
    VENUE,
    Reader,
    visible,
)

__all__ = [
    "CARER",
    "COORDINATOR",
    "GROUP",
    "INTERPRETER",
    "KINDS",
    "PARTNER",
    "STAFF",
    "VENUE",
    "Reader",
    "UnknownReader",
    "all_readers",
    "events_for",
    "reader_name",
]


class UnknownReader(LookupError):
    """A reader the scenario does not hold."""


def events_for(
    reader: Reader, scenario: Scenario, plan: Plan, settings: FeedSettings, lang: str
) -> list[Event]:
    """The events of one plan that a reader may see, each with only what they may know
    (`planner.visibility` decides both)."""
    say = Describer(scenario, plan, settings, lang)
    seen = visible(reader, plan, visit_address=settings.include_visit_address)
    fields = seen.fields
    return [
        *(say.session(s, fields.session) for s in seen.sessions),
        *(say.shift(s, fields.shift) for s in seen.shifts),
        *(say.visit(v, fields.visit) for v in seen.visits),
        *say.travel(seen.travel, fields.travel),
    ]


def all_readers(scenario: Scenario) -> list[Reader]:
    """Every reader a scenario has a feed for: the coordinator first, then by kind and id."""
    readers = [Reader(COORDINATOR)]
    readers += [Reader(STAFF, m.id) for m in scenario.staff]
    readers += [Reader(INTERPRETER, i.id) for i in scenario.interpreters]
    readers += [Reader(PARTNER, p.id) for p in scenario.partners]
    readers += [Reader(CARER, c.id) for c in scenario.carers()]
    readers += [Reader(VENUE, v.id) for v in scenario.venues]
    readers += [Reader(GROUP, g.id) for g in scenario.groups]
    return readers


def reader_name(reader: Reader, scenario: Scenario, lang: str) -> str:
    """The feed's display name: `Kotoplan – Hanna Esimerkki` (never a participant's name)."""
    say = Wording(lang)
    if reader.kind == COORDINATOR:
        return f"{CALENDAR} – " + say("coordinator")
    holders = {
        STAFF: scenario.staff,
        INTERPRETER: scenario.interpreters,
        PARTNER: scenario.partners,
        CARER: scenario.carers(),
        VENUE: scenario.venues,
        GROUP: scenario.groups,
    }[reader.kind]
    for holder in holders:
        if holder.id == reader.id:
            return f"{CALENDAR} – {holder.name}"
    raise UnknownReader(f"the scenario has no {reader.kind} {reader.id}")
