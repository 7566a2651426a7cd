"""Which service owns which public path: the first segment after `/api/v1/`.

Later issues add their segments here; a test fails if a service route has no owner in this table.
"""

from __future__ import annotations

from typing import Literal

Upstream = Literal["registry", "supplies"]

ROUTES: dict[str, Upstream] = {
    "communities": "registry",
    "households": "registry",
    "partners": "supplies",
}

GATEWAY_SEGMENTS = frozenset({"auth"})


def owner_of(path: str) -> Upstream | None:
    """`/api/v1/households/…` → "registry"; None for paths no service owns."""
    if not path.startswith("/api/v1/"):
        return None
    segment = path[8:].split("/", 1)[0]
    return ROUTES.get(segment)
