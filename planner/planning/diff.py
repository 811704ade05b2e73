"""How two versions of one week's plan differ, item by item: moved, re-staffed, added, cancelled.

Both versions plan the same week, so items correspond by id alone ("Ids that last" in the
spec) and times are compared as instants. A shift belongs to its session: a carer who comes
or goes re-staffs the session, and a shift whose times changed moves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.domain import Plan, Session, Shift, Visit
from planner.planning.changes import people, place

Item = Session | Visit


@dataclass(frozen=True)
class ItemDiff:
    """One session or visit that differs between two versions, and how."""

    ref: str
    kind: str  # "session" or "visit"
    before: Item | None
    after: Item | None
    moved: bool = False
    restaffed: bool = False
    gone: tuple[str, ...] = ()  # people on it before, no longer
    new: tuple[str, ...] = ()  # people on it now, not before

    @property
    def changes(self) -> tuple[str, ...]:
        """What happened to the item: "added", "cancelled", "moved", "re-staffed"."""
        if self.before is None:
            return ("added",)
        if self.after is None:
            return ("cancelled",)
        return ("moved",) * self.moved + ("re-staffed",) * self.restaffed

    @property
    def item(self) -> Item:
        """The item as it is now, or as it was when it has been cancelled."""
        if self.after is not None:
            return self.after
        assert self.before is not None  # an item differs by being in one version at least
        return self.before


def _items(plan: Plan) -> dict[str, Item]:
    return {s.id: s for s in plan.sessions} | {v.id: v for v in plan.visits}


def _shift_times(plan: Plan) -> dict[str, tuple[object, ...]]:
    return {s.id: (s.start, s.end, s.venue) for s in plan.shifts}


def _shifts_moved(before: Plan, after: Plan, session: str) -> bool:
    """Whether a shift of the session kept by both versions runs at other times now."""
    old, now = _shift_times(before), _shift_times(after)
    ours: list[Shift] = [s for s in after.shifts if s.session == session]
    return any(s.id in old and old[s.id] != now[s.id] for s in ours)


def plan_diff(before: Plan, after: Plan) -> list[ItemDiff]:
    """Every session and visit that `after` moved, re-staffed, added or cancelled."""
    old, now = _items(before), _items(after)
    found: list[ItemDiff] = []
    for ref, item in now.items():
        kind = "session" if isinstance(item, Session) else "visit"
        was = old.get(ref)
        if was is None:
            found.append(ItemDiff(ref, kind, None, item))
            continue
        moved = (was.start, was.end, place(was)) != (item.start, item.end, place(item))
        if isinstance(item, Session):
            moved = moved or _shifts_moved(before, after, ref)
        gone = tuple(sorted(people(was) - people(item)))
        new = tuple(sorted(people(item) - people(was)))
        if moved or gone or new:
            found.append(ItemDiff(ref, kind, was, item, moved, bool(gone or new), gone, new))
    for ref, was in old.items():
        if ref not in now:
            kind = "session" if isinstance(was, Session) else "visit"
            found.append(ItemDiff(ref, kind, was, None))
    return sorted(found, key=lambda d: (d.item.start, d.ref))
