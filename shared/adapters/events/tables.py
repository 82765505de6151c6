"""The event store on Azure Tables (Azurite locally; a storage account or Cosmos DB's Table API in Azure).

Layout, per event, in the tenant's partition (PartitionKey = tenantId):

* the event row, RowKey ``{inverted milliseconds:015d}_{id}``: ascending RowKey order is newest first,
  ties in id order; properties ``Type``, ``EventId``, ``EventTime``, ``ExpiresAt`` and the JSON document
  in ``Doc00``, ``Doc01``, ... (a string property holds at most 64 KiB of UTF-16);
* an id marker row, RowKey ``id_{id}``, which makes the id unique within the tenant whatever the
  timestamp. Both are written in one entity-group transaction: either both exist or neither.

Tables has no TTL, so ``delete_expired`` finds rows by ``ExpiresAt`` and deletes them in batches.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any

from shared.clock import Clock, SystemClock
from shared.domain.events import Event
from shared.ports.events import AbstractEventStore, Cursor, EventQuery, EventTooLargeError, partition_batches

if TYPE_CHECKING:
    from azure.data.tables import TableClient, TableServiceClient

logger = logging.getLogger(__name__)

MAX_ENTITY_BYTES = 1024 * 1024  # the service's limit for one entity
_CHUNK_CHARS = 16_384  # at most 4 UTF-16 bytes per character: a chunk never passes 64 KiB
_MAX_MS = 10**15 - 1  # 15 digits cover every millisecond up to year 9999
_MARKER = "id_"  # marker RowKeys sort after every event RowKey (digits)


_BATCH_EVENTS = 50  # the service takes 100 entities in one entity-group transaction: two per event
_BATCH_BYTES = 4 * 1024 * 1024 - 64 * 1024  # its 4 MiB payload limit, less room for the batch's own framing


def _weight(event: Event) -> int:
    return 2 * len(json.dumps(event.data, ensure_ascii=False)) + 2048  # UTF-16 in the payload, plus the envelope


def inverted(moment: datetime) -> str:
    return f"{_MAX_MS - int(moment.timestamp() * 1000):015d}"


def row_key(moment: datetime, event_id: str) -> str:
    return f"{inverted(moment)}_{event_id}"


def _string_bytes(value: str) -> int:
    return len(value.encode("utf-16-le"))


def entity_size(entity: dict[str, Any]) -> int:
    """The service's documented formula: 4 + 2*len(keys) + per property 8 + 2*len(name) + value size."""
    size = 4 + _string_bytes(entity["PartitionKey"]) + _string_bytes(entity["RowKey"])
    for name, value in entity.items():
        if name in ("PartitionKey", "RowKey"):
            continue
        size += 8 + _string_bytes(name) + (4 + _string_bytes(value) if isinstance(value, str) else 8)
    return size


class TablesEventStore(AbstractEventStore):
    """Events on one table. The table is created on first use when it does not exist."""

    def __init__(self, service: TableServiceClient, table_name: str, *, clock: Clock | None = None) -> None:
        self._service = service
        self._table_name = table_name
        self._clock = clock or SystemClock()
        self._client: TableClient | None = None
        self._lock = threading.Lock()

    def _table(self) -> TableClient:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = self._service.create_table_if_not_exists(self._table_name)
        return self._client

    # -- writing -------------------------------------------------------------------------------------------

    def _entities(self, event: Event) -> tuple[dict[str, Any], dict[str, Any]]:
        document = json.dumps(event.to_document(), ensure_ascii=False, separators=(",", ":"))
        key = row_key(event.timestamp, event.id)
        expires = event.timestamp + timedelta(seconds=event.ttl)
        row: dict[str, Any] = {
            "PartitionKey": event.tenant_id,
            "RowKey": key,
            "Type": str(event.type),
            "EventId": event.id,
            "EventTime": event.timestamp,
            "ExpiresAt": expires,
        }
        for index in range(0, len(document), _CHUNK_CHARS):
            row[f"Doc{index // _CHUNK_CHARS:02d}"] = document[index:index + _CHUNK_CHARS]
        size = entity_size(row)
        if size > MAX_ENTITY_BYTES:
            raise EventTooLargeError(
                "data", f"the event needs {size} bytes as a table entity; the limit is {MAX_ENTITY_BYTES}"
            )
        marker = {"PartitionKey": event.tenant_id, "RowKey": _MARKER + event.id, "EventRow": key,
                  "ExpiresAt": expires}
        return row, marker

    def _append(self, event: Event) -> bool:
        row, marker = self._entities(event)
        if self._submit([("create", marker), ("create", row)]):
            return True
        logger.debug("event %s of tenant %s already stored", event.id, event.tenant_id)
        return False

    def _append_many(self, events: list[Event]) -> list[bool]:
        entities = {id(event): self._entities(event) for event in events}  # an oversized one refuses them all
        stored: dict[int, bool] = {}
        for _, chunk in partition_batches(events, max_events=_BATCH_EVENTS, max_bytes=_BATCH_BYTES,
                                          size_of=_weight):
            operations: list[tuple[str, dict[str, Any]]] = []
            for _, event in chunk:
                row, marker = entities[id(event)]
                operations += [("create", marker), ("create", row)]
            if self._submit(operations):
                stored.update((index, True) for index, _ in chunk)
            else:  # one of them exists (a retried message): the transaction changed nothing; one by one
                stored.update((index, self._append(event)) for index, event in chunk)
        return [stored[index] for index in range(len(events))]

    def _submit(self, operations: list[tuple[str, dict[str, Any]]]) -> bool:
        """One entity-group transaction; False when an entity exists already (then nothing was written)."""
        from azure.core.exceptions import ResourceExistsError
        from azure.data.tables import TableTransactionError

        try:
            self._table().submit_transaction(operations)
        except (TableTransactionError, ResourceExistsError) as exc:
            if getattr(exc, "status_code", None) == 409 or getattr(exc, "error_code", "") == "EntityAlreadyExists":
                return False
            raise
        return True

    # -- reading -------------------------------------------------------------------------------------------

    def _query(self, query: EventQuery, after: Cursor | None, limit: int) -> list[Event]:
        # [since, until) in time is (inverted(until), inverted(since)] in RowKey space.
        lower = f"{int(inverted(query.until)) + 1:015d}"
        upper = f"{int(inverted(query.since)) + 1:015d}"
        parts = ["PartitionKey eq @tenant", "RowKey ge @lower", "RowKey lt @upper", "ExpiresAt gt @now"]
        parameters: dict[str, Any] = {
            "tenant": query.tenant_id, "lower": lower, "upper": upper, "now": self._clock.now(),
        }
        if after is not None:
            parts.append("RowKey gt @after")
            parameters["after"] = row_key(after.timestamp, after.event_id)
        if query.types:
            names = [f"@type{i}" for i in range(len(query.types))]
            # The SDK substitutes @names between spaces only: the parentheses need spaces around them.
            parts.append("( " + " or ".join(f"Type eq {name}" for name in names) + " )")
            parameters.update({name[1:]: str(t) for name, t in zip(names, query.types, strict=True)})
        entities = self._table().query_entities(
            " and ".join(parts), parameters=parameters, results_per_page=min(limit, 1000)
        )
        return [self._event(entity) for entity in islice(entities, limit)]

    @staticmethod
    def _event(entity: dict[str, Any]) -> Event:
        chunks = sorted(name for name in entity if name.startswith("Doc"))
        return Event.from_document(json.loads("".join(entity[name] for name in chunks)))

    # -- deleting ------------------------------------------------------------------------------------------

    def _purge_tenant(self, tenant_id: str) -> int:
        keys = self._table().query_entities(
            "PartitionKey eq @tenant", parameters={"tenant": tenant_id}, select=["PartitionKey", "RowKey"]
        )
        return self._delete_rows(keys, batch_size=100)

    def _delete_expired(self, now: datetime, batch_size: int) -> int:
        keys = self._table().query_entities(
            "ExpiresAt le @now", parameters={"now": now}, select=["PartitionKey", "RowKey"]
        )
        deleted = self._delete_rows(keys, batch_size)
        logger.info("deleted %s expired events from table %s", deleted, self._table_name)
        return deleted

    def _delete_rows(self, keys: Iterable[dict[str, Any]], batch_size: int) -> int:
        """Delete rows in entity-group transactions (one partition, ``batch_size`` rows each); count events."""
        deleted = 0
        for batch in _partition_batches(keys, batch_size):
            self._delete_batch(batch)
            deleted += sum(1 for key in batch if not key["RowKey"].startswith(_MARKER))
        return deleted

    def _delete_batch(self, batch: list[dict[str, Any]]) -> None:
        from azure.core.exceptions import ResourceNotFoundError
        from azure.data.tables import TableTransactionError

        table = self._table()
        try:
            table.submit_transaction([("delete", key) for key in batch])
        except TableTransactionError:
            # One row already gone (a concurrent cleanup or purge) fails the whole transaction: go row by row.
            for key in batch:
                try:
                    table.delete_entity(key["PartitionKey"], key["RowKey"])
                except ResourceNotFoundError:
                    pass


def _partition_batches(keys: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for key in keys:
        entry = {"PartitionKey": key["PartitionKey"], "RowKey": key["RowKey"]}
        if batch and (len(batch) == size or batch[0]["PartitionKey"] != entry["PartitionKey"]):
            yield batch
            batch = []
        batch.append(entry)
    if batch:
        yield batch
