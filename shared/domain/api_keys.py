"""Tenant API keys: ``pip_<key id>.<secret>``; only a SHA-256 of the secret is ever stored."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime

_KEY = re.compile(r"pip_(key_[0-9a-f]{16})\.([A-Za-z0-9_-]{43})")


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: str
    tenant_id: str
    key_hash: str = field(repr=False)
    created_at: datetime
    revoked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """The record to store and the plaintext to show once."""

    record: ApiKey
    plaintext: str = field(repr=False)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(tenant_id: str, now: datetime) -> IssuedKey:
    key_id = f"key_{secrets.token_hex(8)}"
    secret = secrets.token_urlsafe(32)  # 256 random bits: a plain hash suffices, no slow KDF needed
    return IssuedKey(ApiKey(key_id, tenant_id, _digest(secret), now), f"pip_{key_id}.{secret}")


def parse(presented: str) -> tuple[str, str] | None:
    """(key id, secret) of a well-formed key, else None."""
    match = _KEY.fullmatch(presented)
    return (match.group(1), match.group(2)) if match else None


def matches(record: ApiKey, secret: str) -> bool:
    return record.revoked_at is None and hmac.compare_digest(record.key_hash, _digest(secret))
