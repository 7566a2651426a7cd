"""Fixed identifiers of the demo community, so the three services' databases agree on them.

Only the demo loaders use this; production data gets random UUIDs.
"""

from __future__ import annotations

import uuid

DEMO_NAMESPACE = uuid.UUID("6f0b8a3e-2b51-4c7e-9a55-5f0d6a1c2020")
DEMO_PASSWORD_DEFAULT = "shouhu2020"
DEMO_HOUSEHOLDS = 600


def demo_id(kind: str, key: object = "") -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{key}")


DEMO_COMMUNITY_ID = demo_id("community", 1)

# (slug, name, kind, fixed API key shown in the README; demo mode only)
DEMO_PARTNERS: tuple[tuple[str, str, str, str], ...] = (
    ("freshmart", "鲜丰超市", "supermarket", "shk_demo0001_freshmart-demo-key-not-for-production"),
    ("huilian", "惠联超市", "supermarket", "shk_demo0002_huilian-demo-key-not-for-production"),
    ("kangjian", "康健大药房", "pharmacy", "shk_demo0003_kangjian-demo-key-not-for-production"),
)


def demo_partner_id(slug: str) -> uuid.UUID:
    return demo_id("partner", slug)


def demo_user_id(username: str) -> uuid.UUID:
    """Demo accounts have fixed ids, so the registry can assign buildings to `grid1`."""
    return demo_id("user", username)


def demo_household_id(number: int) -> uuid.UUID:
    return demo_id("household", number)


def demo_access_code(number: int) -> str:
    """Printed household access codes of the demo (e.g. household 1 → `DEMO-0001`)."""
    return f"DEMO-{number:04d}"
