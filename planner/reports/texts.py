"""The words of a printed report, in Finnish (the default) and English."""

from __future__ import annotations

LANGUAGES = ("fi", "en")

TEXTS: dict[str, dict[str, str]] = {
    "fi": {
        "title": "Toimintaraportti",
        "period": "Ajanjakso {period}",
        "figures": "Luvut",
        "total": "Yhteensä",
        "area": "Kunta",
        "participants_reached": "Tavoitetut osallistujat",
        "new_participants": "Uudet osallistujat",
        "sessions_held": "Pidetyt ryhmätapaamiset",
        "attendances": "Osallistumiskerrat",
        "group_hours": "Ryhmätunnit",
        "visits_done": "Ohjaustapaamiset",
        "guidance_hours": "Ohjaustunnit",
        "childcare_hours": "Lastenhoitotunnit",
        "childcare_by_partner": "Lastenhoitotunnit kumppaneittain",
        "partner": "Kumppani",
        "hours": "Tunnit",
        "attendance_rate": "Läsnäoloaste ryhmittäin",
        "group": "Ryhmä",
        "rate": "Läsnä",
        "no_marks": "ei merkintöjä",
        "esf": "ESR-indikaattorit: jaksolla aloittaneet osallistujat",
        "starters": "Aloittaneita",
        "field": "Kysymys",
        "answer": "Vastaus",
        "count": "Lukumäärä",
        "indicators": "Yhteiset tuotosindikaattorit (asetus (EU) N:o 1304/2013, liite I)",
        "indicator": "Indikaattori",
        "stea": "STEA-yhteenveto",
        "item": "Kohta",
        "value": "Määrä",
        "participants": "Osallistujat",
        "group_meetings": "Ryhmätapaamiset",
        "guidance_meetings": "Ohjaustapaamiset",
        "meetings": "Tapaamiset yhteensä",
        "meeting_participants": "Tapaamisten osallistujat",
        "volunteer_hours": "Vapaaehtoisten (lastenhoitajien) tunnit",
        "none": "Ei kirjauksia tällä jaksolla.",
        "made": "Tehty Kotoplanilla {date}",
    },
    "en": {
        "title": "Activity report",
        "period": "Period {period}",
        "figures": "Figures",
        "total": "Total",
        "area": "Municipality",
        "participants_reached": "Participants reached",
        "new_participants": "New participants",
        "sessions_held": "Group sessions held",
        "attendances": "Attendances",
        "group_hours": "Group hours",
        "visits_done": "Guidance meetings",
        "guidance_hours": "Guidance hours",
        "childcare_hours": "Childcare hours",
        "childcare_by_partner": "Childcare hours by partner",
        "partner": "Partner",
        "hours": "Hours",
        "attendance_rate": "Attendance rate by group",
        "group": "Group",
        "rate": "Present",
        "no_marks": "no marks",
        "esf": "ESF indicators: participants who started in the period",
        "starters": "Starters",
        "field": "Question",
        "answer": "Answer",
        "count": "Count",
        "indicators": "Common output indicators (Regulation (EU) No 1304/2013, Annex I)",
        "indicator": "Indicator",
        "stea": "STEA summary",
        "item": "Item",
        "value": "Value",
        "participants": "Participants",
        "group_meetings": "Group meetings",
        "guidance_meetings": "Guidance meetings",
        "meetings": "Meetings in all",
        "meeting_participants": "Participants of the meetings",
        "volunteer_hours": "Volunteers' (carers') hours",
        "none": "Nothing recorded in this period.",
        "made": "Made with Kotoplan on {date}",
    },
}


def words(language: str) -> dict[str, str]:
    """The texts of a language, Finnish for any other."""
    return TEXTS.get(language, TEXTS["fi"])


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
        return words(language)["no_marks"]
    return f"{number(round(rate * 100, 1), language)} %"
