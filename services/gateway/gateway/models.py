"""Every gateway model, imported so Alembic and tests see the whole metadata."""

from gateway.access_codes.models import HouseholdAccessCode
from gateway.accounts.models import RefreshToken, RevokedAccessToken, User
from gateway.database import Base
from gateway.partner_keys.models import PartnerKey

__all__ = [
    "Base",
    "HouseholdAccessCode",
    "PartnerKey",
    "RefreshToken",
    "RevokedAccessToken",
    "User",
]
