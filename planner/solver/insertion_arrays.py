"""Column-wise choices on a people-by-options cost matrix, for the cheapest insertion.

A cell is what one person would add at one option, `INF` where they cannot take it. Each
function here answers, for every option (column) at once, which people (rows) are
cheapest: n distinct rows, one of them of a `special` kind (a facilitator who speaks the
group's language, a carer for infants) where the option needs one.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right

import numpy as np

INF = math.inf


def bit_mask(bits: int, n: int) -> np.ndarray:
    """The first n bits of an integer as booleans, lowest first."""
    raw = np.frombuffer(bits.to_bytes((n + 7) // 8 or 1, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[:n].astype(bool)


def strike(target: np.ndarray, blocks, t0: int, t1: int, duration: int, add: bool = False):
    """Mark the options of the blocks that would overlap [t0, t1)."""
    for _, first, starts in blocks:
        a = bisect_right(starts, t0 - duration)
        b = bisect_left(starts, t1)
        if a < b:
            if add:
                target[first + a : first + b] += 1
            else:
                target[first + a : first + b] = False


def cheapest_with_one(D: np.ndarray, n: int, special: np.ndarray, need: np.ndarray):
    """Per column, the least sum of n distinct rows with at least one `special` row.

    Where `need` is false the special row is not required. Returns (costs, row order).
    """
    order = np.argsort(D, axis=0, kind="stable")
    ranked = np.take_along_axis(D, order, axis=0)
    cost = ranked[:n].sum(axis=0)
    if n and not special.all():
        has = special[order[:n]].any(axis=0)
        lacking = need & ~has
        if lacking.any():
            best_special = np.where(special[:, None], D, INF).min(axis=0)
            alt = ranked[: n - 1].sum(axis=0) + best_special
            cost = np.where(lacking, alt, cost)
    return cost, order


def cheapest_n(D: np.ndarray, needed: np.ndarray, special: np.ndarray, need_special):
    """Per column k, the least sum of needed[k] rows, one `special` where need_special[k]."""
    P, K = D.shape
    order = np.argsort(D, axis=0, kind="stable")
    ranked = np.take_along_axis(D, order, axis=0)
    sums = np.vstack([np.zeros((1, K)), np.cumsum(ranked, axis=0)])  # sums[j] = best j rows
    n = np.minimum(needed, P)
    cost = sums[n, np.arange(K)]
    cost = np.where(needed > P, INF, cost)
    if need_special is not None and need_special.any() and not special.all():
        top = np.zeros(K, dtype=bool)
        for j in range(int(n.max())):
            top |= special[order[j]] & (j < n)
        lacking = need_special & (needed > 0) & ~top
        if lacking.any():
            best_special = np.where(special[:, None], D, INF).min(axis=0)
            alt = sums[np.maximum(n - 1, 0), np.arange(K)] + best_special
            cost = np.where(lacking, alt, cost)
    return cost, order


def pick(persons: list[str], D: np.ndarray, order: np.ndarray, special: np.ndarray, k: int,
         n: int, need_special: bool) -> list[str] | None:  # fmt: skip
    """The n cheapest rows of column k, the last swapped for a `special` one where needed.

    n is at least 1: a role that takes nobody is not picked for.
    """
    rows = [int(r) for r in order[:n, k] if D[r, k] < INF]
    if len(rows) < n:
        return None
    if need_special and not any(special[r] for r in rows):
        extra = next((int(r) for r in order[:, k] if special[r] and D[r, k] < INF), None)
        if extra is None:
            return None
        rows[-1] = extra
    return [persons[r] for r in rows]
