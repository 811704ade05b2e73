"""Who may see which plan item, and which of its fields: the one privacy decision.

Feeds (`calendars.audience`), change notices (`planner.notices`), the portals that show
what a feed shows, and a visit's own page (`web.visits`) ask here rather than decide.

Privacy by default: a reader sees only their own items and only what they need of each.
No feed or notice carries a participant's or child's name, birth date or contact; only a
logged-in staff member on her own visit's page, or the coordinator, sees who the visit is
for. A partner organisation sees its carers' shifts (venue, times with buffers, the group,
children by age band, the families' languages, which carer) and never a name of a family.
A carer sees the same of her own shifts. A staff member sees the sessions she facilitates
with their whole crew and children, and the visits she makes with a short participant
code (her home address only where the organisation allows it). An interpreter sees her
sessions' team and her visits' staff and language, never whose visit it is. A venue sees
its bookings and who comes for a visit there, never for whom; a group sees its sessions'
times and places. The coordinator sees everything but home addresses in feeds.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.domain import HOME, Plan, Session, Shift, TravelLeg, Visit

STAFF = "staff"
CARER = "carer"
PARTNER = "partner"
VENUE = "venue"
GROUP = "group"
INTERPRETER = "interpreter"
COORDINATOR = "coordinator"
KINDS = (COORDINATOR, STAFF, INTERPRETER, PARTNER, CARER, VENUE, GROUP)


@dataclass(frozen=True, order=True)
class Reader:
    """Whose view: a staff member, interpreter, carer, partner, venue or group by id, or the
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


@dataclass(frozen=True)
class SessionFields:
    """What a reader sees of a session beyond its group, venue, time and whether childcare
    is given: `team` its languages, facilitators and interpreters; `crew` those, its carers
    by name, how many members it has and its children by age band."""

    team: bool = False
    crew: bool = False


@dataclass(frozen=True)
class ShiftFields:
    """What a reader sees of a shift beyond its venue, times with buffers, group, children
    by age band and the families' languages: `carer` whose shift it is, `answers` the
    one-click links that confirm or decline it."""

    carer: bool = False
    answers: bool = False


@dataclass(frozen=True)
class VisitFields:
    """What a reader sees of a visit beyond its time and place (a home visit by its area).

    `code` her short participant code, her language, the interpreter and the link to the
    visit's page; `address` her home address; `staff` who makes the visit; `interpreting`
    the interpreter's view (who makes it and in which language, never whose it is; a remote
    interpreter is not told where); `name` and `children` who she is and her children's
    ages, on the visit's own page only.
    """

    code: bool = False
    address: bool = False
    staff: bool = False
    interpreting: bool = False
    name: bool = False
    children: bool = False


@dataclass(frozen=True)
class TravelFields:
    """What a reader sees of a travel leg beyond its areas and times: `named` whose it is."""

    named: bool = False


@dataclass(frozen=True)
class Fields:
    """The fields one reader sees of each kind of item."""

    session: SessionFields = SessionFields()
    shift: ShiftFields = ShiftFields()
    visit: VisitFields = VisitFields()
    travel: TravelFields = TravelFields()


def fields_for(reader: Reader, *, visit_address: bool = False) -> Fields:
    """The fields a reader sees of the items it sees; `visit_address` is the organisation's
    setting that adds the home address to a staff member's own visits."""
    kind = reader.kind
    if kind == COORDINATOR:
        return Fields(
            session=SessionFields(team=True, crew=True),
            shift=ShiftFields(carer=True),
            visit=VisitFields(code=True, staff=True),
            travel=TravelFields(named=True),
        )
    if kind == STAFF:
        return Fields(
            session=SessionFields(team=True, crew=True),
            visit=VisitFields(code=True, address=visit_address),
        )
    if kind == INTERPRETER:
        return Fields(session=SessionFields(team=True), visit=VisitFields(interpreting=True))
    if kind == PARTNER:
        return Fields(shift=ShiftFields(carer=True))
    if kind == CARER:
        return Fields(shift=ShiftFields(answers=True))
    if kind == VENUE:
        return Fields(visit=VisitFields(staff=True))
    return Fields()  # a group: its sessions' times and places


def sees_session(reader: Reader, session: Session) -> bool:
    """Whether the reader sees the session: the coordinator, its facilitators and
    interpreters, its venue and its group."""
    kind, who = reader.kind, reader.id
    return (
        kind == COORDINATOR
        or (kind == STAFF and who in session.facilitators)
        or (kind == INTERPRETER and who in session.interpreters)
        or (kind == VENUE and session.venue == who)
        or (kind == GROUP and session.group == who)
    )


def sees_shift(reader: Reader, shift: Shift) -> bool:
    """Whether the reader sees the shift: the coordinator, its carer and her partner."""
    kind, who = reader.kind, reader.id
    return (
        kind == COORDINATOR
        or (kind == CARER and shift.carer == who)
        or (kind == PARTNER and shift.partner == who)
    )


def sees_visit(reader: Reader, visit: Visit) -> bool:
    """Whether the reader sees the visit: the coordinator, its staff member and
    interpreter, and the venue it is held at (never a home)."""
    kind, who = reader.kind, reader.id
    return (
        kind == COORDINATOR
        or (kind == STAFF and visit.staff == who)
        or (kind == INTERPRETER and visit.interpreter == who)
        or (kind == VENUE and visit.place == who and visit.place != HOME)
    )


def sees_leg(reader: Reader, leg: TravelLeg) -> bool:
    """Whether the reader sees the travel leg: the coordinator, and the person travelling
    when a staff member or interpreter (carers' travel is in no one else's feed)."""
    if reader.kind == COORDINATOR:
        return True
    return reader.kind in (STAFF, INTERPRETER) and leg.person == reader.id


@dataclass(frozen=True)
class Visible:
    """The items of a plan that one reader sees, and the fields it sees of each."""

    sessions: tuple[Session, ...]
    shifts: tuple[Shift, ...]
    visits: tuple[Visit, ...]
    travel: tuple[TravelLeg, ...]
    fields: Fields


def visible(reader: Reader, plan: Plan, *, visit_address: bool = False) -> Visible:
    """What of a plan the reader sees, item by item, in the plan's order."""
    return Visible(
        sessions=tuple(s for s in plan.sessions if sees_session(reader, s)),
        shifts=tuple(s for s in plan.shifts if sees_shift(reader, s)),
        visits=tuple(v for v in plan.visits if sees_visit(reader, v)),
        travel=tuple(leg for leg in plan.travel if sees_leg(reader, leg)),
        fields=fields_for(reader, visit_address=visit_address),
    )


def visit_page(reader: Reader, visit: Visit) -> VisitFields | None:
    """What a visit's own page shows the reader, or None when it may not open it: only the
    staff member making the visit and the coordinator may, and they see everything."""
    if reader.kind == COORDINATOR or (reader.kind == STAFF and visit.staff == reader.id):
        return VisitFields(
            code=True, address=True, staff=True, interpreting=False, name=True, children=True
        )
    return None
