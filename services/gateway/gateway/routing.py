"""Which service owns which public path: the first segment after `/api/v1/`.

A new public domain adds its segment here; a test fails if a service route has no owner in this
table.
"""

from __future__ import annotations

from typing import Literal

from shouhu_common.middleware import path_prefixes
from shouhu_common.permissions import Permission

Upstream = Literal["registry", "supplies"]

ROUTES: dict[str, Upstream] = {
    "communities": "registry",
    "households": "registry",
    "people": "registry",
    "imports": "registry",
    "exports": "registry",
    "assignments": "registry",
    "quarantines": "registry",
    "quarantine-rules": "registry",
    "follow-ups": "registry",
    "referrals": "registry",
    "screenings": "registry",
    "returnees": "registry",
    "health-data-purges": "registry",
    "passes": "registry",
    "gate": "registry",
    "gate-rules": "registry",
    "workers": "registry",
    "shifts": "registry",
    "shift-templates": "registry",
    "tasks": "registry",
    "disinfections": "registry",
    "dispatch-meetings": "registry",
    "notices": "registry",
    "registry-reports": "registry",
    "testing-rounds": "registry",
    "lab-results": "registry",
    "audit-events": "registry",
    "care-list": "registry",
    "medicine": "registry",
    "self-reports": "registry",
    "visitor-registrations": "registry",
    "appeals": "registry",
    "status-changes": "registry",
    "bulk-approvals": "registry",
    "partners": "supplies",
    "catalog": "supplies",
    "delivery-rounds": "supplies",
    "orders": "supplies",
    "household-directory": "supplies",
    "group-buys": "supplies",
    "webhooks": "supplies",
    "community-stock": "supplies",
    "distributions": "supplies",
    "allocations": "supplies",
    "donations": "supplies",
    "supplies-reports": "supplies",
}

GATEWAY_SEGMENTS = frozenset({"auth", "household-card", "reports", "dashboard"})

# Spreadsheet uploads: the only paths allowed a body past GATEWAY_MAX_BODY_BYTES (up to
# GATEWAY_MAX_UPLOAD_BYTES), only for a caller with the permission named (checked before the
# body is read), and, with exports, the only ones given GATEWAY_LONG_REQUEST_TIMEOUT_S. Path
# prefixes; `*` stands for one segment (shouhu_common.middleware.path_prefixes).
UPLOAD_PATHS: dict[str, Permission] = {
    "/api/v1/imports/": Permission.households_write,
    "/api/v1/testing-rounds/*/results:import": Permission.test_results_write,
}
LONG_REQUEST_PATHS = (
    "/api/v1/imports/",
    "/api/v1/testing-rounds/*/results:import",
    "/api/v1/exports/",
    "/api/v1/health-data-purges",
)
UPLOAD_PERMISSIONS = tuple(
    (path_prefixes([p]), permission) for p, permission in UPLOAD_PATHS.items()
)
is_long_request = path_prefixes(LONG_REQUEST_PATHS)

# Forwarded without credentials (and without an identity): a visitor's own phone registering
# at a gate's poster. The route checks the poster's gate token; the gateway limits each client IP.
OPEN_ROUTES = frozenset({("POST", "/api/v1/visitor-registrations")})

LAB_KIND = "lab"  # supplies' PartnerKind.lab
# A lab partner's key reaches only these (method, path); no other key reaches them.
LAB_ROUTES = frozenset({("POST", "/api/v1/lab-results")})


def upload_permission(path: str) -> Permission | None:
    return next((p for matches, p in UPLOAD_PERMISSIONS if matches(path)), None)


def owner_of(path: str) -> Upstream | None:
    """`/api/v1/households/…` → "registry"; None for paths no service owns."""
    if not path.startswith("/api/v1/"):
        return None
    segment = path[8:].split("/", 1)[0]
    return ROUTES.get(segment)


# An idle pooled connection to a service is dropped before the service drops it (uvicorn's
# --timeout-keep-alive is 5 s by default): reusing one the service had just closed would fail the
# request with a 503 for nothing.
UPSTREAM_KEEPALIVE_S = 4.0
