"""Event stores for tests: Tables on the real Azurite, Cosmos through the real SDK on a faked transport."""

from __future__ import annotations

import uuid
from typing import Any

from azure.core.credentials import AccessToken, AccessTokenInfo

from shared.adapters.events.cosmos import CosmosEventStore, connect_container
from shared.adapters.events.tables import TablesEventStore
from shared.clock import Clock
from shared.settings import Settings
from tests.support.fake_cosmos import ENDPOINT, FakeCosmosTransport
from tests.support.services import Azurite


class FakeCredential:
    """A token credential, so the SDK takes its identity (AAD) path as DefaultAzureCredential would."""

    def __init__(self) -> None:
        self.scopes: list[str] = []

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.scopes.extend(scopes)
        return AccessToken("fake-aad-token", 2**31 - 1)

    def get_token_info(self, *scopes: str, options: Any = None) -> AccessTokenInfo:
        self.scopes.extend(scopes)
        return AccessTokenInfo("fake-aad-token", 2**31 - 1)


def tables_store(azurite: Azurite, clock: Clock) -> TablesEventStore:
    from azure.data.tables import TableServiceClient

    service = TableServiceClient.from_connection_string(azurite.connection_string)
    return TablesEventStore(service, f"events{uuid.uuid4().hex[:12]}", clock=clock)


def cosmos_settings(*, create: bool = True, **overrides: Any) -> Settings:
    return Settings(events_backend="cosmos", cosmos_endpoint=ENDPOINT, cosmos_create=create, **overrides)


def cosmos_store(
    clock: Clock, *, create: bool = True, transport: FakeCosmosTransport | None = None, **overrides: Any
) -> tuple[CosmosEventStore, FakeCosmosTransport]:
    transport = transport or FakeCosmosTransport(clock)
    settings = cosmos_settings(create=create, **overrides)
    store = CosmosEventStore(lambda: connect_container(settings, credential=FakeCredential(), transport=transport))
    return store, transport
