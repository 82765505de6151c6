"""Entity id generation: a short type prefix plus 128 random bits, well inside VARCHAR(50)."""

from __future__ import annotations

import uuid


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"
