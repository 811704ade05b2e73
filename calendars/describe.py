"""Plan items in words: one event per session, shift, visit and travel leg.

Each function shows what its fields allow and nothing more; which items a reader sees and
with which fields (who runs a session, a participant's code or address, whose shift or trip
it is) is decided by `planner.visibility`, the one place for it, and asked by `audience`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from collections import defaultdict
from urllib.parse import quote
from zoneinfo import ZoneInfo

from calendars.event import SESSION, SHIFT, TRAVEL, VISIT, Event, FeedSettings
from calendars.texts import Wording
from planner.domain import HOME, Plan, Scenario, Session, Shift, TravelLeg, Venue, Visit
from planner.domain.childcare import session_headcounts
from planner.visibility import SessionFields, ShiftFields, TravelFields, VisitFields

CODE_LENGTH = 5


def participant_code(participant: str, secret: str) -> str:
    """A short code for a participant that reveals nothing of her id without the secret."""
    digest = hmac.new(secret.encode(), participant.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:CODE_LENGTH]


def travel_keys(legs: tuple[TravelLeg, ...], zone: ZoneInfo) -> list[str]:
    """`travel/<person>/<local date>/<n>` for each leg: the n-th of that person's day."""
    days: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for index, leg in enumerate(legs):
        days[leg.person, leg.start.astimezone(zone).date()].append(index)
    keys = [""] * len(legs)
    for (person, date), indexes in days.items():
        indexes.sort(key=lambda i: (legs[i].start, legs[i].end, legs[i].to_area))
        for n, index in enumerate(indexes, start=1):
            keys[index] = f"travel/{person}/{date.isoformat()}/{n}"
    return keys


def venue_text(venue: Venue) -> str:
    """`Kemin kaupunginkirjasto, Marina Takalon katu 3, 94100 Kemi`."""
    return f"{venue.name}, {venue.address}"


class Describer:
    """A scenario and one of its plans, indexed to put their items into words."""

    def __init__(self, scenario: Scenario, plan: Plan, settings: FeedSettings, lang: str):
        self.settings = settings
        self.say = Wording(lang)
        self.zone = ZoneInfo(scenario.timezone)
        self.areas = {a.id: a.name for a in scenario.areas}
        self.venues = {v.id: v for v in scenario.venues}
        self.groups = {g.id: g for g in scenario.groups}
        self.participants = {p.id: p for p in scenario.participants}
        self.people = {m.id: m.name for m in scenario.staff}
        self.people |= {c.id: c.name for c in scenario.carers()}
        self.people |= {i.id: i.name for i in scenario.interpreters}
        self.remote = {i.id for i in scenario.interpreters if i.remote}
        self.languages = {m.id: m.languages for m in scenario.staff}
        self.languages |= {i.id: i.languages for i in scenario.interpreters}
        self.sessions = {s.id: s for s in plan.sessions}
        # Children are counted for childcare as the solver counts them (rule H9).
        self.counted = session_headcounts(scenario, plan.sessions)
        self.max_age = scenario.settings.childcare.max_age
        self.legs = list(zip(plan.travel, travel_keys(plan.travel, self.zone), strict=True))

    def _names(self, ids: tuple[str, ...] | list[str]) -> list[str]:
        return [self.people[i] for i in ids]

    def _clock(self, start: dt.datetime, end: dt.datetime) -> tuple[str, str]:
        return self.say.clock(start.astimezone(self.zone), end.astimezone(self.zone))

    def _children(self, session: Session) -> str | None:
        counted = self.counted.get(session.id)
        if counted is None or not counted.total:
            return None
        bands = [
            self.say("under 1: {n}", n=counted.infants),
            self.say("1–2: {n}", n=counted.under_3 - counted.infants),
            self.say("3–{top}: {n}", top=self.max_age, n=counted.from_3),
        ]
        return self.say("Children: {bands}", bands=", ".join(bands))

    def session(self, session: Session, fields: SessionFields) -> Event:
        """A group session: group, venue and time; `team` adds its languages, facilitators
        and interpreters, `crew` those and its carers, members and children."""
        crew, team = fields.crew, fields.team
        group, venue = self.groups[session.group], self.venues[session.venue]
        lines = [self.say("Place: {place}", place=venue_text(venue))]
        people: tuple[str, ...] = ()
        if crew or team:
            lines.append(self.say("Language: {names}", names=self.say.languages([group.language])))
            if group.interpreting:
                languages = self.say.languages(list(group.interpreting))
                lines.append(self.say("Interpreting: {names}", names=languages))
            lines.append(
                self.say.listing("Facilitators: {names}", self._names(session.facilitators))
            )
            if session.interpreters:
                lines.append(
                    self.say.listing("Interpreters: {names}", self._names(session.interpreters))
                )
            people = session.facilitators + session.interpreters
        if crew:
            if session.carers:
                lines.append(self.say.listing("Carers: {names}", self._names(session.carers)))
            lines.append(self.say("Participants: {n}", n=len(group.members)))
            children = self._children(session)
            lines += [children] if children else []
            people += session.carers
        elif session.carers:
            lines.append(self.say("Childcare provided"))
        return Event(
            uid_key=session.id,
            kind=SESSION,
            start=session.start,
            end=session.end,
            summary=self.say("Group: {name}", name=group.name),
            location=venue_text(venue),
            description="\n".join(lines),
            categories=(self.say("Group"),),
            people=people,
        )

    def shift(self, shift: Shift, fields: ShiftFields) -> Event:
        """A childcare shift: venue, times with buffers, group, children by age, languages;
        `carer` adds whose it is."""
        name_carer = fields.carer
        session = self.sessions[shift.session]
        group, venue = self.groups[session.group], self.venues[shift.venue]
        start, end = self._clock(session.start, session.end)
        lines = [
            self.say("The group meets {start}–{end}", start=start, end=end),
            self.say("Place: {place}", place=venue_text(venue)),
        ]
        children = self._children(session)
        lines += [children] if children else []
        languages = [code for m in group.members for code in self.participants[m].languages]
        lines.append(
            self.say("Languages of the families: {names}", names=self.say.languages(languages))
        )
        summary = self.say("Childcare: {name}", name=group.name)
        if name_carer:
            carer = self.people[shift.carer]
            summary = self.say.person(summary, carer)
            lines.insert(0, self.say.listing("Carer: {names}", [carer]))
        return Event(
            uid_key=shift.id,
            kind=SHIFT,
            start=shift.start,
            end=shift.end,
            summary=summary,
            location=venue_text(venue),
            description="\n".join(lines),
            categories=(self.say("Childcare"),),
            people=(shift.carer,) if name_carer else (),
        )

    def visit(self, visit: Visit, fields: VisitFields) -> Event:
        """A guidance visit at home (shown by its area) or at a venue.

        `code` adds her code, her language, the interpreter and the link to the visit's
        page; `address` her home address, `staff` who makes the visit. `interpreting` is
        the view of the visit's interpreter: who makes it and in which language, never
        whose visit it is; a remote interpreter is not told where it is. A feed never
        carries her name, whatever the fields.
        """
        participant, address = fields.code, fields.address
        name_staff, interpreting = fields.staff, fields.interpreting
        area = self.areas[visit.area]
        remote = interpreting and visit.interpreter in self.remote
        if visit.place == HOME:
            category = self.say("Home visit")
            where, lines = area, [self.say("Area: {area}", area=area)]
        else:
            venue = self.venues[visit.place]
            category = self.say("Guidance")
            where, lines = venue_text(venue), [self.say("Place: {place}", place=venue_text(venue))]
        if remote:
            where, lines = None, [self.say("Remote interpreting")]
        if address and visit.place == HOME:
            where = self.participants[visit.participant].address
            lines.append(self.say("Address: {address}", address=where))
        summary, url = category, None
        people: tuple[str, ...] = ()
        if participant:
            code = participant_code(visit.participant, self.settings.secret)
            lines.insert(0, self.say("Participant: {code}", code=code))
            if visit.place == HOME:
                summary = self.say("Home visit: {area} ({code})", area=area, code=code)
            else:
                summary = self.say(
                    "Guidance: {venue} ({code})", venue=self.venues[visit.place].name, code=code
                )
            url = f"{self.settings.base_url.rstrip('/')}/visits/{quote(visit.id, safe='')}"
        if participant or interpreting:
            lines.append(
                self.say("Language: {names}", names=self.say.languages(self._spoken(visit)))
            )
        if participant and visit.interpreter is not None:
            lines.append(
                self.say.listing("Interpreter: {names}", [self._interpreter(visit.interpreter)])
            )
            people += (visit.interpreter,)
        if name_staff or interpreting:
            staff = self.people[visit.staff]
            lines.append(self.say.listing("Staff: {names}", [staff]))
            summary = self.say.person(summary, staff)
            people += (visit.staff,)
        if url is not None:
            lines.append(self.say("Details: {url}", url=url))
        return Event(
            uid_key=visit.id,
            kind=VISIT,
            start=visit.start,
            end=visit.end,
            summary=summary,
            location=where,
            description="\n".join(lines),
            url=url,
            categories=(category,),
            people=people,
        )

    def _spoken(self, visit: Visit) -> list[str]:
        """The participant's languages the visit is held in: those she shares with its
        interpreter if it has one, else with its staff member (rule H10), else all hers."""
        hers = self.participants[visit.participant].languages
        other = self.languages[visit.interpreter or visit.staff]
        return [code for code in hers if code in other] or list(hers)

    def _interpreter(self, interpreter: str) -> str:
        name = self.people[interpreter]
        return self.say("{name} (remote)", name=name) if interpreter in self.remote else name

    def travel(self, shown: tuple[TravelLeg, ...], fields: TravelFields) -> list[Event]:
        """The plan's travel legs among `shown`; `named` says whose."""
        wanted = set(shown)
        events = []
        for leg, key in self.legs:
            if leg not in wanted:
                continue
            summary = self.say(
                "Travel {origin} → {target}",
                origin=self.areas[leg.from_area],
                target=self.areas[leg.to_area],
            )
            if fields.named:
                summary = self.say.person(summary, self.people[leg.person])
            events.append(
                Event(
                    uid_key=key,
                    kind=TRAVEL,
                    start=leg.start,
                    end=leg.end,
                    summary=summary,
                    categories=(self.say("Travel"),),
                )
            )
        return events
