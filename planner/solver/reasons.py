"""Why an item could not be placed, in words a coordinator can act on, with a tried fix.

An item that cannot be placed even alone in its week is blocked by the master data: the
family of rules whose relaxation would give it an option is found in `causes`, and the
fixes it suggests are tried (`fixes.fits_alone` on the changed scenario) before one is
offered. An item that fits alone lost to the other items of the plan for the same people,
rooms and days (H1, H4, H5, H7): the finished plan's `state` says who holds them, and
`plan_fixes` tries what would free them once the plan is made.
"""

from __future__ import annotations

from collections import Counter

from planner.domain import Reason
from planner.domain.languages import language_name
from planner.solver.causes import Cause, Names, no_option_cause, session_cause, visit_cause
from planner.solver.fixes import Fix, first_fix, fits_alone
from planner.solver.heuristic import Busy, State, participants_of, place_key, room_free
from planner.solver.space import Item, Option, Space

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _when(options: list[Option]) -> str:
    """The days and clock span of a set of options, e.g. "Tue-Thu 09:00-14:00"."""
    days = sorted({o.day for o in options})
    names = [WEEKDAY_NAMES[d.weekday()] for d in days]
    span = f"{_clock(min(o.start for o in options))}-{_clock(max(o.end for o in options))}"
    if len(names) > 2 and days[-1].toordinal() - days[0].toordinal() == len(days) - 1:
        return f"{names[0]}-{names[-1]} {span}"
    return f"{', '.join(names)} {span}"


def _when_args(options: list[Option]) -> dict:
    return {
        "dates": sorted({o.day.isoformat() for o in options}),
        "from": _clock(min(o.start for o in options)),
        "to": _clock(max(o.end for o in options)),
    }


def reasons_for(space: Space, item: Item, state: State, cache: dict | None = None) -> list[Reason]:
    """Why the item is left out: the rule, its resource and, where one works, a fix.

    Alike items of one owner and week share the answer on their own (`cache`); what the
    plan gives others is asked per item.
    """
    cache = {} if cache is None else cache
    key = (item.owner, item.week)
    if key not in cache:
        cache[key] = None if fits_alone(space.scenario, item) else _static(space, item)
    static = cache[key]
    if static is not None:
        return [static]
    return [_taken(space, item, state)]


def _static(space: Space, item: Item) -> Reason:
    """What in the master data keeps the item out even when nothing else is planned."""
    if not item.options:
        cause = no_option_cause(space, item)
    elif item.kind == "session":
        cause = session_cause(space, item)
    else:
        cause = visit_cause(space, item)
    if cause is None:
        cause = Cause(
            "H6",
            "never_together",
            _when_args(item.options),
            f"the people it needs are never free at the same time ({_when(item.options)})",
        )
    fix = first_fix(space.scenario, item, cause.fixes)
    if fix is None:
        return Reason(cause.rule, cause.text, cause.code, cause.args)
    text = f"{cause.text}; it would fit if you {fix_text(space, fix)}"
    return Reason(cause.rule, text, cause.code, cause.args | {"fix": fix})


def fix_text(space: Space, fix: Fix) -> str:
    """A fix in English words."""
    names = Names(space)
    kind = fix["kind"]
    if kind == "venue":
        return f"add {names([fix['venue']])} to the group's venues"
    if kind == "weekday":
        return f"allow {fix['weekday'].title()} in the group's times too"
    if kind == "allow_staff":
        return f"allow {names([fix['staff']])} to take it"
    if kind == "new_interpreter":
        languages = " and ".join(language_name(lang) for lang in fix["languages"])
        return f"find an interpreter of {languages} (remote will do)"
    if kind in ("interpreter_area", "carer_area"):
        person = fix.get("interpreter") or fix.get("carer")
        return f"let {names([person])} work in {names([fix['area']])}"
    if kind == "staff_hours":
        return f"raise {names([fix['staff']])}'s weekly hours to {fix['hours_per_week']:g}"
    if kind == "staff_day":
        return f"raise {names([fix['staff']])}'s working day to {fix['max_hours_per_day']:g} hours"
    if kind == "carer_shifts":
        each = ", ".join(f"{names([c])} {n}" for c, n in fix["shifts"].items())
        return f"allow more shifts a week ({each})"
    if kind == "window":
        return f"add {fix['weekday'].title()} {fix['range']} to its times"
    partner = {p.id: p.name for p in space.scenario.partners}.get(fix["partner"], fix["partner"])
    able = " who may care for infants" if fix.get("infants") else ""
    return f"ask {partner} for another carer{able} in {names([fix['area']])}"


ROLE_NOUNS = {"facilitator": "facilitators", "carer": "carers", "guide": "a guide"}
WHY = {
    "busy": "busy then",
    "travel": "cannot get there in time",
    "day": "working day full",
    "week": "week full",
    "shifts": "no shifts left this week",
}


def _taken(space: Space, item: Item, state: State) -> Reason:
    """What the plan already holds at every option where the item would fit alone."""
    causes: Counter[str] = Counter()
    people: dict[str, dict[str, Counter[str]]] = {}
    needed: dict[str, int] = {}
    # Only the options where its people are free by their own hours: elsewhere the master
    # data, not the plan, keeps it out.
    options = [k for k in range(len(item.options)) if _staffed_alone(space, item, k)]
    for k in options or range(len(item.options)):
        cause, whys, count = _first_block(space, item, k, state)
        causes[cause] += 1
        needed[cause] = count
        for person, why in whys.items():
            people.setdefault(cause, {}).setdefault(person, Counter())[why] += 1
    cause, _ = causes.most_common(1)[0]
    fitting = [item.options[k] for k in options] or item.options
    when, args = _when(fitting), _when_args(fitting)
    if cause == "members":
        text = f"it fits {when}, but its participants are in other items then"
        return Reason("H5", text, "members_busy", args)
    if cause == "room":
        text = f"it fits {when}, but other groups have the venue's rooms then"
        return Reason("H4", text, "room_taken", args)
    if cause == "same day":
        others = "the group's other sessions" if item.kind == "session" else "the other visits"
        text = (
            f"it can only be held {when} (where its people, rooms and windows allow), and "
            f"{others} already take those days; H1 allows one a day"
        )
        return Reason("H1", text, "same_day", args)
    held = people.get(cause, {})
    who = sorted(held, key=lambda p: (-sum(held[p].values()), p))[:5]
    why = {p: held[p].most_common(1)[0][0] for p in who}
    names = Names(space)
    details = ", ".join(f"{names([p])} ({WHY[why[p]]})" for p in who)
    hours = sum(held[p][w] for p in held for w in ("day", "week", "shifts"))
    rule = "H7" if hours * 2 >= sum(sum(c.values()) for c in held.values()) else "H5"
    role = cause.split(":")[0]
    language = cause.split(":")[1] if ":" in cause else None
    noun = ROLE_NOUNS.get(cause, f"an interpreter of {language_name(language or '')}")
    count = f"{needed[cause]} {noun}" if cause in ("facilitator", "carer") else noun
    args |= {"role": role, "needed": needed[cause], "people": why}
    if language:
        args["language"] = language
    text = f"needs {count} {when}; those who may take it are taken: {details or 'nobody'}"
    return Reason(rule, text, "taken", args)


def _first_block(space: Space, item: Item, k: int, state: State) -> tuple[str, dict, int]:
    """What stops option k in the plan: its day, members, room or a role (with who and why)."""
    option = item.options[k]
    slot = Busy(option.t0, option.t1, place_key(item, k), option.area)
    if option.day in state.days_used[(item.owner, item.week)]:
        return "same day", {}, 0
    if not all(state.fits(p, option.day, slot) for p in participants_of(space, item)):
        return "members", {}, 0
    if item.kind == "session" and not room_free(state, item, k):
        return "room", {}, 0
    buffer = space.scenario.settings.childcare.buffer_minutes
    last = ("facilitator", {}, 0)
    for role, needed in _needs(space, item, k):
        pad = buffer if role == "carer" else 0
        padded = Busy(slot.t0 - pad, slot.t1 + pad, slot.place, slot.area)
        fitting, whys = 0, {}
        for person, free in item.people.get(role, {}).items():
            if k not in free:
                continue
            why = state.why_not(person, option.day, padded)
            if why is None and role == "carer":
                carer = space.carers[person]
                if state.shifts[(person, item.week)] >= carer.max_shifts_per_week:
                    why = "shifts"
            if why is None:
                fitting += 1
            else:
                whys[person] = why
        if fitting < needed:
            return role, whys, needed
        last = (role, {}, needed)
    return last


def _staffed_alone(space: Space, item: Item, k: int) -> bool:
    """Whether enough people of every role are free at option k by their own hours."""
    return all(
        sum(k in free for free in item.people.get(role, {}).values()) >= needed
        for role, needed in _needs(space, item, k)
    )


def _needs(space: Space, item: Item, k: int) -> list[tuple[str, int]]:
    """The people an option of an item needs, role by role."""
    if item.kind == "visit":
        return [("guide", 1)]
    group = space.groups[item.owner]
    needs = [("facilitator", group.facilitators)] if group.facilitators else []
    carers = item.children[item.options[k].day].carers
    if carers:
        needs.append(("carer", carers))
    counts = Counter(group.interpreting)
    return needs + [(f"interpreter:{language}", n) for language, n in counts.items()]
