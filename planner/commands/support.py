"""What every `kotoplan` command shares: error reporting and writing JSON."""

from __future__ import annotations

import functools
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import sqlalchemy as sa

from planner.domain.timeparts import parse_week
from planner.formats.problems import DocumentBeyondLimits, InvalidDocument
from planner.store import db

F = TypeVar("F", bound=Callable[..., Any])


class IsoWeek(click.ParamType):
    """An ISO week written "2026-W49"; anything else is a usage error naming the option."""

    name = "YYYY-Www"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            parse_week(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)
        return value


ISO_WEEK = IsoWeek()


def fail(message: str, exit_code: int = 1) -> click.ClickException:
    """An error for the user: printed as one message, exit status 1 (or `exit_code`)."""
    error = click.ClickException(message)
    error.exit_code = exit_code
    return error


def refuse_input(error: DocumentBeyondLimits) -> click.ClickException:
    """A file that cannot be read at all: one line and exit status 2, as for a bad argument."""
    return fail(str(error), exit_code=2)


def reports_errors(command: F) -> F:
    """Turn the errors users can cause into one message and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DocumentBeyondLimits as error:
            raise refuse_input(error) from None
        except InvalidDocument as error:
            raise fail(str(error)) from None
        except db.StoreError as error:
            raise fail(str(error)) from None
        except sa.exc.SQLAlchemyError as error:
            first = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            raise fail(f"the database refused the change: {first}") from None

    return wrapper  # type: ignore[return-value]


def actor() -> str:
    """Who runs the command, for the change log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def write_json(value: object, out: Path | None) -> None:
    """JSON to a file (written whole or not at all) or to stdout."""
    text = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
        return
    partial = out.with_name(f".{out.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(out)  # readers never see a half-written file
    except OSError as error:
        raise fail(f"cannot write {out}: {error.strerror}") from None
    click.echo(f"wrote {out}", err=True)
