"""Every registry model, imported so Alembic and tests see the whole metadata."""

from registry.assignments.models import GridAssignment
from registry.audit.models import AuditEvent
from registry.communities.models import Building, Community, Compound
from registry.database import Base
from registry.events import OUTBOX
from registry.follow_ups.models import FollowUp
from registry.gate_rules.models import GateRule
from registry.gates.models import Gate, GateAssignment, GateLog, GateQuotaUse, GateVisitor
from registry.households.models import Household
from registry.passes.models import AccessPass, PassSigningKey, PassStateVersion
from registry.people.models import Person, PersonSearchKey
from registry.quarantine_rules.models import QuarantineRule
from registry.quarantines.models import Quarantine, QuarantineChange
from registry.referrals.models import Referral
from registry.returnees.models import Returnee
from registry.screenings.models import Screening, ScreeningRound, ScreeningRule

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
]
