"""The event store on Azure Cosmos DB for NoSQL (``azure-cosmos``, imported only when this backend is chosen).

One container partitioned on ``/tenantId`` with a default TTL of 90 days; every item carries the
spec's ``ttl``. Cosmos expires items itself (counted from the item's last write, and events are
never rewritten), so ``delete_expired`` has nothing to do. Every query passes the tenant as the
partition key: no query fans out across partitions. Ids are unique per partition, which is exactly
"the same event id twice stores it once" for a tenant.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from itertools import islice
from typing import TYPE_CHECKING, Any

from shared.domain.events import EVENT_TTL_SECONDS, Event, format_timestamp
from shared.ports.events import AbstractEventStore, Cursor, EventQuery, EventTooLargeError, partition_batches

if TYPE_CHECKING:
    from azure.cosmos import ContainerProxy

    from shared.settings import Settings

logger = logging.getLogger(__name__)

MAX_ITEM_BYTES = 2 * 1024 * 1024  # the service's item size limit
_SYSTEM_PROPERTIES_ALLOWANCE = 512  # _rid, _self, _etag, _ts the service adds to every item
PARTITION_KEY_PATH = "/tenantId"
# ORDER BY on two properties needs this composite index; the default range index covers the filters.
INDEXING_POLICY: dict[str, Any] = {
    "indexingMode": "consistent",
    "automatic": True,
    "includedPaths": [{"path": "/*"}],
    "excludedPaths": [{"path": "/data/*"}, {"path": '/"_etag"/?'}],
    "compositeIndexes": [[{"path": "/timestamp", "order": "descending"}, {"path": "/id", "order": "ascending"}]],
}


_BATCH_OPERATIONS = 100  # the service's limit for one transactional batch
_BATCH_BYTES = 2 * 1024 * 1024 - 64 * 1024  # its 2 MiB payload limit, less room for the batch's own framing


def _document(event: Event) -> tuple[dict[str, Any], int]:
    """The item and its size in bytes; refused whole when the service could not store it."""
    document = event.to_document()
    size = len(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    if size + _SYSTEM_PROPERTIES_ALLOWANCE > MAX_ITEM_BYTES:
        raise EventTooLargeError("data", f"the event is {size} bytes of JSON; a Cosmos item holds {MAX_ITEM_BYTES}")
    return document, size


class CosmosEventStore(AbstractEventStore):
    """Events in one Cosmos container; ``connect`` builds the container client on first use (it does I/O)."""

    native_ttl = True

    def __init__(self, connect: Callable[[], ContainerProxy]) -> None:
        self._connect = connect
        self._container: ContainerProxy | None = None
        self._lock = threading.Lock()

    def _items(self) -> ContainerProxy:
        if self._container is None:
            with self._lock:
                if self._container is None:
                    self._container = self._connect()
        return self._container

    def _append(self, event: Event) -> bool:
        from azure.cosmos.exceptions import CosmosResourceExistsError

        document, _ = _document(event)
        try:
            # Create, never upsert: an existing id is left exactly as it was (append-only).
            self._items().create_item(body=document)
        except CosmosResourceExistsError:
            logger.debug("event %s of tenant %s already stored", event.id, event.tenant_id)
            return False
        return True

    def _append_many(self, events: list[Event]) -> list[bool]:
        from azure.cosmos.exceptions import CosmosBatchOperationError

        documents = {id(event): _document(event) for event in events}  # an oversized one refuses them all
        stored: dict[int, bool] = {}
        for tenant_id, chunk in partition_batches(
                events, max_events=_BATCH_OPERATIONS, max_bytes=_BATCH_BYTES,
                size_of=lambda event: documents[id(event)][1] + _SYSTEM_PROPERTIES_ALLOWANCE):
            operations = [("create", (documents[id(event)][0],)) for _, event in chunk]
            try:  # a transactional batch: one partition, all or nothing
                self._items().execute_item_batch(batch_operations=operations, partition_key=tenant_id)
            except CosmosBatchOperationError as exc:
                if exc.status_code != 409:
                    raise
                # one of them exists (a retried message): the batch changed nothing; one by one
                stored.update((index, self._append(event)) for index, event in chunk)
                continue
            stored.update((index, True) for index, _ in chunk)
        return [stored[index] for index in range(len(events))]

    def _query(self, query: EventQuery, after: Cursor | None, limit: int) -> list[Event]:
        conditions = ["c.tenantId = @tenantId", "c.timestamp >= @since", "c.timestamp < @until"]
        parameters: list[dict[str, Any]] = [
            {"name": "@tenantId", "value": query.tenant_id},
            {"name": "@since", "value": format_timestamp(query.since)},
            {"name": "@until", "value": format_timestamp(query.until)},
        ]
        if query.types:
            conditions.append("ARRAY_CONTAINS(@types, c.type)")
            parameters.append({"name": "@types", "value": [str(t) for t in query.types]})
        if after is not None:
            conditions.append("(c.timestamp < @afterTs OR (c.timestamp = @afterTs AND c.id > @afterId))")
            parameters += [
                {"name": "@afterTs", "value": format_timestamp(after.timestamp)},
                {"name": "@afterId", "value": after.event_id},
            ]
        parameters.append({"name": "@limit", "value": limit})
        # Only the constant fragments above are joined; every value travels as a parameter. TOP stops early.
        where = " AND ".join(conditions)
        text = "SELECT TOP @limit * FROM c WHERE " + where + " ORDER BY c.timestamp DESC, c.id ASC"  # noqa: S608
        items = self._items().query_items(
            query=text, parameters=parameters, partition_key=query.tenant_id, max_item_count=limit
        )
        return [Event.from_document(item) for item in islice(items, limit)]

    def _purge_tenant(self, tenant_id: str) -> int:
        from azure.cosmos.exceptions import CosmosResourceNotFoundError

        container = self._items()
        ids = list(container.query_items(
            query="SELECT VALUE c.id FROM c WHERE c.tenantId = @tenantId",
            parameters=[{"name": "@tenantId", "value": tenant_id}],
            partition_key=tenant_id,
        ))
        deleted = 0
        for item_id in ids:
            try:
                container.delete_item(item=item_id, partition_key=tenant_id)
                deleted += 1
            except CosmosResourceNotFoundError:
                pass  # expired or purged concurrently: gone either way
        logger.info("purged %s events of tenant %s", deleted, tenant_id)
        return deleted


def connect_container(settings: Settings, *, credential: Any = None, **client_options: Any) -> ContainerProxy:
    """The events container from settings, identity-based (``DefaultAzureCredential`` unless given one).

    With ``PIPSTER_COSMOS_CREATE`` the database and container are created when missing (partition key
    ``/tenantId``, default TTL 90 days, the composite index the queries sort on). Data-plane RBAC cannot
    create them, so production leaves it off and provisions them in Bicep.
    """
    from azure.cosmos import CosmosClient, PartitionKey

    if not settings.cosmos_endpoint:
        raise ValueError("PIPSTER_COSMOS_ENDPOINT is required when PIPSTER_EVENTS_BACKEND=cosmos")
    if credential is None:
        from shared.adapters.identity import azure_credential

        credential = azure_credential()
    client = CosmosClient(settings.cosmos_endpoint, credential=credential, **client_options)
    if not settings.cosmos_create:
        return client.get_database_client(settings.cosmos_database).get_container_client(settings.cosmos_container)
    database = client.create_database_if_not_exists(id=settings.cosmos_database)
    return database.create_container_if_not_exists(
        id=settings.cosmos_container,
        partition_key=PartitionKey(path=PARTITION_KEY_PATH),
        default_ttl=EVENT_TTL_SECONDS,
        indexing_policy=INDEXING_POLICY,
    )
