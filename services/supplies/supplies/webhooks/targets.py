"""SSRF guard for webhook URLs: a partner may only make us call public addresses. Private,
link-local, reserved, multicast and unspecified targets are always refused; loopback only outside
production (local receivers in development and tests). Checked at registration and again before
every attempt, so a name re-pointed at an internal address later is refused too."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from supplies.webhooks.errors import WebhookTargetRefused


def _refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_loopback: bool) -> str:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "" if allow_loopback else "loopback addresses are not allowed"
    if ip.is_unspecified or ip.is_multicast or ip.is_link_local or ip.is_reserved:
        return f"{ip} is not a public address"
    if ip.is_private or not ip.is_global:
        return f"{ip} is a private address"
    return ""


async def check_target(url: str, *, allow_loopback: bool, require_https: bool) -> None:
    parts = urlsplit(url)
    schemes = ("https",) if require_https else ("https", "http")
    if parts.scheme not in schemes:
        raise WebhookTargetRefused(f"the URL must use {' or '.join(schemes)}")
    if not parts.hostname or parts.username or parts.password:
        raise WebhookTargetRefused("the URL needs a host and no user or password")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise WebhookTargetRefused("the port is not valid") from exc
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname, port, type=socket.SOCK_STREAM
        )
    except OSError as exc:
        raise WebhookTargetRefused(f"'{parts.hostname}' does not resolve") from exc
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        reason = _refusal(ip, allow_loopback)
        if reason:
            raise WebhookTargetRefused(reason)
