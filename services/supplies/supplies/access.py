"""Who reaches which supplies records: the scoping rules every domain of this service applies.

Staff see their communities (admin all); a resident sees their own household; a partner sees only
what belongs to its own `partner_id`. Another tenant's record is reported as not found.
"""

from __future__ import annotations

import uuid

from shouhu_common.identity import Principal, Role
from shouhu_common.problems import Forbidden


def community_scope(principal: Principal) -> list[uuid.UUID] | None:
    """None means every community (admin)."""
    return None if principal.role == Role.admin else list(principal.community_ids)


def own_partner_id(principal: Principal) -> uuid.UUID:
    if principal.role != Role.partner or principal.partner_id is None:
        raise Forbidden("only a partner API key may do this")
    return principal.partner_id


def partner_community(principal: Principal) -> uuid.UUID:
    """The one community a partner serves, as its key names it (the gateway copies it from the
    partner when the key is issued): a partner's reads filter by it, so they stay in one
    community's rows."""
    own_partner_id(principal)
    if len(principal.community_ids) != 1:
        raise Forbidden("a partner API key names the one community its partner serves")
    return principal.community_ids[0]


def sees_community(principal: Principal, community_id: uuid.UUID) -> bool:
    return principal.in_community(community_id)
