"""Adding a session at its cheapest: the people of each role by options, per option.

Facilitators come with at least one who speaks the group's language (H8); carers as many
as the children need, one for infants where a baby comes (H9), each with the continuity
and fairness they cost and none past their week's shifts (H7); interpreters as many of
each language as the group lists it, on site only where the room still seats them (H4,
H10). The cheapest option wins, unless the session's previous time, venue and people
still fit and cost less (stability).
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from planner.solver.heuristic import Choice
from planner.solver.insertion_arrays import INF, cheapest_n, cheapest_with_one, pick
from planner.solver.insertion_index import Insertion, RoleIndex, flat, matching
from planner.solver.space import Item, Space
from planner.solver.week import Week


class SessionInsertion:
    """The session half of `planner.solver.insertion.Inserter`, which it is mixed into.

    It reads the inserter's space and week, its `role_costs` and whether only the
    session's previous form is wanted (`_kept_only`).
    """

    space: Space
    week: Week
    _kept_only: bool

    def _session(self, item, index, ok, rng, noise, roles) -> Insertion | None:
        week, space = self.week, self.space
        group = space.groups[item.owner]
        K = len(item.options)
        total = np.where(ok, 0.0, INF)
        parts: dict[str, tuple] = {}
        f = group.facilitators
        if f:
            role = roles.get("facilitator")
            if role is None or len(role.persons) < f:
                return None
            D = self.role_costs(item, index, role)
            speakers = np.array(
                [group.language in space.staff[p].languages for p in role.persons], dtype=bool
            )
            cost, order = cheapest_with_one(D, f, speakers, np.ones(K, dtype=bool))
            total += cost
            parts["facilitator"] = (role, D, order, speakers, f)
        needed = index.carers_needed
        if needed is not None and needed.max() > 0:
            role = roles.get("carer")
            if role is None or not role.persons:
                total[needed > 0] = INF
            else:
                D = self.role_costs(item, index, role) + self._carer_extras(item, group, role)
                qualified = np.array([space.carers[c].infants for c in role.persons], dtype=bool)
                cost, order = cheapest_n(D, needed, qualified, index.infants)
                total += cost
                parts["carer"] = (role, D, order, qualified)
        rows = {}
        # A language listed n times needs n interpreters of its own (H10).
        for language, count in Counter(group.interpreting).items():
            role = roles.get(f"interpreter:{language}")
            if role is None or len(role.persons) < count:
                return None
            D = self.role_costs(item, index, role)
            remote = np.array([space.interpreters[i].remote for i in role.persons], dtype=bool)
            D[np.ix_(~remote, index.seats < 1)] = INF  # H4: no seat left for one on site
            rows[language] = (role, D, remote, count)
            total += np.sort(D, axis=0)[:count].sum(axis=0)
        if noise and rng is not None:
            total = total + rng.random(K) * noise
        for _ in range(8):  # interpreters of several languages may clash; rare
            k = int(np.argmin(total))
            if total[k] == INF:
                return None
            people = self._session_people(k, parts, rows, index)
            if people is not None:
                break
            total[k] = INF
        else:
            return None
        cost = self._people_cost(k, people, parts, rows)
        kept = self._kept_session(item, index, ok, parts, rows)
        if self._kept_only:
            return None if kept is None else Insertion(kept.cost - week.w.unplaced, kept.choice)
        if kept is not None and kept.cost < cost:
            return Insertion(kept.cost - week.w.unplaced, kept.choice)
        return Insertion(cost - week.w.unplaced, Choice(k, people))

    def _carer_extras(self, item: Item, group, role: RoleIndex) -> np.ndarray:
        """Per carer: continuity (not a preferred carer) and about what fairness adds."""
        week = self.week
        w = week.w
        most = week.most_shifts()
        total = week.total_shifts + 1
        extras = np.zeros((len(role.persons), 1))
        for row, carer in enumerate(role.persons):
            if week.shifts[(carer, item.week)] >= week.max_shifts[carer]:
                extras[row] = INF  # H7: no shifts left this week
                continue
            extra = 0.0
            if group.preferred_carers is not None and carer not in group.preferred_carers:
                extra += w.continuity
            fair = int(week.carer_total[carer] + 1 > most)
            partner = week.partner_of[carer]
            if partner in week.shares:
                p, q = week.shares[partner]
                own = week.partner_total[partner]
                fair += _ceil_div(abs(q * (own + 1) - p * total), q) - _ceil_div(
                    abs(q * own - p * total), q
                )
            extras[row] = extra + w.fairness * fair
        return extras

    def _session_people(self, k, parts, rows, index) -> dict[str, list[str]] | None:
        """The cheapest people of each role at option k, as the costs were worked out."""
        people: dict[str, list[str]] = {}
        if "facilitator" in parts:
            role, D, order, speakers, f = parts["facilitator"]
            people["facilitator"] = pick(role.persons, D, order, speakers, k, f, True)
        if "carer" in parts:
            role, D, order, qualified = parts["carer"]
            n = int(index.carers_needed[k])
            if n:
                people["carer"] = pick(
                    role.persons, D, order, qualified, k, n, bool(index.infants[k])
                )
        if rows:
            taken: set[str] = set()
            seats = int(index.seats[k]) if index.seats is not None else 0
            for language, (role, D, remote, count) in rows.items():
                picked = []
                for r in np.argsort(D[:, k], kind="stable"):
                    if len(picked) == count or D[r, k] == INF:
                        break
                    person = role.persons[r]
                    if person in taken or (not remote[r] and seats < 1):
                        continue
                    picked.append(person)
                    taken.add(person)
                    seats -= not remote[r]
                if len(picked) < count:
                    return None
                people[f"interpreter:{language}"] = picked
        if any(persons is None for persons in people.values()):
            return None
        return people

    def _people_cost(self, k, people, parts, rows) -> float:
        cost = 0.0
        for role_name, (role, D, *_rest) in parts.items():
            for person in people.get(role_name, ()):
                cost += D[role.persons.index(person), k]
        for language, (role, D, *_rest) in rows.items():
            for person in people.get(f"interpreter:{language}", ()):
                cost += D[role.persons.index(person), k]
        return float(cost)

    def _kept_session(self, item, index, ok, parts, rows) -> Insertion | None:
        """The session's previous time, venue and people, if they still fit."""
        week = self.week
        key = week.previous_key[item.id]
        if key is None:
            return None
        before = item.previous
        people: dict[str, list[str]] = {}
        if before.facilitators:
            people["facilitator"] = list(before.facilitators)
        if before.carers:
            people["carer"] = list(before.carers)
        languages = [lang for lang, row in rows.items() for _ in range(row[3])]
        for interpreter in before.interpreters:
            speaks = set(self.space.interpreters[interpreter].languages)
            language = next((lang for lang in languages if lang in speaks), None)
            if language is None:
                return None
            languages.remove(language)
            people.setdefault(f"interpreter:{language}", []).append(interpreter)
        for k in matching(item, key[0]):
            if not ok[k]:
                continue
            if set(people) != set(_roles_needed(parts, rows, index, k)):
                continue
            if not self._valid_session_people(item, index, k, people, parts, rows):
                continue
            cost = 0.0
            feasible = True
            for role_name, persons in people.items():
                part = parts.get(role_name) or rows.get(role_name.split(":", 1)[-1])
                role, D = part[0], part[1]
                for person in persons:
                    if person not in role.persons or D[role.persons.index(person), k] == INF:
                        feasible = False
                        break
                    cost += D[role.persons.index(person), k]
            if feasible and week.kept(item, k, set(flat(people))):
                return Insertion(cost - week.w.stability, Choice(k, people))
        return None

    def _valid_session_people(self, item, index, k, people, parts, rows) -> bool:
        space = self.space
        group = space.groups[item.owner]
        facilitators = people.get("facilitator", [])
        if len(set(facilitators)) != group.facilitators:
            return False
        if group.facilitators and not any(
            group.language in space.staff[p].languages for p in facilitators
        ):
            return False
        carers = people.get("carer", [])
        n = int(index.carers_needed[k]) if index.carers_needed is not None else 0
        if len(set(carers)) != n:
            return False
        if n and index.infants[k] and not any(space.carers[c].infants for c in carers):
            return False
        interpreters = [p for r, ps in people.items() if r.startswith("interpreter:") for p in ps]
        if len(set(interpreters)) != len(interpreters):
            return False
        on_site = sum(1 for i in interpreters if not space.interpreters[i].remote)
        return not on_site or on_site <= int(index.seats[k])


def _roles_needed(parts, rows, index, k) -> list[str]:
    needed = []
    if "facilitator" in parts:
        needed.append("facilitator")
    if index.carers_needed is not None and index.carers_needed[k] > 0:
        needed.append("carer")
    needed += [f"interpreter:{language}" for language in rows]
    return needed


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)
