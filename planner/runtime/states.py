"""The states of the two queues' rows, each named once: planning jobs and outbox notices.

The models build their CHECK constraints from these enums, the queues move rows between
them, and the web pages compare with them, so no list of states is written out twice.

    queued -> running -> done | failed
       |         '-> stopping -> stopped | failed
       '-> stopped (stopped before it started)

    pending -> sent | failed;   portal (no email to send: the portal shows it)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable


class JobStatus(enum.StrEnum):
    """Where a planning run of a week is."""

    QUEUED = "queued"
    RUNNING = "running"
    STOPPING = "stopping"  # the coordinator stopped it; the worker is saving its best plan
    DONE = "done"
    STOPPED = "stopped"
    FAILED = "failed"


# A week has at most one active run (the partial unique index of `solve_jobs`).
ACTIVE_JOBS = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.STOPPING)
ENDED_JOBS = (JobStatus.DONE, JobStatus.STOPPED, JobStatus.FAILED)
HELD_JOBS = (JobStatus.RUNNING, JobStatus.STOPPING)  # a worker holds it and keeps its heartbeat


class NoticeStatus(enum.StrEnum):
    """Where one change notice is on its way to its reader."""

    PENDING = "pending"  # to be sent by email; the sender takes it when next_attempt_at is due
    PORTAL = "portal"  # no email address or no SMTP server: the portal shows it
    SENT = "sent"
    FAILED = "failed"  # the server refused it for good, or every attempt failed: portal only


def sql_in(column: str, states: Iterable[str]) -> str:
    """`column IN ('a', 'b')` as SQL text, for a CHECK constraint or a partial index."""
    return "{} IN ({})".format(column, ", ".join(f"'{state}'" for state in states))
