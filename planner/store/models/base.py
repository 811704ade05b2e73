"""What every table shares: the declarative base, its column types and the edit version.

Weekly windows, periods and language lists are stored in their JSON form (`JsonValue`),
ids as strings of at most 120 characters (`Id`); a status column holds its enum's text
(`State`); a record people edit carries a version (`Versioned`).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

Id = Annotated[str, mapped_column(sa.String(120))]
JsonValue = Annotated[Any, mapped_column(sa.JSON)]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class State(sa.types.TypeDecorator[str]):
    """A status column: stored as its text, read back as a member of its enum.

    What may be stored is the table's CHECK constraint's business, so that a wrong state is
    refused by the database whoever writes it.
    """

    impl = sa.String
    cache_ok = True

    def __init__(self, states: type[enum.StrEnum]) -> None:
        super().__init__(16)
        self.states = states

    def process_result_value(self, value: str | None, dialect: sa.Dialect) -> str | None:
        return None if value is None else self.states(value)


class Base(DeclarativeBase):
    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Versioned:
    """A record people edit: its version, one more on every change to it.

    A form carries the version it was filled in on, and a save made on an older one is
    refused instead of silently overwriting the change saved meanwhile. The version is
    also SQLAlchemy's `version_id_col`, so two saves racing past that check still cannot
    both win: the second UPDATE matches no row. The importer bumps it, not SQLAlchemy,
    because a change of a participant's children or a group's members is a change of the
    participant or group even when no column of its own row changes.
    """

    version: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805  (a class-level directive)
        return {"version_id_col": cls.__table__.c.version, "version_id_generator": False}
