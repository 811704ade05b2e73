"""How a plan differs from the previous one, item by item ("Ids that last" in the spec)."""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from planner.domain import Change, Scenario, Session, Visit

Item = Session | Visit


def owner_and_n(item: Item) -> tuple[str, str]:
    """The group or need an item belongs to, and its number within the week."""
    owner = item.group if isinstance(item, Session) else item.need
    return owner, item.id.rsplit("/", 1)[-1]


def corresponding(before: Item, now: dict[str, Item]) -> Item | None:
    """The item of this plan that a previous item corresponds to: same id, else owner and n."""
    if before.id in now:
        return now[before.id]
    key = owner_and_n(before)
    return next((item for item in now.values() if owner_and_n(item) == key), None)


def place(item: Item) -> str:
    return item.venue if isinstance(item, Session) else item.place


def people(item: Item) -> frozenset[str]:
    if isinstance(item, Session):
        return frozenset((*item.facilitators, *item.carers, *item.interpreters))
    return frozenset({item.staff} | ({item.interpreter} if item.interpreter else set()))


def _when(item: Item, zone: ZoneInfo) -> str:
    local = item.start.astimezone(zone)
    return f"{local:%a %d.%m. %H:%M} at {place(item)}"


def plan_changes(scenario: Scenario, items: Iterable[Item]) -> list[Change]:
    """Moved, re-staffed, cancelled and added items against the scenario's `previous`."""
    previous = [*scenario.previous.sessions, *scenario.previous.visits]
    if not previous:
        return []
    zone = ZoneInfo(scenario.timezone)
    now = {item.id: item for item in items}
    matched: set[str] = set()
    changes: list[Change] = []
    for before in previous:
        after = corresponding(before, now)
        if after is None:
            changes.append(Change(before.id, "cancelled", f"was {_when(before, zone)}"))
            continue
        matched.add(after.id)
        a, b = before.start.astimezone(zone), after.start.astimezone(zone)
        if (a.weekday(), a.time(), place(before)) != (b.weekday(), b.time(), place(after)):
            text = f"from {_when(before, zone)} to {_when(after, zone)}"
            changes.append(Change(after.id, "moved", text))
        elif people(before) != people(after):
            gone = ", ".join(sorted(people(before) - people(after))) or "nobody"
            new = ", ".join(sorted(people(after) - people(before))) or "nobody"
            changes.append(Change(after.id, "re-staffed", f"{gone} replaced by {new}"))
    for item in now.values():
        if item.id not in matched:
            changes.append(Change(item.id, "added", _when(item, zone)))
    return changes
