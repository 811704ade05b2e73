"""The words of the ESF entry data, in Finnish (the default) and English: its questions,
every allowed answer, "not answered" and the Annex I indicators counted from the answers.

This is the one table of them. The record pages (`web/records`) show them in the
request's language; the report (`planner/reports`: the page, PDF and XLSX, the last two
made without Flask) in the language asked for. A yes / no question's indicator (counting
the yes answers) is named by its question; every other indicator has its own words.
"""

from __future__ import annotations

from typing import Any

from planner.records.entry import CHOICE_FIELDS, YES_NO_FIELDS

LANGUAGES = ("fi", "en")

WORDS: dict[str, dict[str, str]] = {
    "fi": {
        "question.labour_status": "Työmarkkina-asema",
        "question.age_band": "Ikä",
        "question.education": "Korkein koulutus",
        "question.jobless_household": "Asuu työttömässä kotitaloudessa",
        "question.jobless_household_with_children": (
            "Asuu työttömässä kotitaloudessa, jossa on huollettavia lapsia"
        ),
        "question.single_adult_with_children": (
            "Asuu yhden aikuisen kotitaloudessa, jossa on huollettavia lapsia"
        ),
        "question.migrant": "Maahanmuuttaja",
        "question.foreign_background": "Ulkomaalaistaustainen osallistuja",
        "question.minority": "Vähemmistö (myös syrjäytyneet yhteisöt kuten romanit)",
        "question.disability": "Osallistuja, jolla on vamma",
        "question.homeless": "Asunnoton tai asuntomarkkinoilta syrjäytynyt",
        "question.rural": "Asuu maaseudulla",
        "answer.employed": "Työllinen (myös itsensä työllistävä)",
        "answer.unemployed": "Työtön",
        "answer.long_term_unemployed": "Pitkäaikaistyötön",
        "answer.inactive": "Työvoiman ulkopuolella",
        "answer.inactive_not_in_education": "Työvoiman ulkopuolella, ei koulutuksessa",
        "answer.below_25": "Alle 25-vuotias",
        "answer.25_54": "25–54-vuotias",
        "answer.above_54": "Yli 54-vuotias",
        "answer.isced_0_2": "Perusaste tai alempi (ISCED 0–2)",
        "answer.isced_3_4": "Toinen aste tai sen jälkeinen, ei korkea-aste (ISCED 3–4)",
        "answer.isced_5_8": "Korkea-aste (ISCED 5–8)",
        "answer.yes": "Kyllä",
        "answer.no": "Ei",
        "not_answered": "Ei vastattu",
        "indicator.employed": "Työlliset, myös itsensä työllistävät",
        "indicator.unemployed": "Työttömät, myös pitkäaikaistyöttömät",
        "indicator.long_term_unemployed": "Pitkäaikaistyöttömät",
        "indicator.inactive": "Työvoiman ulkopuolella olevat",
        "indicator.inactive_not_in_education": (
            "Työvoiman ulkopuolella olevat, jotka eivät ole koulutuksessa"
        ),
        "indicator.age_below_25": "Alle 25-vuotiaat",
        "indicator.age_25_54": "25–54-vuotiaat",
        "indicator.age_above_54": "Yli 54-vuotiaat",
        "indicator.isced_0_2": "Perusasteen tai alemman koulutuksen saaneet (ISCED 0–2)",
        "indicator.isced_3_4": "Toisen asteen tai sen jälkeisen koulutuksen saaneet (ISCED 3–4)",
        "indicator.isced_5_8": "Korkea-asteen koulutuksen saaneet (ISCED 5–8)",
    },
    "en": {
        "question.labour_status": "Labour market status",
        "question.age_band": "Age",
        "question.education": "Highest education",
        "question.jobless_household": "Lives in a jobless household",
        "question.jobless_household_with_children": (
            "Lives in a jobless household with dependent children"
        ),
        "question.single_adult_with_children": (
            "Lives in a single-adult household with dependent children"
        ),
        "question.migrant": "Migrant",
        "question.foreign_background": "Participant with a foreign background",
        "question.minority": "Minority (including marginalised communities such as the Roma)",
        "question.disability": "Participant with a disability",
        "question.homeless": "Homeless or affected by housing exclusion",
        "question.rural": "Lives in a rural area",
        "answer.employed": "Employed, including self-employed",
        "answer.unemployed": "Unemployed",
        "answer.long_term_unemployed": "Long-term unemployed",
        "answer.inactive": "Inactive",
        "answer.inactive_not_in_education": "Inactive, not in education or training",
        "answer.below_25": "Below 25 years",
        "answer.25_54": "25–54 years",
        "answer.above_54": "Above 54 years",
        "answer.isced_0_2": "Primary or lower secondary education (ISCED 0–2)",
        "answer.isced_3_4": "Upper secondary or post-secondary education (ISCED 3–4)",
        "answer.isced_5_8": "Tertiary education (ISCED 5–8)",
        "answer.yes": "Yes",
        "answer.no": "No",
        "not_answered": "Not answered",
        "indicator.employed": "Employed, including self-employed",
        "indicator.unemployed": "Unemployed, including long-term unemployed",
        "indicator.long_term_unemployed": "Long-term unemployed",
        "indicator.inactive": "Inactive",
        "indicator.inactive_not_in_education": "Inactive, not in education or training",
        "indicator.age_below_25": "Below 25 years of age",
        "indicator.age_25_54": "25–54 years of age",
        "indicator.age_above_54": "Above 54 years of age",
        "indicator.isced_0_2": "With primary or lower secondary education (ISCED 0–2)",
        "indicator.isced_3_4": "With upper secondary or post-secondary education (ISCED 3–4)",
        "indicator.isced_5_8": "With tertiary education (ISCED 5–8)",
    },
}


def _words(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["fi"])


def answers_of(field: str) -> tuple[Any, ...]:
    """The answers a field allows, in the form's order: its choices, or yes and no."""
    if field in CHOICE_FIELDS:
        return CHOICE_FIELDS[field]
    if field in YES_NO_FIELDS:
        return (True, False)
    raise KeyError(f"{field} is not a question of the entry form")


def question(field: str, language: str) -> str:
    """A field's question: `Ikä` / `Age`."""
    return _words(language)[f"question.{field}"]


def answer(value: Any, language: str) -> str:
    """A stored answer in words; "not answered" for None. A value the form does not know
    (validation refuses them) is shown as it is stored."""
    words = _words(language)
    if value is None:
        return words["not_answered"]
    if isinstance(value, bool):
        return words["answer.yes" if value else "answer.no"]
    return words.get(f"answer.{value}", str(value))


def not_answered(language: str) -> str:
    return _words(language)["not_answered"]


def indicator(name: str, language: str) -> str:
    """An Annex I indicator of `INDICATORS` in words."""
    if name in YES_NO_FIELDS:
        return question(name, language)
    return _words(language)[f"indicator.{name}"]
