"""H10: a shared language, or an interpreter who has it and can be there.

Part of the independent checker (`planner.check`): it reads only the scenario and the plan.
"""

from __future__ import annotations

from collections.abc import Iterator

from planner.check.context import (
    CheckContext,
    Item,
    Violation,
    unmatched,
)
from planner.domain import (
    Interpreter,
)


def _interpreter_area(item: Item, interpreter: Interpreter) -> Iterator[Violation]:
    area = item.area
    if not interpreter.remote and area is not None and area not in interpreter.areas:
        text = f"{interpreter.id} interprets on site in {item.id} outside their areas ({area})"
        args = {"person": interpreter.id, "item": item, "area": area}
        yield Violation("H10", item.id, text, "h10.interpreter_area", args)


def h10_language(ctx: CheckContext) -> Iterator[Violation]:
    """H10 Language."""
    for visit in ctx.plan.visits:
        member = ctx.staff.get(visit.staff)
        participant = ctx.participants.get(visit.participant)
        interpreter = ctx.interpreters.get(visit.interpreter or "")
        if interpreter is not None:
            yield from _interpreter_area(ctx.visit_items[visit.id], interpreter)
        if member is None or participant is None:
            continue
        theirs, ours = set(participant.languages), set(member.languages)
        if theirs & ours:
            continue
        args = {
            "staff": member.id,
            "participant": participant.id,
            "item": ctx.visit_items[visit.id],
        }
        if visit.interpreter is None:
            text = f"{member.id} shares no language with {participant.id} and no one interprets"
            yield Violation("H10", visit.id, text, "h10.no_shared_language", args)
        elif interpreter is not None:
            spoken = set(interpreter.languages)
            if not (spoken & theirs and spoken & ours):
                text = f"{interpreter.id} cannot interpret between {participant.id} and {member.id}"
                args |= {"person": interpreter.id}
                yield Violation("H10", visit.id, text, "h10.cannot_interpret", args)
    for session in ctx.plan.sessions:
        group = ctx.groups.get(session.group)
        crew = [
            ctx.interpreters[i]
            for i in dict.fromkeys(session.interpreters)
            if i in ctx.interpreters
        ]
        for interpreter in crew:
            yield from _interpreter_area(ctx.session_items[session.id], interpreter)
        if group is None:
            continue
        for language in unmatched(group.interpreting, group.language, crew):
            text = (
                f"{session.id} has no interpreter of its own between {language} and "
                f"{group.language}"
            )
            args = {
                "item": ctx.session_items[session.id],
                "language": language,
                "group_language": group.language,
            }
            yield Violation("H10", session.id, text, "h10.no_interpreter", args)
