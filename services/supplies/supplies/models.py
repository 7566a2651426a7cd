"""Every supplies model, imported so Alembic and tests see the whole metadata."""

from supplies.allocations.models import Allocation, AllocationGrant
from supplies.catalog.models import CatalogItem, PriceChange
from supplies.community_stock.models import StockItem, StockMovement
from supplies.database import Base
from supplies.delivery_rounds.models import DeliveryRound, RoundPartnerLoad
from supplies.distributions.models import Distribution, DistributionReceipt, DistributionShare
from supplies.donations.models import Donation, DonationUse
from supplies.events import INBOX
from supplies.grid_areas.models import GridArea, GridAreaUpdate
from supplies.group_buys.models import GroupBuy
from supplies.household_directory.models import HouseholdDeliveryStatus, HouseholdDirectoryEntry
from supplies.idempotency.models import IdempotencyRecord
from supplies.orders.models import (
    HouseholdOrder,
    OrderLine,
    OrderShortage,
    OrderTimelineEntry,
    PartnerOrderFeed,
)
from supplies.partners.models import Partner
from supplies.webhooks.models import Webhook, WebhookDelivery

__all__ = [
    "Allocation",
    "AllocationGrant",
    "Base",
    "Distribution",
    "DistributionReceipt",
    "DistributionShare",
    "Donation",
    "DonationUse",
    "StockItem",
    "StockMovement",
    "CatalogItem",
    "DeliveryRound",
    "GridArea",
    "GridAreaUpdate",
    "GroupBuy",
    "HouseholdDeliveryStatus",
    "HouseholdDirectoryEntry",
    "HouseholdOrder",
    "INBOX",
    "IdempotencyRecord",
    "OrderLine",
    "OrderShortage",
    "OrderTimelineEntry",
    "Partner",
    "PartnerOrderFeed",
    "PriceChange",
    "RoundPartnerLoad",
    "Webhook",
    "WebhookDelivery",
]
