"""Every registry model, imported so Alembic and tests see the whole metadata."""

from registry.audit.models import AuditEvent
from registry.communities.models import Building, Community, Compound
from registry.database import Base
from registry.households.models import Household
from registry.people.models import Person

__all__ = ["AuditEvent", "Base", "Building", "Community", "Compound", "Household", "Person"]
