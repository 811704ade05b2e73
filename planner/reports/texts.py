"""The words of a printed report, in Finnish (the default) and English.

Headings are English texts translated by the catalogue of `planner.i18n`. A figure is
known by its key (`Figures`' and `SteaSummary`'s fields), so `FIGURES` gives each key its
English label; the page, the PDF and the XLSX name a figure alike through `figure`.
"""

from __future__ import annotations

from planner.i18n import LANGUAGES, N_, Words, known

__all__ = ["FIGURES", "LANGUAGES", "ReportWords", "number", "percent", "words"]

FIGURES = {
    "participants_reached": N_("Participants reached"),
    "new_participants": N_("New participants"),
    "sessions_held": N_("Group sessions held"),
    "attendances": N_("Attendances"),
    "group_hours": N_("Group hours"),
    "visits_done": N_("Guidance meetings"),
    "guidance_hours": N_("Guidance hours"),
    "childcare_hours": N_("Childcare hours"),
    "participants": N_("Participants"),
    "group_meetings": N_("Group meetings"),
    "guidance_meetings": N_("Guidance meetings"),
    "meetings": N_("Meetings in all"),
    "meeting_participants": N_("Participants of the meetings"),
    "volunteer_hours": N_("Volunteers' (carers') hours"),
}


class ReportWords(Words):
    """A report's words in one language, its figures by key."""

    def figure(self, key: str) -> str:
        """The label of the figure `key`: `Tavoitetut osallistujat`."""
        return self(FIGURES[key])


def words(language: str) -> ReportWords:
    """The words of a language, Finnish for any other."""
    return ReportWords(known(language))


def number(value: float | int, language: str) -> str:
    """A number as the language writes it: `1,5` in Finnish, `1.5` in English."""
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
    else:
        text = str(value)
    return text.replace(".", ",") if language == "fi" else text


def percent(rate: float | None, language: str) -> str:
    """A rate as a percentage, `66,7 %`; the words for "no marks" when there is none."""
    if rate is None:
        say = words(language)
        return say("no marks")
    return f"{number(round(rate * 100, 1), language)} %"
