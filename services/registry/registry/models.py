"""Every registry model, imported so Alembic and tests see the whole metadata."""

from registry.assignments.models import GridAssignment
from registry.audit.models import AuditEvent
from registry.communities.models import Building, Community, Compound
from registry.database import Base
from registry.disinfections.models import (
    DisinfectionRecord,
    DisinfectionSchedule,
    DisinfectionSchedulePlace,
)
from registry.dispatch_meetings.models import DispatchMeeting
from registry.events import OUTBOX
from registry.follow_ups.models import FollowUp
from registry.gate_rules.models import GateRule
from registry.gates.models import Gate, GateAssignment, GateLog, GateQuotaUse, GateVisitor
from registry.health_data.models import HealthDataPurge
from registry.households.models import Household
from registry.notices.models import Notice
from registry.passes.models import AccessPass, PassSigningKey, PassStateVersion
from registry.people.models import Person, PersonSearchKey
from registry.quarantine_rules.models import QuarantineRule
from registry.quarantines.models import Quarantine, QuarantineChange
from registry.referrals.models import Referral
from registry.returnees.models import Returnee
from registry.screenings.models import Screening, ScreeningRound, ScreeningRule
from registry.shifts.models import Shift, ShiftAssignment, ShiftTemplate
from registry.tasks.models import Task
from registry.workers.models import Worker

__all__ = [
    "AuditEvent",
    "Base",
    "Building",
    "Community",
    "Compound",
    "Household",
    "Person",
    "PersonSearchKey",
    "GridAssignment",
    "AccessPass",
    "Gate",
    "GateAssignment",
    "GateLog",
    "GateQuotaUse",
    "GateRule",
    "GateVisitor",
    "HealthDataPurge",
    "PassSigningKey",
    "PassStateVersion",
    "OUTBOX",
    "FollowUp",
    "Quarantine",
    "QuarantineChange",
    "QuarantineRule",
    "Referral",
    "Returnee",
    "Screening",
    "ScreeningRound",
    "ScreeningRule",
    "Shift",
    "ShiftAssignment",
    "ShiftTemplate",
    "Worker",
    "DisinfectionRecord",
    "DisinfectionSchedule",
    "DisinfectionSchedulePlace",
    "DispatchMeeting",
    "Notice",
    "Task",
]
