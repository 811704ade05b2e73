"""Adding a visit at its cheapest: a guide, and an interpreter where the guide needs one.

Each guide costs the travel they would add and, where the need prefers someone else, the
continuity they break; a guide who shares no language with the participant comes with the
cheapest interpreter who bridges them (H10). The cheapest option wins, unless the visit's
previous time, place and people still fit and cost less (stability).
"""

from __future__ import annotations

import numpy as np

from planner.solver.heuristic import Choice
from planner.solver.insertion_arrays import INF
from planner.solver.insertion_index import Insertion, flat, matching
from planner.solver.space import Space
from planner.solver.week import Week


class VisitInsertion:
    """The visit half of `planner.solver.insertion.Inserter`, which it is mixed into.

    It reads the inserter's space and week, its `role_costs` and whether only the visit's
    previous form is wanted (`_kept_only`).
    """

    space: Space
    week: Week
    _kept_only: bool

    def _visit(self, item, index, ok, rng, noise, roles) -> Insertion | None:
        week, space = self.week, self.space
        guides = roles.get("guide")
        if guides is None or not guides.persons:
            return None
        need = space.needs[item.owner]
        spoken = set(space.participants[need.participant].languages)
        G = self.role_costs(item, index, guides)
        if need.preferred_staff is not None:
            G += np.array([0.0 if g == need.preferred_staff else week.w.continuity
                           for g in guides.persons])[:, None]  # fmt: skip
        G[:, ~ok] = INF
        D = G.copy()  # with the cheapest interpreter where the guide needs one (H10)
        interpreters = roles.get("interpreter")
        bridged = None
        bridges: dict[int, list[int]] = {}
        for row, guide in enumerate(guides.persons):
            languages = set(space.staff[guide].languages)
            if spoken & languages:
                continue
            usable = interpreters.bridges.get(guide) if interpreters else []
            if usable is None:
                usable = interpreters.bridges[guide] = [
                    r
                    for r, i in enumerate(interpreters.persons if interpreters else ())
                    if languages & set(space.interpreters[i].languages)
                ]
            bridges[row] = usable
            if not usable:
                D[row] = INF
                continue
            if bridged is None:
                bridged = self.role_costs(item, index, interpreters)
            D[row] += bridged[usable].min(axis=0)
        total = D.min(axis=0)
        if noise and rng is not None:
            total = total + rng.random(len(total)) * noise
        k = int(np.argmin(total))
        if total[k] == INF:
            return None
        row = int(np.argmin(D[:, k]))
        people = {"guide": [guides.persons[row]]}
        cost = float(D[row, k])
        if row in bridges:
            usable = bridges[row]
            pick = usable[int(np.argmin(bridged[usable, k]))]
            people["interpreter"] = [interpreters.persons[pick]]
        kept = self._kept_visit(item, index, ok, G, bridges, guides, interpreters)
        if self._kept_only:
            return None if kept is None else Insertion(kept.cost - week.w.unplaced, kept.choice)
        if kept is not None and kept.cost < cost:
            return Insertion(kept.cost - week.w.unplaced, kept.choice)
        return Insertion(cost - week.w.unplaced, Choice(k, people))

    def _kept_visit(self, item, index, ok, G, bridges, guides, interpreters) -> Insertion | None:
        """The item's previous time, place and people, if they still fit: it saves stability."""
        week = self.week
        key = week.previous_key[item.id]
        before = item.previous
        if key is None or before.staff not in guides.persons:
            return None
        row = guides.persons.index(before.staff)
        if (row in bridges) != (before.interpreter is not None):
            return None  # an interpreter exactly where the guide needs one
        costs = None
        if before.interpreter is not None:
            if interpreters is None or before.interpreter not in interpreters.persons:
                return None
            r = interpreters.persons.index(before.interpreter)
            if r not in bridges[row]:
                return None
            costs = self.role_costs(item, index, interpreters)[r]
        for k in matching(item, key[0]):
            cost = G[row, k] + (0.0 if costs is None else costs[k])
            if ok[k] and cost < INF:
                people = {"guide": [before.staff]}
                if before.interpreter is not None:
                    people["interpreter"] = [before.interpreter]
                if week.kept(item, k, set(flat(people))):
                    return Insertion(float(cost) - week.w.stability, Choice(k, people))
        return None
