"""The idempotency record as stored (JSON, both adapters) and the reading of an existing one."""

from __future__ import annotations

import json
from typing import Any

from shared.ports.idempotency import Claim, ClaimStatus, IdempotencyPayloadMismatchError

IN_PROGRESS = "IN_PROGRESS"
COMPLETED = "COMPLETED"


def encode(status: str, payload_hash: str, token: str, at_ms: int, response: str | None = None) -> bytes:
    """The spec stores a timestamp; we keep it (``at``, ms since the epoch) beside the state machine's fields.
    A COMPLETED record may carry the handler's saved ``response``, replayed to duplicate deliveries."""
    record: dict[str, Any] = {"status": status, "hash": payload_hash, "token": token, "at": at_ms}
    if response is not None:
        record["response"] = response
    return json.dumps(record, separators=(",", ":")).encode()


def decode(raw: bytes | str | None) -> dict[str, Any] | None:
    """The record, or None when absent or unreadable (an unreadable record is never taken as COMPLETED)."""
    if raw is None:
        return None
    try:
        record = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return record if isinstance(record, dict) else None


def existing(key: str, raw: bytes | str, payload_hash: str, pttl_ms: int | None) -> Claim:
    """What a claim meeting an existing record means. A different payload is an error in any state;
    anything not verifiably COMPLETED is treated as in progress (it expires with its lease)."""
    record = decode(raw)
    if record is not None and record.get("hash") != payload_hash:
        raise IdempotencyPayloadMismatchError(key)
    if record is not None and record.get("status") == COMPLETED:
        response = record.get("response")
        return Claim(key, ClaimStatus.COMPLETED, response=response if isinstance(response, str) else None)
    return Claim(key, ClaimStatus.IN_PROGRESS, retry_after_ms=max(0, pttl_ms or 0))
