"""Who reads a feed, and what each reader may see of a plan: the one place that decides it.

Privacy by default: no feed carries a participant's or child's name, birth date, phone,
email or home address. A visit shows a short participant code and a link to its page in
the web front, where a logged-in staff member sees the details; an organisation setting
adds the home address to a staff member's own visits. An interpreter sees her sessions and
visits with their time, place, language and staff, never whose visit it is: no code, no
link, no address (a home visit shows its area; the staff member she goes with has more).
"""

from __future__ import annotations

from dataclasses import dataclass

from calendars.describe import Describer
from calendars.event import Event, FeedSettings
from calendars.texts import CALENDAR, Wording
from planner.domain import HOME, Plan, Scenario

STAFF = "staff"
CARER = "carer"
PARTNER = "partner"
VENUE = "venue"
GROUP = "group"
INTERPRETER = "interpreter"
COORDINATOR = "coordinator"
KINDS = (COORDINATOR, STAFF, INTERPRETER, PARTNER, CARER, VENUE, GROUP)


class UnknownReader(LookupError):
    """A reader the scenario does not hold."""


@dataclass(frozen=True, order=True)
class Reader:
    """Whose feed: a staff member, interpreter, carer, partner, venue or group by id, or the
    coordinator."""

    kind: str
    id: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f'no reader of kind "{self.kind}"; there are {", ".join(KINDS)}')
        if (self.id is None) != (self.kind == COORDINATOR):
            raise ValueError("the coordinator has no id; every other reader has one")

    @property
    def key(self) -> str:
        """`staff-s-hanna`, `coordinator`: a name for the reader's feed file."""
        return self.kind if self.id is None else f"{self.kind}-{self.id}"


def events_for(
    reader: Reader, scenario: Scenario, plan: Plan, settings: FeedSettings, lang: str
) -> list[Event]:
    """The events of one plan that a reader may see, each with only what they may know."""
    say = Describer(scenario, plan, settings, lang)
    who = reader.id
    if reader.kind == STAFF:
        address = settings.include_visit_address
        return [
            *(say.session(s, crew=True) for s in plan.sessions if who in s.facilitators),
            *(say.visit(v, participant=True, address=address) for v in plan.visits
              if v.staff == who),
            *say.travel(who, named=False),
        ]  # fmt: skip
    if reader.kind == INTERPRETER:
        return [
            *(say.session(s, crew=False, team=True) for s in plan.sessions
              if who in s.interpreters),
            *(say.visit(v, participant=False, interpreting=True) for v in plan.visits
              if v.interpreter == who),
            *say.travel(who, named=False),
        ]  # fmt: skip
    if reader.kind == CARER:
        return [say.shift(s, name_carer=False) for s in plan.shifts if s.carer == who]
    if reader.kind == PARTNER:
        return [say.shift(s, name_carer=True) for s in plan.shifts if s.partner == who]
    if reader.kind == VENUE:
        # A venue sees its bookings; a visit there shows who comes, never for whom.
        return [
            *(say.session(s, crew=False) for s in plan.sessions if s.venue == who),
            *(say.visit(v, participant=False, name_staff=True) for v in plan.visits
              if v.place == who and v.place != HOME),
        ]  # fmt: skip
    if reader.kind == GROUP:
        return [say.session(s, crew=False) for s in plan.sessions if s.group == who]
    return [
        *(say.session(s, crew=True) for s in plan.sessions),
        *(say.shift(s, name_carer=True) for s in plan.shifts),
        *(say.visit(v, participant=True, name_staff=True) for v in plan.visits),
        *say.travel(None, named=True),
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
