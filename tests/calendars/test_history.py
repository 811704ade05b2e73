"""Events across published versions: SEQUENCE, DTSTAMP, cancellations and UIDs never reused."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from calendars.event import CANCELLED, CONFIRMED, Event
from calendars.history import Published, week_history

T0 = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
T1, T2, T3 = (T0 + dt.timedelta(days=n) for n in (1, 2, 3))
BEFORE = T0  # `now` before any event is over
START = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)


def event(key: str = "g-1/2026-W49/1", hours: int = 0, **changes: object) -> Event:
    start = START + dt.timedelta(hours=hours)
    made = Event(key, "session", start, start + dt.timedelta(hours=2), "Ryhmä: G", "Hall")
    return replace(made, **changes)


def by_uid(published: list[Published]) -> dict[str, Published]:
    return {p.uid: p for p in published}


def test_a_new_event_starts_at_sequence_0_stamped_when_first_published() -> None:
    (only,) = week_history([(T0, [event()])], "fi", BEFORE)
    assert (only.uid, only.sequence, only.stamp, only.event.status) == (
        "g-1/2026-W49/1",
        0,
        T0,
        CONFIRMED,
    )


def test_an_unchanged_event_keeps_its_sequence_and_stamp() -> None:
    (only,) = week_history([(T0, [event()]), (T1, [event()]), (T2, [event()])], "fi", BEFORE)
    assert (only.sequence, only.stamp) == (0, T0)


def test_time_or_place_changes_raise_the_sequence_by_one_each_time() -> None:
    versions = [
        (T0, [event()]),
        (T1, [event(hours=1)]),  # moved
        (T2, [event(hours=1, location="Other hall")]),  # and moved elsewhere
        (T3, [event(hours=1, location="Other hall")]),  # unchanged
    ]
    (only,) = week_history(versions, "fi", BEFORE)
    assert (only.sequence, only.stamp, only.event.location) == (2, T2, "Other hall")


def test_other_changes_restamp_without_raising_the_sequence() -> None:
    versions = [(T0, [event()]), (T1, [event(description="Ohjaajat: Hanna")])]
    (only,) = week_history(versions, "fi", BEFORE)
    assert (only.sequence, only.stamp) == (0, T1)


def test_a_dropped_event_is_cancelled_once_with_a_higher_sequence() -> None:
    versions = [(T0, [event(), event("other")]), (T1, [event("other")]), (T2, [event("other")])]
    cancelled = by_uid(week_history(versions, "fi", BEFORE))["g-1/2026-W49/1"]
    assert cancelled.event.status == CANCELLED
    assert cancelled.event.summary == "Peruttu: Ryhmä: G"
    assert (cancelled.sequence, cancelled.stamp) == (1, T1)
    english = by_uid(week_history(versions, "en", BEFORE))["g-1/2026-W49/1"]
    assert english.event.summary == "Cancelled: Ryhmä: G"


def test_a_cancelled_event_leaves_the_feed_once_it_is_over() -> None:
    versions = [(T0, [event(), event("other", hours=48)]), (T1, [event("other", hours=48)])]
    assert len(week_history(versions, "fi", START + dt.timedelta(hours=1))) == 2
    after = week_history(versions, "fi", START + dt.timedelta(hours=2))
    assert [p.uid for p in after] == ["other"]


def test_an_item_that_comes_back_gets_a_new_uid_and_the_old_one_stays_cancelled() -> None:
    versions = [
        (T0, [event(), event("other")]),
        (T1, [event("other")]),  # cancelled
        (T2, [event(hours=3), event("other")]),  # back
        (T3, [event("other")]),  # cancelled again
    ]
    history = by_uid(week_history(versions, "fi", BEFORE))
    assert set(history) == {"g-1/2026-W49/1", "g-1/2026-W49/1#2", "other"}
    first, second = history["g-1/2026-W49/1"], history["g-1/2026-W49/1#2"]
    assert (first.event.status, first.sequence, first.stamp) == (CANCELLED, 1, T1)
    assert (second.event.status, second.sequence, second.stamp) == (CANCELLED, 1, T3)
    assert second.event.start == START + dt.timedelta(hours=3)
    back = by_uid(week_history(versions[:3], "fi", BEFORE))["g-1/2026-W49/1#2"]
    assert (back.event.status, back.sequence, back.stamp) == (CONFIRMED, 0, T2)


def test_the_sequence_never_goes_down() -> None:
    shapes = [event(), event(hours=1), event(), event(location="x"), event()]
    versions = [(T0 + dt.timedelta(hours=n), [shape]) for n, shape in enumerate(shapes)]
    sequences = [
        week_history(versions[: n + 1], "fi", BEFORE)[0].sequence for n in range(len(versions))
    ]
    assert sequences == [0, 1, 2, 3, 4]


def test_a_change_of_who_is_with_the_reader_raises_the_sequence() -> None:
    # Issue 13: a new co-facilitator or interpreter is news, as a new time or place is.
    versions = [
        (T0, [event(people=("s-aino", "s-bea"))]),
        (T1, [event(people=("s-aino", "s-cai"))]),  # another co-facilitator
        (T2, [event(people=("s-cai", "s-aino"))]),  # the same people, listed otherwise
    ]
    (only,) = week_history(versions, "fi", BEFORE)
    assert (only.sequence, only.stamp) == (1, T1)
