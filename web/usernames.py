"""Usernames: one spelling per name, and no name that looks like another.

A username is stored and compared NFKC-normalised and case-folded, so `Kaisa`, `KAISA`
and the full-width `ｋａｉｓａ` are one name. Invisible and format characters (zero-width
space, joiners, direction marks) are refused outright. A new name is also refused when its
*skeleton* - every character replaced by the Latin letter it can be taken for, from
Unicode's confusables data (UTS #39) as `confusable_homoglyphs` ships it - equals the
skeleton of a name already taken: Cyrillic `сoord` beside `coord`, or `c00rd`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from confusable_homoglyphs import confusables

MAX_LENGTH = 120
# Categories that draw nothing or steer the text: Cc control, Cf format (zero-width space,
# joiners, bidi marks), Co private use, Cs surrogates, Cn unassigned, Zl/Zp separators.
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
# Look-alikes within ASCII itself, which the confusables data leaves to the prototypes.
_ASCII_FOLD = str.maketrans({"0": "o", "1": "l", "|": "l"})
_ASCII_PAIRS = (("rn", "m"), ("vv", "w"))


def N_(message: str) -> str:
    """Marks a message for translation where it is shown (the web front); English here."""
    return message


REQUIRED = N_("is required")
TOO_LONG = N_("must be at most 120 characters long")
INVISIBLE = N_("must not contain invisible or control characters")
SPACES = N_("must not contain spaces")


def normalise(username: str) -> str:
    """The stored and compared form of a username: NFKC, case-folded, trimmed."""
    return unicodedata.normalize("NFKC", username).casefold().strip()


def username_problem(username: str) -> str | None:
    """Why a username cannot be given to a new account (before any look-alike check), or None."""
    if any(unicodedata.category(char) in _INVISIBLE for char in username):
        return INVISIBLE
    name = normalise(username)
    if not name:
        return REQUIRED
    if len(name) > MAX_LENGTH:
        return TOO_LONG
    if any(char.isspace() for char in name):
        return SPACES
    return None


def skeleton(username: str) -> str:
    """The name with every look-alike character replaced by what it is taken for."""
    name = "".join(c for c in normalise(username) if unicodedata.category(c) not in _INVISIBLE)
    found = confusables.is_confusable(name, greedy=True, preferred_aliases=["latin"]) or []
    swaps = {}
    for entry in found:
        latin = [glyph["c"] for glyph in entry["homoglyphs"] if glyph["c"].isascii()]
        if latin:
            swaps[entry["character"]] = latin[0].lower()
    folded = "".join(swaps.get(char, char) for char in name).translate(_ASCII_FOLD)
    for pair, single in _ASCII_PAIRS:
        folded = folded.replace(pair, single)
    return folded


def look_alike(username: str, taken: Iterable[str]) -> str | None:
    """A taken name that the new one could be mistaken for, or None."""
    mine = skeleton(username)
    return next((other for other in taken if skeleton(other) == mine), None)
