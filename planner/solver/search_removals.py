"""The removals of ruin and recreate: which related items a step takes out of the week.

A string of one person's day, an area's day, items close in time and place (Shaw's
related removal), a group's or need's items of a week, one person's items, or a few at
random; each starts from a placed item that is not locked, chosen at random.
"""

from __future__ import annotations

import random

from planner.solver.space import Item
from planner.solver.week import Week

# Related items are looked for among at least this many on the seed's day, nearest first.
NEAREST_POOL = 60


class Removals:
    """The removal operators of `planner.solver.search.Search`, which they are mixed into.

    They read the search's week, random numbers, items by id, alike items by owner and
    week, and each area's areas nearest first.
    """

    week: Week
    rng: random.Random
    by_id: dict[str, Item]
    alike: dict[tuple[str, str], list[Item]]
    near_areas: dict[str, list[str]]

    def _person_day(self, seed: Item, day) -> list[Item]:
        people = self._people(seed)
        person = self.rng.choice(people) if people else None
        if person is None:
            return [seed]
        ids = [e.item for e in self.week.days.get((person, day), ())]
        return [self.by_id[i] for i in ids if self.by_id[i].locked is None]

    def _seed(self) -> Item | None:
        """A placed item that is not locked, at random."""
        ids = self.week.placed_ids
        for _ in range(20):
            if not ids:
                return None
            item = self.by_id[ids[self.rng.randrange(len(ids))]]
            if item.locked is None:
                return item
        return None

    def _random(self, size: int) -> list[Item]:
        found: dict[str, Item] = {}
        for _ in range(3 * size):
            item = self._seed()
            if item is not None:
                found[item.id] = item
            if len(found) >= size:
                break
        return list(found.values())

    def _people(self, item: Item) -> list[str]:
        choice = self.week.chosen[item.id]
        return [p for persons in choice.people.values() for p in persons]

    def _strings(self, size: int) -> list[Item]:
        """Strings of consecutive items from the days of people around a seed item."""
        seed = self._seed()
        if seed is None:
            return []
        week = self.week
        removed: dict[str, Item] = {seed.id: seed}
        queue = [seed]
        while len(removed) < size:
            if not queue:
                near = self._nearest(seed, set(removed), 1)
                if not near:
                    break
                removed[near[0].id] = near[0]
                queue.append(near[0])
            item = queue.pop(0)
            day = item.options[week.chosen[item.id].option].day
            people = self._people(item)
            self.rng.shuffle(people)
            for person in people[:2]:
                ids = [e.item for e in week.days.get((person, day), [])]
                if item.id not in ids or len(removed) >= size:
                    continue
                at = ids.index(item.id)
                length = self.rng.randint(1, max(1, min(len(ids), size - len(removed) + 1)))
                first = max(0, min(at - self.rng.randint(0, length - 1), len(ids) - length))
                for other in ids[first : first + length]:
                    candidate = self.by_id[other]
                    if candidate.locked is None and other not in removed:
                        removed[other] = candidate
                        queue.append(candidate)
        return list(removed.values())[:size]

    def _area_day(self, size: int) -> list[Item]:
        seed = self._seed()
        if seed is None:
            return []
        option = seed.options[self.week.chosen[seed.id].option]
        same = [self.by_id[i] for i in sorted(self.week.at[(option.area, option.day)])]
        same = [i for i in same if i.locked is None]
        self.rng.shuffle(same)
        return same[:size]

    def _relatedness(self, seed: Item, other: Item) -> float:
        week = self.week
        a = seed.options[week.chosen[seed.id].option]
        b = other.options[week.chosen[other.id].option]
        score = abs(a.t0 - b.t0) / 60 + week.minutes[a.area][b.area] / 15
        if a.day != b.day:
            score += 4
        if set(self._people(seed)) & set(self._people(other)):
            score -= 3
        return score

    def _nearest(self, seed: Item, exclude: set[str], count: int) -> list[Item]:
        """Items related to the seed: on its day, in its area and the nearest ones."""
        week = self.week
        option = seed.options[week.chosen[seed.id].option]
        pool: list[Item] = []
        for area in self.near_areas[option.area]:
            for item_id in sorted(week.at.get((area, option.day), ())):
                item = self.by_id[item_id]
                if item_id not in exclude and item_id != seed.id and item.locked is None:
                    pool.append(item)
            if len(pool) >= NEAREST_POOL:
                break
        pool.sort(key=lambda i: self._relatedness(seed, i))
        chosen = []
        while pool and len(chosen) < count:
            # Shaw's randomised pick: mostly the most related, now and then one further down
            pick = int(len(pool) * self.rng.random() ** 4)
            chosen.append(pool.pop(pick))
        return chosen

    def _related(self, size: int) -> list[Item]:
        seed = self._seed()
        if seed is None:
            return []
        return [seed, *self._nearest(seed, {seed.id}, size - 1)]

    def _owner(self, size: int) -> list[Item]:
        """A group's (or need's) items of one week, with items near them in time and place."""
        seed = self._seed()
        if seed is None:
            return []
        own = [
            i
            for i in self.alike[(seed.owner, seed.week)]
            if i.id in self.week.chosen and i.locked is None
        ]
        more = max(0, size - len(own))
        return own + (self._nearest(seed, {i.id for i in own}, more) if more else [])

    def _person(self, size: int) -> list[Item]:
        """The items of one person on one or more days."""
        seed = self._seed()
        if seed is None:
            return []
        week = self.week
        person = self.rng.choice(self._people(seed)) if self._people(seed) else None
        if person is None:
            return [seed]
        ids = []
        for day in sorted(week.busy_days.get(person, ())):
            ids += [e.item for e in week.days[(person, day)]]
        items = [self.by_id[i] for i in dict.fromkeys(ids) if self.by_id[i].locked is None]
        self.rng.shuffle(items)
        return items[: max(size, 2)]
