"""A set of option indices held as the bits of one integer.

A person may take an item at some of its options; at scale 100 there are about 740,000
such (item, person) pairs, and a Python set of ints for each cost gigabytes. One integer a
pair costs bytes, and the sets are built from whole runs of options at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class OptionSet:
    """Option indices as bits: `k in s`, `len(s)`, iteration in increasing order."""

    __slots__ = ("bits",)

    def __init__(self, bits: int = 0) -> None:
        self.bits = bits

    @classmethod
    def of(cls, indices: Iterable[int]) -> OptionSet:
        bits = 0
        for k in indices:
            bits |= 1 << k
        return cls(bits)

    @classmethod
    def span(cls, first: int, end: int) -> OptionSet:
        """The indices first..end-1."""
        return cls(((1 << (end - first)) - 1) << first if end > first else 0)

    def add_span(self, first: int, end: int) -> None:
        if end > first:
            self.bits |= ((1 << (end - first)) - 1) << first

    def __contains__(self, k: object) -> bool:
        return isinstance(k, int) and k >= 0 and (self.bits >> k) & 1 == 1

    def __len__(self) -> int:
        return self.bits.bit_count()

    def __bool__(self) -> bool:
        return self.bits != 0

    def __iter__(self) -> Iterator[int]:
        bits, k = self.bits, 0
        while bits:
            low = bits & -bits
            k = low.bit_length() - 1
            yield k
            bits ^= low

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OptionSet):
            return self.bits == other.bits
        if isinstance(other, (set, frozenset)):
            return set(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.bits)

    def __repr__(self) -> str:
        return f"OptionSet({sorted(self)})"
