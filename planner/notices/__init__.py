"""Change notices: what a newly published version changes for each person, and the message.

A person's items are those their calendar shows (`planner.visibility` decides both which
and what a notice may show of each): a staff member's are the sessions they facilitate and
the visits they make, a carer's are their shifts, a partner organisation's are its carers'
shifts. A notice never shows a home address or a participant's name. Each person whose items
changed gets one notice listing only those: new, moved (before and after), cancelled, or
gone to someone else while the item itself stays. A first publication of a week has no
version to compare with, so everyone with an item gets their week: a first plan is news.

Pure: the caller (the web front, at publish time) brings the plans, the scenario for names
and addresses, each person's language and the links, which need the app's secrets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote
from zoneinfo import ZoneInfo

from planner.domain import HOME, Group, Participant, Plan, Scenario, Session, Shift, Visit
from planner.domain.timeparts import week_dates
from planner.notices.texts import DEFAULT_LANGUAGE, Wording
from planner.visibility import (
    CARER,
    PARTNER,
    STAFF,
    Fields,
    Reader,
    fields_for,
    sees_session,
    sees_shift,
    sees_visit,
)

Item = Session | Visit | Shift
NEW, MOVED, CANCELLED, UNASSIGNED = "new", "moved", "cancelled", "unassigned"
KINDS = (STAFF, CARER, PARTNER)


@dataclass(frozen=True)
class PersonChange:
    """One of a person's items that the new version changes, and how."""

    kind: str  # NEW, MOVED, CANCELLED, or UNASSIGNED (the item stays, with someone else)
    before: Item | None
    after: Item | None

    @property
    def item(self) -> Item:
        """The item as it is now, or as it was when it is no longer the person's."""
        found = self.after if self.after is not None else self.before
        assert found is not None  # a change has one side at least
        return found


@dataclass(frozen=True)
class Recipient:
    """Who a notice goes to: a staff member, a carer or a partner organisation."""

    kind: str
    id: str
    name: str
    email: str | None


@dataclass(frozen=True)
class Links:
    """What notices link to: the visit pages, a participant's code, carers' one-click answers."""

    base_url: str
    visit_code: Callable[[str], str]  # participant id -> the short code feeds show
    answers: Callable[[Shift], tuple[str, str]] | None = None  # shift -> (confirm, decline)


@dataclass(frozen=True)
class Draft:
    """A notice ready to be stored: its recipient, language and text."""

    recipient: Recipient
    language: str
    changes: tuple[PersonChange, ...]
    subject: str
    body: str


def _when(item: Item) -> tuple[dt.datetime, dt.datetime, str]:
    place = item.venue if isinstance(item, Session | Shift) else item.place
    return item.start, item.end, place


def _compare(
    old: Mapping[object, Item], new: Mapping[object, Item], stays: Callable[[Item], bool]
) -> list[PersonChange]:
    """A person's items before and after, by key; `stays` tells whether a lost item remains."""
    changes = []
    for key, after in new.items():
        before = old.get(key)
        if before is None:
            changes.append(PersonChange(NEW, None, after))
        elif _when(before) != _when(after):
            changes.append(PersonChange(MOVED, before, after))
    for key, before in old.items():
        if key not in new:
            changes.append(PersonChange(UNASSIGNED if stays(before) else CANCELLED, before, None))
    return sorted(changes, key=lambda c: (c.item.start, c.item.id))


def _items(plan: Plan, kind: str) -> dict[str, dict[object, Item]]:
    """Each person's items that a reader of this kind sees (`planner.visibility`), by a key
    that lasts: a staff member's by item id, a carer's shifts by session, a partner's by
    session and carer."""
    items: dict[str, dict[object, Item]] = {}

    def offer(people: set[str | None], key: object, item: Item, sees: Callable) -> None:
        for person in sorted(p for p in people if p is not None):
            if sees(Reader(kind, person), item):
                items.setdefault(person, {})[key] = item

    for session in plan.sessions:
        offer({*session.facilitators, *session.interpreters}, session.id, session, sees_session)
    for visit in plan.visits:
        offer({visit.staff, visit.interpreter}, visit.id, visit, sees_visit)
    for shift in plan.shifts:
        key = shift.session if kind == CARER else (shift.session, shift.carer)
        offer({shift.carer, shift.partner}, key, shift, sees_shift)
    return items


def person_changes(before: Plan | None, after: Plan) -> dict[tuple[str, str], list[PersonChange]]:
    """Each affected person's changes, by (kind, id); against nothing, all their items are new."""
    previous = before or Plan(after.scenario, after.horizon, after.status)
    items = {s.id for s in after.sessions} | {v.id for v in after.visits}
    sessions = {s.id for s in after.sessions}

    def item_stays(item: Item) -> bool:
        return item.id in items

    def shift_stays(item: Item) -> bool:
        return isinstance(item, Shift) and item.session in sessions

    found: dict[tuple[str, str], list[PersonChange]] = {}
    pairs: list[tuple[str, dict, dict, Callable[[Item], bool]]] = [
        (STAFF, _items(previous, STAFF), _items(after, STAFF), item_stays),
        (CARER, _items(previous, CARER), _items(after, CARER), shift_stays),
        (PARTNER, _items(previous, PARTNER), _items(after, PARTNER), shift_stays),
    ]
    for kind, old, new, stays in pairs:
        for person in sorted(set(old) | set(new)):
            changes = _compare(old.get(person, {}), new.get(person, {}), stays)
            if changes:
                found[kind, person] = changes
    return found


def recipients(scenario: Scenario) -> dict[tuple[str, str], Recipient]:
    """Everyone a notice may go to, by (kind, id)."""
    people = [Recipient(STAFF, s.id, s.name, s.email) for s in scenario.staff]
    people += [Recipient(PARTNER, p.id, p.name, p.email) for p in scenario.partners]
    people += [Recipient(CARER, c.id, c.name, c.email) for c in scenario.carers()]
    return {(r.kind, r.id): r for r in people}


class Writer:
    """Puts one person's changes into words, in their language."""

    def __init__(self, scenario: Scenario, plans: list[Plan], links: Links, lang: str) -> None:
        self.say = Wording(lang, ZoneInfo(scenario.timezone))
        self.links = links
        self.groups = {g.id: g.name for g in scenario.groups}
        self.venues = {v.id: f"{v.name}, {v.address}" for v in scenario.venues}
        self.venue_names = {v.id: v.name for v in scenario.venues}
        self.areas = {a.id: a.name for a in scenario.areas}
        self.carers = {c.id: c.name for c in scenario.carers()}
        # A cancelled shift's session is found in the version it was cancelled from.
        self.sessions = {s.id: s for plan in plans for s in plan.sessions}

    def title(self, item: Item, fields: Fields) -> str:
        """`Ryhmä: Naisten ryhmä`, `Lastenhoito: ...`, `Kotikäynti: Kemi (K7QXA)`."""
        if isinstance(item, Session):
            return self.say("Group: {name}", name=self.groups.get(item.group, item.group))
        if isinstance(item, Shift):
            session = self.sessions.get(item.session)
            group = session.group if session is not None else item.session
            title = self.say("Childcare: {name}", name=self.groups.get(group, group))
            if fields.shift.carer:
                name = self.carers.get(item.carer, item.carer)
                title += " – " + self.say("Carer: {name}", name=name)
            return title
        # Visits reach only readers who see a participant's code (`VisitFields.code`).
        code = self.links.visit_code(item.participant) if fields.visit.code else "–"
        if item.place == HOME:
            return self.say(
                "Home visit: {area} ({code})", area=self.areas.get(item.area, item.area), code=code
            )
        return self.say(
            "Guidance: {venue} ({code})",
            venue=self.venue_names.get(item.place, item.place),
            code=code,
        )

    def when(self, item: Item) -> str:
        """`ti 1.12.2026 klo 10.00–12.00, Kemin kirjasto, Marina Takalon katu 3`."""
        if isinstance(item, Visit) and item.place == HOME:
            place = self.areas.get(item.area, item.area)  # a notice's fields hold no address
        else:
            _, _, venue = _when(item)
            place = self.venues.get(venue, venue)
        return f"{self.say.span(item.start, item.end)}, {place}"

    def block(self, change: PersonChange, recipient: Recipient, first: bool) -> list[str]:
        """The lines of one change."""
        fields = fields_for(Reader(recipient.kind, recipient.id))
        title = self.title(change.item, fields)
        lines = [title if first else f"{self.say.kind(change.kind)} – {title}"]
        if change.kind == MOVED and change.before is not None:
            lines.append("  " + self.say("was: {when}", when=self.when(change.before)))
            lines.append("  " + self.say("now: {when}", when=self.when(change.item)))
        else:
            lines.append("  " + self.when(change.item))
        item = change.after
        if isinstance(item, Visit):
            url = f"{self.links.base_url.rstrip('/')}/visits/{quote(item.id, safe='')}"
            lines.append("  " + self.say("Details: {url}", url=url))
        if isinstance(item, Shift) and fields.shift.answers and self.links.answers:
            confirm, decline = self.links.answers(item)
            lines.append("  " + self.say("I'll be there: {url}", url=confirm))
            lines.append("  " + self.say("I can't come: {url}", url=decline))
        return lines

    def intro(self, recipient: Recipient, first: bool, week: str, dates: str) -> str:
        """The sentence before the changes: whose plan, and new or changed."""
        if recipient.kind == PARTNER:
            if first:
                return self.say(
                    "the plan of week {week} ({dates}) is published. Your carers' shifts are:",
                    week=week,
                    dates=dates,
                )
            return self.say(
                "the plan of week {week} ({dates}) changes your carers' shifts:",
                week=week,
                dates=dates,
            )
        if first:
            return self.say(
                "the plan of week {week} ({dates}) is published. Yours is:", week=week, dates=dates
            )
        return self.say(
            "the plan of week {week} ({dates}) has changed for you:", week=week, dates=dates
        )

    def compose(
        self, recipient: Recipient, changes: list[PersonChange], week: str, first: bool
    ) -> tuple[str, str]:
        """The subject and body of one person's notice."""
        monday, sunday = week_dates(week)
        number = self.say.week(week)
        if first:
            subject = self.say("Kotoplan: your plan for week {week}", week=number)
        else:
            subject = self.say("Kotoplan: changes to your week {week}", week=number)
        lines = [
            self.say("Hello {name},", name=recipient.name),
            "",
            self.intro(recipient, first, number, self.say.dates(monday, sunday)),
        ]
        for change in changes:
            lines += ["", *self.block(change, recipient, first)]
        lines += [
            "",
            "-- ",
            self.say("Kotoplan sent this message automatically. Ask the coordinator for more."),
        ]
        return subject, "\n".join(lines) + "\n"


def draft_notices(
    scenario: Scenario,
    before: Plan | None,
    after: Plan,
    week: str,
    links: Links,
    languages: Mapping[tuple[str, str], str] | None = None,
) -> list[Draft]:
    """One notice for each person in the scenario whose items `after` changes against `before`.

    People the plans name but the scenario no longer holds have no address: they are skipped.
    """
    people = recipients(scenario)
    plans = [after] if before is None else [after, before]
    writers: dict[str, Writer] = {}  # one per language: a large week has many recipients
    drafts = []
    for key, changes in person_changes(before, after).items():
        recipient = people.get(key)
        if recipient is None:
            continue
        lang = (languages or {}).get(key, DEFAULT_LANGUAGE)
        if lang not in writers:
            writers[lang] = Writer(scenario, plans, links, lang)
        writer = writers[lang]
        subject, body = writer.compose(recipient, changes, week, first=before is None)
        drafts.append(Draft(recipient, writer.say.lang, tuple(changes), subject, body))
    return drafts


@dataclass(frozen=True)
class MotherToTell:
    """A participant whose group's sessions a published version changes: to call or message.

    Participants get no notices (they have no accounts, and many read no Finnish): the
    coordinator tells them herself, in a language of theirs.
    """

    participant: Participant
    changes: tuple[tuple[Group, PersonChange], ...]  # her groups' sessions: new, moved, cancelled


def mothers_to_tell(scenario: Scenario, before: Plan | None, after: Plan) -> list[MotherToTell]:
    """The members of every group whose sessions differ between two versions, by name.

    Against no earlier version there is nothing to tell: a week's first plan is the groups'
    usual rhythm, which the mothers know from the group itself.
    """
    if before is None:
        return []
    groups = {g.id: g for g in scenario.groups}
    old: dict[str, dict[object, Item]] = {}
    new: dict[str, dict[object, Item]] = {}
    for plan, by_group in ((before, old), (after, new)):
        for session in plan.sessions:
            by_group.setdefault(session.group, {})[session.id] = session
    told: dict[str, list[tuple[Group, PersonChange]]] = {}
    for group_id in sorted(set(old) | set(new)):
        group = groups.get(group_id)
        if group is None:
            continue
        changes = _compare(old.get(group_id, {}), new.get(group_id, {}), lambda _: False)
        for member in group.members:
            told.setdefault(member, []).extend((group, change) for change in changes)
    participants = {p.id: p for p in scenario.participants}
    found = [
        MotherToTell(participants[member], tuple(changes))
        for member, changes in told.items()
        if changes and member in participants
    ]
    return sorted(found, key=lambda m: (m.participant.name.casefold(), m.participant.id))
