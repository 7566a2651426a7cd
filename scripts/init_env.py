"""Write the `.env` that docker-compose.yml reads, for one server and its domain, with every secret
freshly generated: `python3 scripts/init_env.py --domain shouhu.example.org` (`make init-env`).

Standard library only, so it runs on a bare server before anything is installed. The Ed25519 key
pair of the internal identity is derived here by RFC 8032's arithmetic (the standard library has
no Ed25519); tests/deploy/test_init_env.py checks it against the `cryptography` package the
services use. It refuses to overwrite an existing `.env` (its keys encrypt the stored personal
data) unless `--force` is given."""

from __future__ import annotations

import argparse
import hashlib
import re
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Ed25519 (RFC 8032 section 5.1): the public key is the clamped hash of the seed times the base
# point, in extended coordinates.
P = 2**255 - 19
D = -121665 * pow(121666, P - 2, P) % P
BASE_Y = 4 * pow(5, P - 2, P) % P


def _recover_x(y: int, sign: int) -> int:
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * pow(2, (P - 1) // 4, P) % P
    return P - x if x & 1 != sign else x


BASE = (_recover_x(BASE_Y, 0), BASE_Y, 1, _recover_x(BASE_Y, 0) * BASE_Y % P)
Point = tuple[int, int, int, int]


def _add(a: Point, b: Point) -> Point:
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    a_ = (y1 - x1) * (y2 - x2) % P
    b_ = (y1 + x1) * (y2 + x2) % P
    c = 2 * t1 * t2 * D % P
    d = 2 * z1 * z2 % P
    e, f, g, h = b_ - a_, d - c, d + c, b_ + a_
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _multiply(scalar: int, point: Point) -> Point:
    result: Point = (0, 1, 1, 0)
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def ed25519_public_key(seed: bytes) -> bytes:
    digest = hashlib.sha512(seed).digest()
    scalar = int.from_bytes(digest[:32], "little")
    scalar &= (1 << 254) - 8
    scalar |= 1 << 254
    x, y, z, _ = _multiply(scalar, BASE)
    zinv = pow(z, P - 2, P)
    x, y = x * zinv % P, y * zinv % P
    return int.to_bytes(y | ((x & 1) << 255), 32, "little")


DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}$")


def env_lines(domain: str, tls: str, backup_keep_days: int) -> list[str]:
    seed = secrets.token_bytes(32)
    values = [
        (
            "# Written by scripts/init_env.py; keep it out of git and back it up somewhere safe:",
            None,
        ),
        ("# REGISTRY_PII_KEY decrypts the stored personal data, nothing else can.", None),
        ("SHOUHU_ENV", "production"),
        ("SHOUHU_LOG_LEVEL", "INFO"),
        ("SHOUHU_DEMO", "0"),
        ("# no demo accounts in production: the services refuse a demo password there", None),
        ("SHOUHU_DEMO_PASSWORD", ""),
        (
            "# The public name: Caddy's certificate is for it, notice posters' QR codes link to it",
            None,
        ),
        ("SHOUHU_DOMAIN", domain),
        ("SHOUHU_PUBLIC_BASE_URL", f"https://{domain}"),
        (
            "# acme: a public certificate (ports 80 and 443 reachable from the internet);",
            None,
        ),
        (
            "# internal: Caddy's own CA, for a LAN trial (docs/deploy.md says how phones trust it)",
            None,
        ),
        ("SHOUHU_TLS", tls),
        ("# Caddy's network and address: the gateway takes X-Forwarded-For from it only", None),
        ("SHOUHU_EDGE_SUBNET", "172.31.250.0/24"),
        ("SHOUHU_PROXY_ADDRESS", "172.31.250.10"),
        ("# Nightly pg_dump of the three databases at this local time, kept this many days", None),
        ("SHOUHU_BACKUP_AT", "03:00"),
        ("SHOUHU_BACKUP_KEEP_DAYS", str(backup_keep_days)),
        ("SHOUHU_TIME_ZONE", "Asia/Shanghai"),
        ("POSTGRES_PASSWORD", secrets.token_hex(32)),
        ("GATEWAY_INTERNAL_SIGNING_KEY", "ed25519:" + seed.hex()),
        ("SHOUHU_INTERNAL_PUBLIC_KEY", ed25519_public_key(seed).hex()),
        ("GATEWAY_JWT_SECRET", secrets.token_hex(32)),
        ("# after a JWT secret rotation: replaced secrets, accepted on older tokens", None),
        ("GATEWAY_JWT_PREVIOUS_SECRETS", ""),
        ("GATEWAY_ACCESS_CODE_SECRET", secrets.token_hex(32)),
        ("REGISTRY_PII_KEY", secrets.token_hex(32)),
        ("# after a key rotation: the replaced keys, and the lookup hashes' own key", None),
        ("REGISTRY_PII_KEYS_RETIRED", ""),
        ("REGISTRY_PII_INDEX_KEY", ""),
        ("REGISTRY_PASS_KEY_SECRET", secrets.token_hex(32)),
        ("# after a pass-key secret rotation: replaced secrets, until keys are resealed", None),
        ("REGISTRY_PASS_KEY_PREVIOUS_SECRETS", ""),
        ("SHOUHU_EVENTS_SECRET", secrets.token_hex(32)),
    ]
    return [name if value is None else f"{name}={value}" for name, value in values]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--domain", required=True, help="the server's public host name")
    parser.add_argument(
        "--tls",
        choices=("acme", "internal"),
        default="acme",
        help="acme: a public certificate (default); internal: Caddy's own CA, for a LAN trial",
    )
    parser.add_argument("--backup-keep-days", type=int, default=14)
    parser.add_argument("--output", type=Path, default=ROOT / ".env")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    args = parser.parse_args(argv)
    domain = args.domain.strip().lower().rstrip(".")
    if not DOMAIN.match(domain):
        parser.error(f"not a host name: {args.domain!r}")
    if args.output.exists() and not args.force:
        print(
            f"{args.output} exists: not replaced (its keys decrypt the stored data). "
            "Use --force to replace it.",
            file=sys.stderr,
        )
        return 1
    text = "\n".join(env_lines(domain, args.tls, args.backup_keep_days)) + "\n"
    args.output.touch(mode=0o600)
    args.output.chmod(0o600)
    args.output.write_text(text)
    print(f"wrote {args.output} for https://{domain}; next: docker compose up -d")
    return 0


if __name__ == "__main__":
    sys.exit(main())
