"""The words of the ESF entry data, in Finnish (the default) and English: its questions,
every allowed answer, "not answered" and the Annex I indicators counted from the answers.

This is the one table of them. The record pages (`web/records`) show them in the
request's language; the report (`planner/reports`: the page, PDF and XLSX, the last two
made without Flask) in the language asked for. A yes / no question's indicator (counting
the yes answers) is named by its question; every other indicator has its own words.
The tables hold the English words; the catalogue of `planner.i18n` has them in Finnish,
an answer in the context "answer" and an indicator in "indicator" (an answer "Inactive"
is `Työvoiman ulkopuolella`, the indicator "Inactive" counts those `ulkopuolella olevat`).
"""

from __future__ import annotations

from typing import Any

from planner.i18n import C_, LANGUAGES, N_, Words, known
from planner.records.entry import CHOICE_FIELDS, YES_NO_FIELDS

__all__ = ["LANGUAGES", "answer", "answers_of", "indicator", "not_answered", "question"]

QUESTIONS = {
    "labour_status": N_("Labour market status"),
    "age_band": N_("Age"),
    "education": N_("Highest education"),
    "jobless_household": N_("Lives in a jobless household"),
    "jobless_household_with_children": N_("Lives in a jobless household with dependent children"),
    "single_adult_with_children": N_("Lives in a single-adult household with dependent children"),
    "migrant": N_("Migrant"),
    "foreign_background": N_("Participant with a foreign background"),
    "minority": N_("Minority (including marginalised communities such as the Roma)"),
    "disability": N_("Participant with a disability"),
    "homeless": N_("Homeless or affected by housing exclusion"),
    "rural": N_("Lives in a rural area"),
}
ANSWERS = {
    "employed": C_("answer", "Employed, including self-employed"),
    "unemployed": C_("answer", "Unemployed"),
    "long_term_unemployed": C_("answer", "Long-term unemployed"),
    "inactive": C_("answer", "Inactive"),
    "inactive_not_in_education": C_("answer", "Inactive, not in education or training"),
    "below_25": C_("answer", "Below 25 years"),
    "25_54": C_("answer", "25–54 years"),
    "above_54": C_("answer", "Above 54 years"),
    "isced_0_2": C_("answer", "Primary or lower secondary education (ISCED 0–2)"),
    "isced_3_4": C_("answer", "Upper secondary or post-secondary education (ISCED 3–4)"),
    "isced_5_8": C_("answer", "Tertiary education (ISCED 5–8)"),
}
YES, NO = C_("answer", "Yes"), C_("answer", "No")
INDICATOR_NAMES = {
    "employed": C_("indicator", "Employed, including self-employed"),
    "unemployed": C_("indicator", "Unemployed, including long-term unemployed"),
    "long_term_unemployed": C_("indicator", "Long-term unemployed"),
    "inactive": C_("indicator", "Inactive"),
    "inactive_not_in_education": C_("indicator", "Inactive, not in education or training"),
    "age_below_25": C_("indicator", "Below 25 years of age"),
    "age_25_54": C_("indicator", "25–54 years of age"),
    "age_above_54": C_("indicator", "Above 54 years of age"),
    "isced_0_2": C_("indicator", "With primary or lower secondary education (ISCED 0–2)"),
    "isced_3_4": C_("indicator", "With upper secondary or post-secondary education (ISCED 3–4)"),
    "isced_5_8": C_("indicator", "With tertiary education (ISCED 5–8)"),
}
NOT_ANSWERED = N_("Not answered")


def _words(language: str) -> Words:
    return Words(known(language))


def answers_of(field: str) -> tuple[Any, ...]:
    """The answers a field allows, in the form's order: its choices, or yes and no."""
    if field in CHOICE_FIELDS:
        return CHOICE_FIELDS[field]
    if field in YES_NO_FIELDS:
        return (True, False)
    raise KeyError(f"{field} is not a question of the entry form")


def question(field: str, language: str) -> str:
    """A field's question: `Ikä` / `Age`."""
    return _words(language)(QUESTIONS[field])


def answer(value: Any, language: str) -> str:
    """A stored answer in words; "not answered" for None. A value the form does not know
    (validation refuses them) is shown as it is stored."""
    words = _words(language)
    if value is None:
        return words(NOT_ANSWERED)
    if isinstance(value, bool):
        return words.within("answer", YES if value else NO)
    if isinstance(value, str) and value in ANSWERS:
        return words.within("answer", ANSWERS[value])
    return str(value)


def not_answered(language: str) -> str:
    """The words for "not answered": `Ei vastattu`."""
    return _words(language)(NOT_ANSWERED)


def indicator(name: str, language: str) -> str:
    """An Annex I indicator of `INDICATORS` in words."""
    if name in YES_NO_FIELDS:
        return question(name, language)
    return _words(language).within("indicator", INDICATOR_NAMES[name])
