"""Database tables: the organisation's master data, plan versions and the change log.

One module per feature: what every table shares (`base`), the master data (`master`), the
plans of the weeks and their runs (`plans`), logins and feed tokens (`accounts`), the
outbox (`notices`) and what happened (`records`). Importing this package registers every
table on `Base.metadata`, which Alembic's environment compares with the migrations; callers
use `from planner.store import models as m` and `m.<Model>`.
"""

from __future__ import annotations

from planner.store.models.accounts import FeedToken, ThrottleCounter, User
from planner.store.models.base import Base, Id, JsonValue, State, Versioned, utcnow
from planner.store.models.master import (
    Area,
    Carer,
    Child,
    ClosedDate,
    Group,
    GroupMember,
    GroupVenue,
    GuidanceNeed,
    Interpreter,
    Organisation,
    Participant,
    Partner,
    StaffMember,
    TravelTime,
    Venue,
)
from planner.store.models.notices import Notice
from planner.store.models.plans import (
    ACTIVE_JOB_STATES,
    AbsenceReport,
    Change,
    PlanLock,
    PlanVersion,
    ShiftResponse,
    SolveJob,
)
from planner.store.models.records import (
    CarerHours,
    MemberAttendance,
    ParticipantRecord,
    RecordRead,
    SessionRecord,
    VisitRecord,
)

__all__ = [
    "ACTIVE_JOB_STATES",
    "AbsenceReport",
    "Area",
    "Base",
    "Carer",
    "CarerHours",
    "Change",
    "Child",
    "ClosedDate",
    "FeedToken",
    "Group",
    "GroupMember",
    "GroupVenue",
    "GuidanceNeed",
    "Id",
    "Interpreter",
    "JsonValue",
    "MemberAttendance",
    "Notice",
    "Organisation",
    "Participant",
    "ParticipantRecord",
    "Partner",
    "PlanLock",
    "PlanVersion",
    "RecordRead",
    "SessionRecord",
    "ShiftResponse",
    "SolveJob",
    "StaffMember",
    "State",
    "ThrottleCounter",
    "TravelTime",
    "User",
    "Venue",
    "Versioned",
    "VisitRecord",
    "utcnow",
]
