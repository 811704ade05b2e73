"""The column-wise picks of the cheapest insertion, against brute force on small matrices.

For every option (column) the cheapest n distinct people (rows), one of them `special`
where the option needs one, must cost exactly what trying every set of n rows gives;
`pick` must name people whose costs add up to it.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from planner.solver.insertion_arrays import (
    INF,
    bit_mask,
    cheapest_n,
    cheapest_with_one,
    pick,
    strike,
)


def brute(column: np.ndarray, n: int, special: np.ndarray, need: bool) -> float:
    """The least sum of n rows of one column, one of them special if `need`."""
    best = INF
    for rows in combinations(range(len(column)), n):
        if need and n and not any(special[r] for r in rows):
            continue
        best = min(best, float(sum(column[r] for r in rows)))
    return best


def matrix(rng: np.random.Generator, people: int, options: int) -> np.ndarray:
    """Costs of a few values (ties are common in weeks), a quarter of the cells impossible."""
    costs = rng.integers(0, 5, size=(people, options)).astype(float)
    costs[rng.random((people, options)) < 0.25] = INF
    return costs


@pytest.mark.parametrize("seed", range(40), ids=lambda s: f"seed-{s}")
def test_cheapest_with_one_is_the_least_sum_with_a_special_row(seed: int) -> None:
    rng = np.random.default_rng(seed)
    people, options = int(rng.integers(1, 6)), int(rng.integers(1, 7))
    D = matrix(rng, people, options)
    n = int(rng.integers(0, people + 1))
    special = rng.random(people) < 0.4
    need = rng.random(options) < 0.7
    cost, order = cheapest_with_one(D, n, special, need)
    for k in range(options):
        assert cost[k] == brute(D[:, k], n, special, bool(need[k])), k
        if not n:
            continue  # the inserter picks only roles that take someone
        persons = [f"p{r}" for r in range(people)]
        picked = pick(persons, D, order, special, k, n, bool(need[k]))
        if cost[k] == INF:
            assert picked is None or sum(D[int(p[1:]), k] for p in picked) == INF
            continue
        assert picked is not None and len(set(picked)) == n
        assert sum(D[int(p[1:]), k] for p in picked) == cost[k]
        assert not (need[k] and n) or any(special[int(p[1:])] for p in picked)


@pytest.mark.parametrize("seed", range(40), ids=lambda s: f"seed-{s}")
def test_cheapest_n_is_the_least_sum_of_as_many_rows_as_each_option_needs(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    people, options = int(rng.integers(1, 6)), int(rng.integers(1, 7))
    D = matrix(rng, people, options)
    needed = rng.integers(0, people + 2, size=options)  # sometimes more than there are
    special = rng.random(people) < 0.4
    need_special = rng.random(options) < 0.5
    cost, _ = cheapest_n(D, needed, special, need_special)
    for k in range(options):
        n = int(needed[k])
        want = INF if n > people else brute(D[:, k], n, special, bool(need_special[k]))
        assert cost[k] == want, k


def test_pick_swaps_the_last_for_a_special_one_where_needed() -> None:
    D = np.array([[1.0], [2.0], [9.0]])
    order = np.argsort(D, axis=0, kind="stable")
    special = np.array([False, False, True])
    persons = ["cheap", "next", "speaks"]
    assert pick(persons, D, order, special, 0, 2, True) == ["cheap", "speaks"]
    assert pick(persons, D, order, special, 0, 2, False) == ["cheap", "next"]


def test_pick_finds_nobody_when_too_few_can_take_the_option() -> None:
    D = np.array([[1.0], [INF]])
    order = np.argsort(D, axis=0, kind="stable")
    assert pick(["a", "b"], D, order, np.array([True, True]), 0, 2, False) is None


def test_bit_mask_reads_the_lowest_bit_first() -> None:
    assert bit_mask(0b1011, 6).tolist() == [True, True, False, True, False, False]
    assert bit_mask(0, 3).tolist() == [False, False, False]
    assert bit_mask(1 << 9, 10).tolist() == [False] * 9 + [True]


def test_strike_rules_out_exactly_the_starts_that_would_overlap() -> None:
    # one block of options starting every 30 minutes from 0, each 60 minutes long
    starts = list(range(0, 300, 30))
    blocks = [(0, 0, starts)]
    ok = np.ones(len(starts), dtype=bool)
    strike(ok, blocks, 100, 160, 60)  # something else from 100 to 160
    overlapping = [s for s in starts if s < 160 and s + 60 > 100]
    assert [s for s, free in zip(starts, ok, strict=True) if not free] == overlapping
    count = np.zeros(len(starts), dtype=np.int64)
    strike(count, blocks, 100, 160, 60, add=True)
    strike(count, blocks, 120, 180, 60, add=True)
    assert count.tolist() == [
        sum(s < t1 and s + 60 > t0 for t0, t1 in ((100, 160), (120, 180))) for s in starts
    ]
