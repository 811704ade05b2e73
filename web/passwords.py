"""What makes a new password good enough.

At least 10 characters, not only spaces, not one character over and over, not the
username nor anything containing it, and not guessable by zxcvbn (Dropbox's strength
estimator, which knows the most common passwords, keyboard walks, dates, repeats and
l33t spellings) - fed also the account's own words and a few Finnish ones that it does not
know (`salasana` is Finnish for "password").
"""

from __future__ import annotations

from zxcvbn import zxcvbn

MIN_LENGTH = 10
# zxcvbn's score 3 is "safely unguessable": about 10^8 guesses or more.
MIN_SCORE = 3
# Only the first characters are estimated: zxcvbn's time grows with the length, and a
# password this long that is still weak in its first 64 characters is weak.
ESTIMATED = 64
FINNISH_WORDS = (
    "salasana",
    "kotoplan",
    "koordinaattori",
    "kayttaja",
    "käyttäjä",
    "tunnus",
    "kirjaudu",
    "suomi",
    "helsinki",
    "kevät",
    "kesä",
    "syksy",
    "talvi",
    "perhe",
    "lapsi",
    "kerho",
    "seurakunta",
    "qwerty",
    "asdfghjklö",
)


def N_(message: str) -> str:
    """Marks a message for translation where it is shown (the web front); English here."""
    return message


TOO_SHORT = N_("must be at least 10 characters long")
ONLY_SPACES = N_("must not be only spaces")
ONE_CHARACTER = N_("must not be one character repeated")
HAS_USERNAME = N_("must not contain the username")
TOO_EASY = N_("is too easy to guess: avoid common passwords, words with numbers and patterns")


def password_problem(password: str, username: str = "", *words: str) -> str | None:
    """Why a new password is not good enough for this user, or None."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if not password.strip():
        return ONLY_SPACES
    if len(set(password)) == 1:
        return ONE_CHARACTER
    name = username.strip().casefold()
    # A name of one or two letters is inside too many good passwords to count.
    if name and (password.casefold() == name or (len(name) >= 3 and name in password.casefold())):
        return HAS_USERNAME
    own = [part for word in (name, *words) for part in word.casefold().split()]
    hints = own + list(FINNISH_WORDS)
    if zxcvbn(password[:ESTIMATED], user_inputs=hints)["score"] < MIN_SCORE:
        return TOO_EASY
    return None
