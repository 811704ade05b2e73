"""Names for the ids of a plan, as the coordinator reads them.

The coordinator may see a participant's name; `participant` is the one place that gives
it, so that a page meant for anyone else cannot pick it up by accident. Without a scenario
(no master data yet) every label falls back to the id.
"""

from __future__ import annotations

from flask_babel import gettext as _

from planner.domain import HOME, Scenario, Session, Visit


class Labels:
    """Human names of areas, venues, groups, needs and people of one scenario."""

    def __init__(self, scenario: Scenario | None) -> None:
        self.scenario = scenario
        if scenario is None:
            self.names: dict[str, str] = {}
            self.need_of: dict[str, str] = {}
            self.venue_area: dict[str, str] = {}
            self._participants: dict[str, str] = {}
            return
        named = (
            *scenario.areas,
            *scenario.venues,
            *scenario.groups,
            *scenario.staff,
            *scenario.carers(),
            *scenario.partners,
            *scenario.interpreters,
        )
        self.names = {thing.id: thing.name for thing in named}
        self.need_of = {need.id: need.participant for need in scenario.guidance}
        self.venue_area = {venue.id: venue.area for venue in scenario.venues}
        self._participants = {p.id: p.name for p in scenario.participants}

    def name(self, ref: str | None) -> str:
        """The name of an area, venue, group, partner or person; the id if unknown."""
        return "" if ref is None else self.names.get(ref, ref)

    def short(self, person: str) -> str:
        """A person's first name, for the small blocks of the week view."""
        return self.name(person).split(" ", 1)[0]

    def participant(self, ref: str) -> str:
        """A participant's name: for the coordinator's eyes only."""
        return self._participants.get(ref, ref)

    def title(self, item: Session | Visit) -> str:
        """What an item is: its group, or guidance for its participant."""
        if isinstance(item, Session):
            return self.name(item.group)
        return _("Guidance: %(name)s", name=self.participant(item.participant))

    def ref_title(self, ref: str, kind: str) -> str:
        """What an item is from its id alone (`<owner>/<week>/<n>`): unplaced or locked ones."""
        owner = ref.split("/", 1)[0]
        if kind == "session":
            return self.name(owner)
        participant = self.need_of.get(owner)
        if participant is None:
            return _("Guidance %(need)s", need=owner)
        return _("Guidance: %(name)s", name=self.participant(participant))

    def place(self, item: Session | Visit) -> str:
        """Where an item is held: a venue's name, or a home visit in its area."""
        if isinstance(item, Session):
            return self.name(item.venue)
        if item.place == HOME:
            return _("home visit, %(area)s", area=self.name(item.area))
        return self.name(item.place)

    def area_of(self, item: Session | Visit) -> str:
        """The id of the area an item is in."""
        if isinstance(item, Session):
            return self.venue_area.get(item.venue, "")
        return item.area

    def crew(self, item: Session | Visit) -> list[tuple[str, list[str]]]:
        """The item's people by role, as (role, person ids), leaving out empty roles."""
        if isinstance(item, Session):
            roles = [
                (_("Facilitators"), list(item.facilitators)),
                (_("Carers"), list(item.carers)),
                (_("Interpreters"), list(item.interpreters)),
            ]
        else:
            roles = [
                (_("Staff member"), [item.staff]),
                (_("Interpreter"), [item.interpreter] if item.interpreter else []),
            ]
        return [(role, people) for role, people in roles if people]
