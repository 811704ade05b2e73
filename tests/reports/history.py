"""A small recorded history over two areas and two weeks, written straight with the ORM.

The report's period is Mon 7.12.2026 - Sun 20.12.2026 (ISO weeks 50 and 51). Kemi has the
group g-kemi, Tornio the groups g-tornio and g-tornio-b. Before the period p-old came to a
session (30.11.); after it p-late comes to one at 00.30 on 21.12. (on 20.12. in UTC).

| session | area | day | planned | status | members |
| --- | --- | --- | --- | --- | --- |
| g-kemi/2026-W49/1 | kemi | 30.11. | 10-12 | held | p-old present |
| g-kemi/2026-W50/1 | kemi | 8.12. | 10-12 (120 min) | held | p-old, p-a present; p-b absent |
| g-kemi/2026-W51/1 | kemi | 15.12. | 10-11.30 (90) | held | p-a, anon-7f3a present; p-b excused |
| g-tornio-b/2026-W50/1 | tornio | 9.12. | 13-15 | cancelled | - |
| g-tornio/2026-W51/1 | tornio | 16.12. | 13-15 | held | p-c, p-d absent |
| g-kemi/2026-W52/1 | kemi | 21.12. 00.30 | 00.30-02.00 | held | p-late present |

| visit | area | day | status | minutes | person |
| --- | --- | --- | --- | --- | --- |
| n-1/2026-W50/1 | tornio | 7.12. 01.00 (6.12. in UTC) | done | 60 | p-c |
| n-2/2026-W51/1 | kemi | 20.12. 22.30 | done | 45 | p-old |
| n-3/2026-W51/1 | tornio | 17.12. | no_show | - | p-d |
| n-4/2026-W50/1 | tornio | 10.12. | cancelled | - | p-f |

Childcare (published shifts; the session record's `carers` are those who came):
- g-kemi/2026-W50/1 (plan W50 version 1; came: c-aino, c-bea): c-aino of par-a 9.45-12.15
  (150 min), unconfirmed; c-bea of par-b 150 min published, confirmed 120 min.
- g-kemi/2026-W51/1 (recorded against plan W51 version 2, where c-aino's shift is 9.45-11.45,
  120 min; version 1 had 9.00-12.00; came: c-aino, c-eve): c-aino of par-a unconfirmed;
  c-eve of par-a confirmed not given; c-dora of par-b, 120 min, unconfirmed and not among
  those who came.
- g-tornio-b/2026-W50/1 (cancelled): c-cid of par-b 150 min, published.
- g-tornio/2026-W51/1 (all absent): c-cid of par-b confirmed 150 min.

Participant records (ESF entry data):
- p-old started 30.11.: labour_status unemployed, age_band 25_54.
- p-a no start date (first came 8.12.): labour_status inactive, age_band 25_54, education
  isced_3_4, migrant yes.
- p-c started 1.12. (though first came 7.12.): age_band below_25.
- p-g started 14.12., never came: labour_status long_term_unemployed, migrant no.
- anon-7f3a has no record (first came 15.12.).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from planner.store import models as m

FROM, TO = "2026-12-07", "2026-12-20"


def at(text: str) -> dt.datetime:
    """A Helsinki time in December (UTC+2)."""
    return dt.datetime.fromisoformat(f"{text}:00+02:00")


def _session(
    session_id: str,
    area: str,
    start: str,
    end: str,
    status: str = "held",
    members: dict[str, str] | None = None,
    carers: list[str] | None = None,
    version: int = 1,
) -> m.SessionRecord:
    group, week, _ = session_id.split("/")
    return m.SessionRecord(
        session_id=session_id,
        week=week,
        plan_version=version,
        group_id=group,
        venue_id=f"v-{area}",
        area=area,
        start=at(start),
        end=at(end),
        status=status,
        cancel_reason="the venue was closed" if status == "cancelled" else None,
        facilitators=["s-hanna"],
        carers=carers or [],
        recorded_by="test",
        members=[m.MemberAttendance(person=p, status=s) for p, s in (members or {}).items()],
    )


def _visit(visit_id: str, area: str, start: str, end: str, status: str, person: str, minutes=None):
    need, week, _ = visit_id.split("/")
    return m.VisitRecord(
        visit_id=visit_id,
        week=week,
        plan_version=1,
        need_id=need,
        person=person,
        staff_id="s-hanna",
        area=area,
        start=at(start),
        end=at(end),
        status=status,
        cancelled_by="participant" if status == "cancelled" else None,
        minutes=minutes,
        recorded_by="test",
    )


def _shift(session_id: str, carer: str, partner: str, start: str, end: str) -> dict:
    return {
        "id": f"{session_id}/{carer}",
        "carer": carer,
        "partner": partner,
        "session": session_id,
        "venue": "v-x",
        "start": at(start).isoformat(),
        "end": at(end).isoformat(),
    }


def _plan(week: str, version: int, shifts: list[dict]) -> m.PlanVersion:
    return m.PlanVersion(
        week=week,
        version=version,
        status="published",
        document={"week": week, "sessions": [], "visits": [], "shifts": shifts},
        created_by="test",
    )


def _hours(session_id: str, carer: str, partner: str, given: bool, minutes: int) -> m.CarerHours:
    return m.CarerHours(
        shift_id=f"{session_id}/{carer}",
        session_id=session_id,
        week=session_id.split("/")[1],
        carer_id=carer,
        partner_id=partner,
        start=at("2026-12-01T09:45"),
        end=at("2026-12-01T12:15"),
        given=given,
        minutes=minutes,
        confirmed_by="test",
    )


def _record(person: str, started_on: str | None, entry: dict) -> m.ParticipantRecord:
    return m.ParticipantRecord(
        person=person,
        started_on=dt.date.fromisoformat(started_on) if started_on else None,
        entry=entry,
        updated_by="test",
    )


def add_history(session: Session) -> None:
    """Write the history above; the caller commits."""
    w50, w51 = "g-kemi/2026-W50/1", "g-kemi/2026-W51/1"
    session.add_all(
        [
            _session("g-kemi/2026-W49/1", "kemi", "2026-11-30T10:00", "2026-11-30T12:00",
                     members={"p-old": "present"}),
            _session(w50, "kemi", "2026-12-08T10:00", "2026-12-08T12:00",
                     members={"p-old": "present", "p-a": "present", "p-b": "absent"},
                     carers=["c-aino", "c-bea"]),
            _session(w51, "kemi", "2026-12-15T10:00", "2026-12-15T11:30",
                     members={"p-a": "present", "anon-7f3a": "present", "p-b": "excused"},
                     carers=["c-aino", "c-eve"], version=2),
            _session("g-tornio-b/2026-W50/1", "tornio", "2026-12-09T13:00", "2026-12-09T15:00",
                     status="cancelled", carers=["c-cid"]),
            _session("g-tornio/2026-W51/1", "tornio", "2026-12-16T13:00", "2026-12-16T15:00",
                     members={"p-c": "absent", "p-d": "absent"}, carers=["c-cid"]),
            _session("g-kemi/2026-W52/1", "kemi", "2026-12-21T00:30", "2026-12-21T02:00",
                     members={"p-late": "present"}),
            _visit("n-1/2026-W50/1", "tornio", "2026-12-07T01:00", "2026-12-07T02:00", "done",
                   "p-c", minutes=60),
            _visit("n-2/2026-W51/1", "kemi", "2026-12-20T22:30", "2026-12-20T23:30", "done",
                   "p-old", minutes=45),
            _visit("n-3/2026-W51/1", "tornio", "2026-12-17T09:00", "2026-12-17T10:00",
                   "no_show", "p-d"),
            _visit("n-4/2026-W50/1", "tornio", "2026-12-10T09:00", "2026-12-10T10:00",
                   "cancelled", "p-f"),
            _plan("2026-W50", 1, [
                _shift(w50, "c-aino", "par-a", "2026-12-08T09:45", "2026-12-08T12:15"),
                _shift(w50, "c-bea", "par-b", "2026-12-08T09:45", "2026-12-08T12:15"),
                _shift("g-tornio-b/2026-W50/1", "c-cid", "par-b", "2026-12-09T12:45",
                       "2026-12-09T15:15"),
            ]),
            _plan("2026-W51", 1, [
                _shift(w51, "c-aino", "par-a", "2026-12-15T09:00", "2026-12-15T12:00"),
            ]),
            _plan("2026-W51", 2, [
                _shift(w51, "c-aino", "par-a", "2026-12-15T09:45", "2026-12-15T11:45"),
                _shift(w51, "c-eve", "par-a", "2026-12-15T09:45", "2026-12-15T11:45"),
                _shift(w51, "c-dora", "par-b", "2026-12-15T09:45", "2026-12-15T11:45"),
                _shift("g-tornio/2026-W51/1", "c-cid", "par-b", "2026-12-16T12:45",
                       "2026-12-16T15:15"),
            ]),
            _hours(w50, "c-bea", "par-b", given=True, minutes=120),
            _hours(w51, "c-eve", "par-a", given=False, minutes=0),
            _hours("g-tornio/2026-W51/1", "c-cid", "par-b", given=True, minutes=150),
            _record("p-old", "2026-11-30", {"labour_status": "unemployed", "age_band": "25_54"}),
            _record("p-a", None, {"labour_status": "inactive", "age_band": "25_54",
                                  "education": "isced_3_4", "migrant": True}),
            _record("p-c", "2026-12-01", {"age_band": "below_25"}),
            _record("p-g", "2026-12-14", {"labour_status": "long_term_unemployed",
                                          "migrant": False}),
        ]
    )  # fmt: skip
