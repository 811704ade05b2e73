"""The demo's participant records: ESF entry data with consent, as the coordinator keeps it.

At her first attendance in the demo's past (`planner.demo.history`), four in five of the
mothers who came (`SHARE`, picked by a generator seeded by `SEED`) gave consent to
reporting to the ESF and to STEA, and the coordinator recorded it then, with the answers
of the funder's entry form and a retention date `RETAIN_YEARS` after the end of that
year. The answers are drawn as they are plausible for immigrant mothers at home with
small children: mostly outside the labour force or unemployed, mostly 25-54 years old,
education of every level, all with dependent children (jobless households often), all
of foreign background and nearly all migrants; now and then a question is left
unanswered, as a mother may decline any. Each mother's answers are drawn from a generator
seeded by `SEED` and her id, so every run of the demo keeps the same records. The mothers
who never came have no record.

Every record is saved through `planner.records.store.save_record`, so it is checked,
logged as a change and as the coordinator's `edit` read like one saved on the web page.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy.orm import Session

from planner.records.entry import RecordInput
from planner.records.store import save_record

SEED = 2026
SHARE = 0.8
RETAIN_YEARS = 5
PURPOSES = ("esf_reporting", "stea_reporting")
# The demo's coordinator account (`kotoplan demo` creates it), as the web pages log her.
COORDINATOR = "koordinaattori"
ACTOR = f"web:{COORDINATOR}"
RURAL_AREAS = {"tervola": 1.0, "simo": 1.0, "keminmaa": 0.5}  # else a town: Kemi, Tornio

# (answer, weight): the answers of one question, None for not answered.
LABOUR = (
    ("inactive_not_in_education", 40),
    ("inactive", 12),  # in integration training or another course
    ("unemployed", 18),
    ("long_term_unemployed", 15),
    ("employed", 7),
    (None, 8),
)
AGE = (("below_25", 12), ("25_54", 83), ("above_54", 3), (None, 2))
EDUCATION = (("isced_0_2", 42), ("isced_3_4", 30), ("isced_5_8", 18), (None, 10))


def _pick(rng: random.Random, weighted: tuple[tuple[Any, int], ...]) -> Any:
    answers, weights = zip(*weighted, strict=True)
    return rng.choices(answers, weights=weights)[0]


def _yes_no(rng: random.Random, yes: float, unanswered: float = 0.0) -> bool | None:
    draw = rng.random()
    if draw < unanswered:
        return None
    return rng.random() < yes


def with_records(persons: list[str]) -> list[str]:
    """The `SHARE` of the persons who have a record, sorted."""
    chosen = sorted(persons)
    random.Random(f"{SEED}/records").shuffle(chosen)
    return sorted(chosen[: round(SHARE * len(chosen))])


def draw_entry(person: str, area: str | None) -> dict[str, Any]:
    """A mother's entry data."""
    rng = random.Random(f"{SEED}/record/{person}")
    labour = _pick(rng, LABOUR)
    jobless = None if labour is None else (labour != "employed" and rng.random() < 0.65)
    single = _yes_no(rng, 0.2, unanswered=0.05)
    return {
        "labour_status": labour,
        "age_band": _pick(rng, AGE),
        "education": _pick(rng, EDUCATION),
        "jobless_household": jobless,
        # Every demo mother has children at home: a jobless household is one with them.
        "jobless_household_with_children": jobless,
        "single_adult_with_children": single,
        "migrant": True if rng.random() < 0.92 else None,
        "foreign_background": True,
        "minority": _yes_no(rng, 0.0, unanswered=0.3),
        "disability": _yes_no(rng, 0.05, unanswered=0.1),
        "homeless": _yes_no(rng, 0.02, unanswered=0.03),
        "rural": rng.random() < RURAL_AREAS.get(area or "", 0.0),
    }


def retain_until(consented: dt.datetime) -> dt.date:
    """The retention date of consent given on that day: the end of the year, years ahead."""
    return dt.date(consented.year + RETAIN_YEARS, 12, 31)


def save_records(
    session: Session, firsts: dict[str, dt.datetime], areas: dict[str, str | None]
) -> int:
    """Save the records of the mothers who came (`firsts`: each one's first attendance);
    how many were saved."""
    chosen = with_records(list(firsts))
    for person in chosen:
        first = firsts[person]
        entry = draw_entry(person, areas.get(person))
        given = RecordInput(entry, consent_for=PURPOSES, retain_until=retain_until(first))
        save_record(session, person, given, actor=ACTOR, now=first)
    return len(chosen)
