"""The words of change notices, in Finnish (the default) and English, and how they are put together.

A notice is plain text, read in a mail client or on a phone: one block per change, the
item first, then when and where (before and after, for a move), then its links. Dates read
the Finnish way in both languages (`ti 1.12.2026 klo 10.00`), on the organisation's clock.
No participant is named: a visit shows its area or venue and the participant's code.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

LANGUAGES = ("fi", "en")
DEFAULT_LANGUAGE = "fi"

TEXTS: dict[str, dict[str, str]] = {
    "fi": {
        "subject_first": "Kotoplan: suunnitelmasi viikolle {week}",
        "subject_changes": "Kotoplan: muutoksia viikollesi {week}",
        "greeting": "Hei {name},",
        "intro_first": "viikon {week} ({dates}) suunnitelma on julkaistu. Sinulle kuuluu:",
        "intro_changes": (
            "viikon {week} ({dates}) suunnitelmaan on tullut muutoksia, jotka koskevat sinua:"
        ),
        "intro_first_partner": (
            "viikon {week} ({dates}) suunnitelma on julkaistu. Hoitajienne vuorot:"
        ),
        "intro_changes_partner": (
            "viikon {week} ({dates}) suunnitelmassa hoitajienne vuorot ovat muuttuneet:"
        ),
        "new": "Uusi",
        "moved": "Siirretty",
        "cancelled": "Peruttu",
        "unassigned": "Siirtyi toiselle",
        "was": "oli: {when}",
        "now": "nyt: {when}",
        "group": "Ryhmä: {name}",
        "childcare": "Lastenhoito: {name}",
        "home_visit": "Kotikäynti: {area} ({code})",
        "guidance": "Ohjaus: {venue} ({code})",
        "carer": "Hoitaja: {name}",
        "details": "Tiedot: {url}",
        "confirm": "Tulen: {url}",
        "decline": "En pääse: {url}",
        "datetime": "EEE d.M.yyyy 'klo' H.mm",
        "footer": "Kotoplan lähetti tämän viestin automaattisesti. Kysy koordinaattorilta lisää.",
    },
    "en": {
        "subject_first": "Kotoplan: your plan for week {week}",
        "subject_changes": "Kotoplan: changes to your week {week}",
        "greeting": "Hello {name},",
        "intro_first": "the plan of week {week} ({dates}) is published. Yours is:",
        "intro_changes": "the plan of week {week} ({dates}) has changed for you:",
        "intro_first_partner": (
            "the plan of week {week} ({dates}) is published. Your carers' shifts are:"
        ),
        "intro_changes_partner": "the plan of week {week} ({dates}) changes your carers' shifts:",
        "new": "New",
        "moved": "Moved",
        "cancelled": "Cancelled",
        "unassigned": "Now someone else's",
        "was": "was: {when}",
        "now": "now: {when}",
        "group": "Group: {name}",
        "childcare": "Childcare: {name}",
        "home_visit": "Home visit: {area} ({code})",
        "guidance": "Guidance: {venue} ({code})",
        "carer": "Carer: {name}",
        "details": "Details: {url}",
        "confirm": "I'll be there: {url}",
        "decline": "I can't come: {url}",
        "datetime": "EEE d.M.yyyy 'at' H.mm",
        "footer": "Kotoplan sent this message automatically. Ask the coordinator for more.",
    },
}


class Wording:
    """The notice words of one language, with dates and times on one clock."""

    def __init__(self, lang: str, zone: ZoneInfo) -> None:
        self.lang = lang if lang in TEXTS else DEFAULT_LANGUAGE
        self.texts = TEXTS[self.lang]
        self.zone = zone

    def __call__(self, key: str, **values: object) -> str:
        """The text `key` with its placeholders filled in."""
        return self.texts[key].format(**values)

    def span(self, start: dt.datetime, end: dt.datetime) -> str:
        """`ti 1.12.2026 klo 9.45–12.15`."""
        local_start, local_end = start.astimezone(self.zone), end.astimezone(self.zone)
        first = format_datetime(local_start, self.texts["datetime"], locale=self.lang)
        return f"{first}–{local_end.hour}.{local_end.minute:02d}"

    def dates(self, monday: dt.date, sunday: dt.date) -> str:
        """`30.11.–6.12.2026`."""
        return f"{monday.day}.{monday.month}.–{sunday.day}.{sunday.month}.{sunday.year}"

    def week(self, week: str) -> str:
        """`2026-W49` as `49`: the year is in the dates beside it."""
        return str(int(week.rsplit("W", 1)[1]))
