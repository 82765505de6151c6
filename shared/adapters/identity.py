"""The worker's one Azure credential, shared by every Azure client (Azure Identity's guidance: a credential
caches its tokens, so one per process, not one per client). Imported lazily: local runs never load it."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def azure_credential() -> Any:
    from azure.identity import DefaultAzureCredential

    return DefaultAzureCredential()
