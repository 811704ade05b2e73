"""The planned items both documents hold: sessions and visits.

A plan lists the items it places; a scenario repeats them as its `locked` items (facts the
run keeps) and its `previous` plan (what a re-plan starts from and reports changes against).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from planner.formats.wire.base import Count, Doc, Id, Instant


class ChildrenDoc(Doc):
    under_3: Count = 0
    from_3: Count = 0


class SessionDoc(Doc):
    id: Annotated[str, Field(min_length=1)]
    group: Id
    venue: Id
    start: Instant
    end: Instant
    facilitators: list[Id] = []
    carers: list[Id] = []
    interpreters: list[Id] = []
    children: ChildrenDoc = Field(default_factory=ChildrenDoc)


class VisitDoc(Doc):
    nulls_written = frozenset({"interpreter"})  # "id or null": a visit says it has none

    id: Annotated[str, Field(min_length=1)]
    need: Id
    participant: Id
    staff: Id
    interpreter: Id | None = None
    place: Id
    area: Id
    start: Instant
    end: Instant


class ItemsDoc(Doc):
    sessions: list[SessionDoc] = []
    visits: list[VisitDoc] = []
