"""Every supplies model, imported so Alembic and tests see the whole metadata."""

from supplies.database import Base
from supplies.partners.models import Partner

__all__ = ["Base", "Partner"]
