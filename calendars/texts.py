"""How feeds put their words together, in Finnish (the default) and English.

The words themselves are English texts translated by the catalogue of `planner.i18n`, so
a feed's events read exactly as the notices and the report do. What stays here is what
is not a text: the calendar's name, the clock's form and which name each language code
has (its English name is the text; the catalogue has it in Finnish, context "language").
"""

from __future__ import annotations

import datetime as dt

from planner.i18n import C_, DEFAULT_LANGUAGE, LANGUAGES, Words

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Wording"]

CALENDAR = "Kotoplan"
CLOCK = {"fi": "%H.%M", "en": "%H:%M"}

# ISO 639-1 codes of the languages the project's families usually speak; others show as codes.
LANGUAGE_NAMES: dict[str, str] = {
    "am": C_("language", "Amharic"), "ar": C_("language", "Arabic"),
    "de": C_("language", "German"), "en": C_("language", "English"),
    "es": C_("language", "Spanish"), "et": C_("language", "Estonian"),
    "fa": C_("language", "Persian"), "fi": C_("language", "Finnish"),
    "fr": C_("language", "French"), "ku": C_("language", "Kurdish"),
    "ps": C_("language", "Pashto"), "ru": C_("language", "Russian"),
    "se": C_("language", "Sami"), "so": C_("language", "Somali"),
    "sq": C_("language", "Albanian"), "sv": C_("language", "Swedish"),
    "th": C_("language", "Thai"), "ti": C_("language", "Tigrinya"),
    "tr": C_("language", "Turkish"), "uk": C_("language", "Ukrainian"),
    "ur": C_("language", "Urdu"), "vi": C_("language", "Vietnamese"),
    "zh": C_("language", "Chinese"),
}  # fmt: skip


class Wording(Words):
    """The feed words of one language, with the few ways feeds put them together."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        if lang not in LANGUAGES:
            raise ValueError(f'no feed texts in "{lang}"; there are {", ".join(LANGUAGES)}')
        super().__init__(lang)

    def listing(self, message: str, names: list[str]) -> str:
        """`Ohjaajat: Hanna, Amal` from `Facilitators: {names}`."""
        return self(message, names=", ".join(names))

    def languages(self, codes: list[str]) -> str:
        """Language names in this language, in alphabetical order (unknown codes as such)."""
        named = {
            self.within("language", LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else code
            for code in codes
        }
        return ", ".join(sorted(named))

    def clock(self, start: dt.datetime, end: dt.datetime) -> tuple[str, str]:
        """Start and end on the wall clock of their own time zone: `10.00`, `12.00`."""
        form = CLOCK[self.lang]
        return start.strftime(form), end.strftime(form)

    def person(self, summary: str, name: str) -> str:
        """An event's summary with the one person it is about: `Lastenhoito: X – Aino`."""
        return f"{summary} – {name}"
