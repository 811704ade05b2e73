"""How change notices put their words together, in Finnish (the default) and English.

A notice is plain text, read in a mail client or on a phone: one block per change, the
item first, then when and where (before and after, for a move), then its links. Dates read
the Finnish way in both languages (`ti 1.12.2026 klo 10.00`), on the organisation's clock.
No participant is named: a visit shows its area or venue and the participant's code.

The words are English texts translated by the catalogue of `planner.i18n`; the date
patterns stay here, beside the code that fills them, as `web/i18n.py` keeps its own.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from planner.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, Words, known

__all__ = ["DEFAULT_LANGUAGE", "KINDS", "LANGUAGES", "Wording"]

DATETIME = {"fi": "EEE d.M.yyyy 'klo' H.mm", "en": "EEE d.M.yyyy 'at' H.mm"}

# Each kind of change of `planner.planning.changes`, as the head of its block.
KINDS = {
    "new": N_("New"),
    "moved": N_("Moved"),
    "cancelled": N_("Cancelled"),
    "unassigned": N_("Now someone else's"),
}


class Wording(Words):
    """The notice words of one language (Finnish for any other), with dates on one clock."""

    def __init__(self, lang: str, zone: ZoneInfo) -> None:
        super().__init__(known(lang))
        self.zone = zone

    def kind(self, kind: str) -> str:
        """A change's kind in words: `Siirretty`."""
        return self(KINDS[kind])

    def span(self, start: dt.datetime, end: dt.datetime) -> str:
        """`ti 1.12.2026 klo 9.45–12.15`."""
        local_start, local_end = start.astimezone(self.zone), end.astimezone(self.zone)
        first = format_datetime(local_start, DATETIME[self.lang], locale=self.lang)
        return f"{first}–{local_end.hour}.{local_end.minute:02d}"

    def dates(self, monday: dt.date, sunday: dt.date) -> str:
        """`30.11.–6.12.2026`."""
        return f"{monday.day}.{monday.month}.–{sunday.day}.{sunday.month}.{sunday.year}"

    def week(self, week: str) -> str:
        """`2026-W49` as `49`: the year is in the dates beside it."""
        return str(int(week.rsplit("W", 1)[1]))
