"""Every registry model, imported so Alembic and tests see the whole metadata."""

from registry.access.gate_rules.models import GateRule
from registry.access.gates.models import (
    Gate,
    GateAssignment,
    GateLog,
    GateLogReceipt,
    GateQuotaUse,
    GateQuotaVersion,
    GateVisitor,
)
from registry.access.passes.models import AccessPass, PassSigningKey, PassStateVersion
from registry.access.visitor_registrations.models import GatePosterToken, VisitorRegistration
from registry.database import Base
from registry.events import OUTBOX
from registry.health.follow_ups.models import FollowUp
from registry.health.quarantine_rules.models import QuarantineRule
from registry.health.quarantines.models import Quarantine, QuarantineChange
from registry.health.referrals.models import Referral
from registry.health.returnees.models import Returnee
from registry.health.sampling.models import HouseholdKnock, SampleRegistration, SampleTube
from registry.health.screenings.models import Screening, ScreeningRound, ScreeningRule
from registry.health.self_reports.models import SelfReport
from registry.health.test_results.models import RetestEntry, WatchedBuilding
from registry.health.testing_rounds.models import (
    RoundArrangement,
    RoundSlot,
    SamplingPoint,
    TestingRound,
)
from registry.operations.care_list.models import CareCheckIn, CareEntry
from registry.operations.disinfections.models import (
    DisinfectionRecord,
    DisinfectionSchedule,
    DisinfectionSchedulePlace,
)
from registry.operations.dispatch_meetings.models import DispatchMeeting
from registry.operations.medicine.models import CustodyHandover, MedicineRequest, MedicineRun
from registry.operations.notices.models import Notice
from registry.operations.shifts.models import Shift, ShiftAssignment, ShiftTemplate
from registry.operations.tasks.models import Task
from registry.operations.workers.models import Worker
from registry.oversight.appeals.models import Appeal
from registry.oversight.bulk_approvals.models import BulkApproval
from registry.oversight.health_data.models import HealthDataPurge
from registry.residents.assignments.models import GridAssignment
from registry.residents.audit.models import AuditEvent
from registry.residents.communities.models import Building, Community, Compound
from registry.residents.households.models import Household
from registry.residents.people.models import Person, PersonSearchKey

__all__ = [
    "Appeal",
    "BulkApproval",
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
    "GateLogReceipt",
    "GateQuotaUse",
    "GateQuotaVersion",
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
    "GatePosterToken",
    "VisitorRegistration",
    "Screening",
    "SelfReport",
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
    "CareEntry",
    "CareCheckIn",
    "CustodyHandover",
    "MedicineRequest",
    "MedicineRun",
    "TestingRound",
    "SamplingPoint",
    "RoundSlot",
    "RoundArrangement",
    "SampleTube",
    "SampleRegistration",
    "HouseholdKnock",
    "RetestEntry",
    "WatchedBuilding",
]
