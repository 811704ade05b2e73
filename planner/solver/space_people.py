"""Who may take each item, and at which of its options each is free (H6, H8-H10).

Staff are found by role and by how far their base is from the item's areas, carers by
the areas they work in, interpreters by language and area (remote ones anywhere); each is
admitted with the options at which they are free, travel from and to base included.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from planner.domain import (
    Carer,
    Group,
    GuidanceNeed,
    Interpreter,
    Participant,
    Role,
    StaffMember,
)
from planner.solver.optionset import OptionSet
from planner.solver.space_types import Block, Item, Space


@dataclass
class PeopleIndex:
    """The people who may take items, indexed by what rules them in or out first."""

    # role -> area -> (slack, staff member), most slack first: the minutes their longest
    # window leaves for an item after the drive from base to the area and back
    staff_near: dict[str, dict[str, list[tuple[int, StaffMember]]]]
    carers_in: dict[str, list[Carer]]  # area -> carers working there
    interpreters_in: dict[str, list[Interpreter]]  # area -> interpreters who may work there

    @classmethod
    def of(cls, space: Space) -> PeopleIndex:
        carers_in: dict[str, list[Carer]] = {}
        for carer in space.carers.values():
            for area in carer.areas:
                carers_in.setdefault(area, []).append(carer)
        areas = [a.id for a in space.scenario.areas]
        interpreters_in = {
            area: [i for i in space.interpreters.values() if i.remote or area in i.areas]
            for area in areas
        }
        staff_near: dict[str, dict[str, list[tuple[int, StaffMember]]]] = {}
        for role in (Role.FACILITATOR, Role.GUIDE):
            staff = [s for s in space.staff.values() if role in s.roles]
            near = staff_near[str(role)] = {}
            for area in areas:
                ranked = []
                for member in staff:
                    longest = max(
                        (r.end - r.start for rs in member.available.days.values() for r in rs),
                        default=0,
                    )
                    drive = space.travel(member.base_area, area) + space.travel(
                        area, member.base_area
                    )
                    if longest - drive > 0:
                        ranked.append((longest - drive, member))
                near[area] = sorted(ranked, key=lambda pair: (-pair[0], pair[1].id))
        return cls(staff_near, carers_in, interpreters_in)

    def staff_for(self, role: str, item: Item) -> list[StaffMember]:
        """Staff of a role whose longest window holds the drive to one of the item's areas
        and back with the item; a quick necessary test that spares checking every option."""
        found: dict[str, StaffMember] = {}
        for area in sorted({b.area for b in item.blocks}):
            for slack, member in self.staff_near[role].get(area, []):
                if slack < item.duration:
                    break
                found.setdefault(member.id, member)
        return sorted(found.values(), key=lambda m: m.id)


def _free_span(item: Item, block: Block, ranges: list[tuple[int, int]], found: OptionSet) -> None:
    """Add the options of a block that lie inside one of the clock ranges (start, end)."""
    starts, duration = block.starts, item.duration
    for low, high in ranges:
        a = bisect_left(starts, low)
        b = bisect_right(starts, high - duration)
        found.add_span(block.first + a, block.first + b)


def _staff_options(space: Space, member: StaffMember, item: Item) -> OptionSet:
    """The options at which a staff member is free (H6), drives from and to base included."""
    found = OptionSet()
    drive = {}
    for block in item.blocks:
        if block.area not in drive:
            there = space.travel(member.base_area, block.area)
            drive[block.area] = (there, space.travel(block.area, member.base_area))
    for block in item.blocks:
        there, back = drive[block.area]
        ranges = [(r.start + there, r.end - back) for r in space.free(member, block.day)]
        _free_span(item, block, ranges, found)
    return found


def session_people(space: Space, item: Item, group: Group, who: PeopleIndex) -> None:
    """H8-H10, per item: who may facilitate, care and interpret, and when each is free."""
    pool = set(group.facilitator_pool) if group.facilitator_pool is not None else None
    for member in who.staff_for(Role.FACILITATOR, item):
        if pool is None or member.id in pool:
            item.admit("facilitator", member.id, _staff_options(space, member, item))
    buffer = space.scenario.settings.childcare.buffer_minutes
    areas = sorted({b.area for b in item.blocks})
    if any(c.carers for c in item.children.values()):
        seen: set[str] = set()
        for area in areas:
            for carer in who.carers_in.get(area, []):
                if carer.id in seen:
                    continue
                seen.add(carer.id)
                free = OptionSet()
                for block in item.blocks:
                    if item.children[block.day].carers and block.area in carer.areas:
                        ranges = [
                            (r.start + buffer, r.end - buffer) for r in space.free(carer, block.day)
                        ]
                        _free_span(item, block, ranges, free)
                item.admit("carer", carer.id, free)
    nearby = _interpreters_near(who, areas)
    for language in dict.fromkeys(group.interpreting):
        role = f"interpreter:{language}"
        for interpreter in nearby:
            if {language, group.language} <= set(interpreter.languages):
                item.admit(role, interpreter.id, _interpreter_free(space, interpreter, item))


def _interpreters_near(who: PeopleIndex, areas: list[str]) -> list[Interpreter]:
    """Remote interpreters and those on site in one of the areas, in id order."""
    found = {i.id: i for area in areas for i in who.interpreters_in.get(area, [])}
    return [found[k] for k in sorted(found)]


def _interpreter_free(space: Space, interpreter: Interpreter, item: Item) -> OptionSet:
    """H6 and H10: free then, and on site only in their own areas."""
    found = OptionSet()
    for block in item.blocks:
        if interpreter.remote or block.area in interpreter.areas:
            ranges = [(r.start, r.end) for r in space.free(interpreter, block.day)]
            _free_span(item, block, ranges, found)
    return found


def visit_people(
    space: Space, item: Item, need: GuidanceNeed, participant: Participant, who: PeopleIndex
) -> None:
    """H8 and H10, per visit: guides allowed, and interpreters who can bridge languages."""
    allowed = set(need.staff) if need.staff is not None else None
    spoken = set(participant.languages)
    areas = sorted({b.area for b in item.blocks})
    bridges = [i for i in _interpreters_near(who, areas) if spoken & set(i.languages)]
    bridged = {lang for i in bridges for lang in i.languages}
    for member in who.staff_for(Role.GUIDE, item):
        if allowed is not None and member.id not in allowed:
            continue
        if not (spoken | bridged) & set(member.languages):
            continue
        item.admit("guide", member.id, _staff_options(space, member, item))
    if not item.people.get("guide"):
        # Say "no guide is free" rather than "no guide speaks it" where one is too far away.
        for member in space.staff.values():
            if Role.GUIDE in member.roles and (allowed is None or member.id in allowed):
                if (spoken | bridged) & set(member.languages):
                    item.never_free.setdefault("guide", set()).add(member.id)
    for interpreter in bridges:
        item.admit("interpreter", interpreter.id, _interpreter_free(space, interpreter, item))
