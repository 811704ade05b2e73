"""The neutral records of a feed: an event as a reader may see it, and the feed settings.

`audience` makes events from a plan and decides what each carries; `history` follows them
across published versions; `feed` writes them. Nothing here knows a participant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Every command and the server use these unless KOTOPLAN_FEED_DOMAIN and KOTOPLAN_BASE_URL
# say otherwise: one UID domain, so a feed from a file and the served one are the same events.
DEFAULT_DOMAIN = "kotoplan.local"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
DOMAIN_VARIABLE = "KOTOPLAN_FEED_DOMAIN"
BASE_URL_VARIABLE = "KOTOPLAN_BASE_URL"

CONFIRMED = "CONFIRMED"
CANCELLED = "CANCELLED"

# The kinds of event, after the plan's item they come from.
SESSION = "session"
SHIFT = "shift"
VISIT = "visit"
TRAVEL = "travel"


@dataclass(frozen=True)
class Event:
    """One plan item as one reader sees it: times, words and place, nothing more.

    `uid_key` is the plan's stable id of the item (a session, shift or visit id, or
    `travel/<person>/<local date>/<n>`); the feed's UID is built on it. `people` are the
    ids of those the event names (a co-facilitator, an interpreter, the staff member): not
    written, but a change among them is news to the reader (a higher SEQUENCE).
    """

    uid_key: str
    kind: str
    start: dt.datetime  # aware
    end: dt.datetime  # aware
    summary: str
    location: str | None = None
    description: str = ""
    url: str | None = None
    categories: tuple[str, ...] = ()
    status: str = CONFIRMED
    people: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError(f"{self.uid_key}: event times must be aware")
        if self.end <= self.start:
            raise ValueError(f"{self.uid_key}: an event ends after it starts")
        # The same people in another order are no change.
        object.__setattr__(self, "people", tuple(sorted(set(self.people))))


@dataclass(frozen=True)
class FeedSettings:
    """An installation's feed settings; `secret` keys the participant codes."""

    domain: str  # the right-hand side of every UID, e.g. "kotoplan.example.org"
    base_url: str  # where the web front is, for links to visit pages
    secret: str
    include_visit_address: bool = False  # adds the home address to the staff's own visits
    refresh_minutes: int = 60
    past_weeks: int = 4

    def __post_init__(self) -> None:
        if not self.secret:
            raise ValueError("feed settings need a secret for the participant codes")
        if self.refresh_minutes < 1 or self.past_weeks < 0:
            raise ValueError("refresh_minutes must be positive and past_weeks not negative")
