"""A whole report: the period's figures in total and by area, the funders' tables, and the
series the charts draw."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planner.domain.timeparts import iso_week
from planner.reports.facts import History
from planner.reports.figures import Figures, figures, first_days, in_period, shifts_by_session
from planner.reports.funders import EsfTable, SteaSummary, esf_table, stea_summary
from planner.reports.period import Period


@dataclass(frozen=True)
class Names:
    """Display names of the ids a report shows; an id without a name is shown as itself."""

    organisation: str = "Kotoplan"
    areas: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    partners: dict[str, str] = field(default_factory=dict)

    def area(self, area_id: str) -> str:
        return self.areas.get(area_id) or area_id

    def group(self, group_id: str) -> str:
        return self.groups.get(group_id) or group_id

    def partner(self, partner_id: str) -> str:
        return self.partners.get(partner_id) or partner_id


@dataclass(frozen=True)
class Report:
    period: Period
    total: Figures
    by_area: dict[str, Figures]
    esf: EsfTable
    stea: SteaSummary
    names: Names = field(default_factory=Names)

    def figures_json(self) -> dict[str, object]:
        """The JSON form: the total's figures at the top level, and `by_area`."""
        return {
            **self.total.as_dict(),
            "by_area": {area: f.as_dict() for area, f in self.by_area.items()},
        }


def build_report(history: History, period: Period, names: Names | None = None) -> Report:
    """The report of a period from the whole recorded history."""
    first = first_days(history)
    sessions, visits = in_period(history, period)
    minutes = shifts_by_session(history)
    areas = sorted({s.area for s in sessions} | {v.area for v in visits})
    total = figures(sessions, visits, minutes, first, period)
    by_area = {
        area: figures(
            [s for s in sessions if s.area == area],
            [v for v in visits if v.area == area],
            minutes,
            first,
            period,
        )
        for area in areas
    }
    return Report(
        period=period,
        total=total,
        by_area=by_area,
        esf=esf_table(list(history.starts), first, period),
        stea=stea_summary(total),
        names=names or Names(),
    )


def weekly_attendance(history: History, period: Period) -> tuple[list[str], dict[str, list[int]]]:
    """The ISO weeks of the period, and per area the attendances (members present) in each."""
    weeks: list[str] = []
    day = period.start
    while day <= period.end:
        week = iso_week(day)
        if not weeks or weeks[-1] != week:
            weeks.append(week)
        day += dt.timedelta(days=1)
    index = {week: n for n, week in enumerate(weeks)}
    sessions, _ = in_period(history, period)
    series: dict[str, list[int]] = {}
    for session in sorted(sessions, key=lambda s: s.area):
        counts = series.setdefault(session.area, [0] * len(weeks))
        if session.held:
            counts[index[iso_week(session.day)]] += len(session.present)
    return weeks, series


def reached_by_month(history: History, until: dt.date) -> list[tuple[str, int]]:
    """From the first recorded month to `until`'s: distinct persons reached so far, by month."""
    first = {p: d for p, d in first_days(history).items() if d <= until}
    if not first:
        return []
    start = min(first.values()).replace(day=1)
    months: list[tuple[str, int]] = []
    month = start
    while month <= until:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        months.append((f"{month:%Y-%m}", sum(1 for d in first.values() if d < following)))
        month = following
    return months
