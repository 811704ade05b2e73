"""What the pages read again and again, kept in each server process and keyed on what changes.

A week's scenario is built from the whole master data (a dozen queries and a validation),
a plan from its JSON document, the checker's verdict from both: far too much to do again
on every view. Each is kept here under a key that changes whenever what it was made of
changes, so nothing stale is ever served, in this process or in any other:

- a scenario under its week, the day it is judged on, and the **change stamp**: the count
  and the newest id of the `changes` rows. Every write of master data, locks, pins, plan
  versions and publishing logs a change row (`planner.store`), and rows are never deleted,
  so the count moves even when transactions commit out of id order;
- a plan under its version's row id: a version's document is never rewritten;
- anything derived from both (the checker's findings, where an item fits) under both keys.

A request that has itself written in its open transaction sees data no other request
sees yet (and may roll it back): it neither reads nor fills the caches.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.orm import Session, sessionmaker

from planner.domain import Plan, Scenario
from planner.formats.plan import load_plan
from planner.store import models as m
from planner.store.master import export_scenario

T = TypeVar("T")
EXTENSION = "kotoplan.memo"
WROTE = "kotoplan.wrote"  # in Session.info: this transaction has written something
SIZES = {"scenarios": 32, "plans": 64, "derived": 256, "cards": 4096}


class Memo:
    """A thread-safe, least-recently-used store of values by key, with a count of builds."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()
        self.builds = 0

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value kept under `key`, else `build()`'s, kept from now on."""
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        value = build()  # outside the lock: two threads may build at once, both get it right
        with self.lock:
            self.builds += 1
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def init_app(app: Flask) -> None:
    """The app's caches, empty."""
    app.extensions[EXTENSION] = {name: Memo(size) for name, size in SIZES.items()}


def memo(name: str) -> Memo:
    """One of the app's caches: `scenarios`, `plans` or `derived`."""
    return current_app.extensions[EXTENSION][name]


def watch_writes(sessions: sessionmaker) -> None:
    """Mark in `session.info` whenever a session made by `sessions` writes, until it ends.

    Listening on the factory once, not on each request's session: registering four
    listeners cost a tenth of a logged-in request's database time.
    """

    def wrote(session: Session, *_args: Any) -> None:
        session.info[WROTE] = True

    def ended(session: Session, *_args: Any) -> None:
        session.info.pop(WROTE, None)

    def statement(state: sa.orm.ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            state.session.info[WROTE] = True

    sa.event.listen(sessions, "after_flush", wrote)
    sa.event.listen(sessions, "do_orm_execute", statement)
    sa.event.listen(sessions, "after_commit", ended)
    sa.event.listen(sessions, "after_rollback", ended)


def shared(session: Session) -> bool:
    """Whether the session sees only what every other session sees (it has not written)."""
    return not session.info.get(WROTE) and not (session.new or session.dirty or session.deleted)


_STAMP = sa.select(sa.func.count(m.Change.id), sa.func.max(m.Change.id))


def change_stamp(session: Session) -> tuple[int, int]:
    """(count, newest id) of the change log: it moves with every change to what is planned."""
    count, newest = session.execute(_STAMP).one()
    return count, newest or 0


def scenario_key(session: Session, week: str, today: dt.date | None = None) -> tuple | None:
    """The key a week's scenario is kept under now; None when this session may not share."""
    if not shared(session):
        return None
    return (week, today or dt.date.today(), change_stamp(session))


def scenario(
    session: Session, week: str, today: dt.date | None = None, key: tuple | None = None
) -> Scenario:
    """`export_scenario(session, week, today)`, built once per change of what it is made of.

    `key`, when given, is the `scenario_key` the caller has just read for the same week.
    """
    key = key or scenario_key(session, week, today)
    if key is None:
        return export_scenario(session, week, today=today)
    return memo("scenarios").get_or_build(key, lambda: export_scenario(session, week, today=today))


def plan(session: Session, row: m.PlanVersion) -> Plan:
    """A stored version's plan, read from its document once."""
    if not shared(session) or row in session.dirty or row in session.new:
        return load_plan(row.document)
    return memo("plans").get_or_build(
        (row.id, row.week, row.version), lambda: load_plan(row.document)
    )


def derived(key: tuple | None, build: Callable[[], T]) -> T:
    """A value made of a scenario (by its key) and other fixed things; built anew without a key."""
    if key is None:
        return build()
    return memo("derived").get_or_build(key, build)
