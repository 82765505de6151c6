"""A fake Cosmos DB gateway behind the REAL ``azure-cosmos`` SDK: only the HTTP transport is replaced.

No Cosmos emulator runs on our machines, so the SDK's requests are answered here with the REST shapes
the service returns (account read ``GET /``, database and collection reads and creates, ``pkranges``,
document create / read / delete / query with ``x-ms-continuation`` paging). The fake keeps the
service's rules the tests rely on: ids unique per logical partition (409), the partition key header
required on item operations and on queries (else the gateway's 400 "cross partition query"), and
TTL — an item is gone once ``_ts`` + its ``ttl`` (or the container's ``defaultTtl``) has passed on
the given clock; item ``ttl`` counts only when the container has a default. Queries run on a small
evaluator of the SQL subset the adapter uses (fake_cosmos_sql.py). Every request is recorded so
tests can assert headers, bodies and query text.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlparse

from azure.core.pipeline.transport import HttpResponse, HttpTransport

from shared.clock import Clock
from tests.support.fake_cosmos_sql import GatewayError, Query

ACCOUNT_HOST = "fake-account.documents.azure.com"
ENDPOINT = f"https://{ACCOUNT_HOST}:443/"


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class _Collection:
    properties: dict[str, Any]
    items: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


class _Response(HttpResponse):
    def __init__(self, request: Any, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(request, None)
        self.status_code = status
        self.reason = {200: "OK", 201: "Created", 204: "No Content", 207: "Multi-Status"}.get(status, "Error")
        self.headers = {"Content-Type": "application/json", "x-ms-request-charge": "1.0",
                        "x-ms-session-token": "0:1#1", **(headers or {})}
        self.content_type = "application/json"
        self._body = b"" if payload is None else json.dumps(payload).encode()

    def body(self) -> bytes:
        return self._body


class FakeCosmosTransport(HttpTransport):
    """Serves one account; ``databases`` holds ``{db: {coll: _Collection}}``."""

    def __init__(self, clock: Clock, *, max_page: int = 1000) -> None:
        self.clock = clock
        self.max_page = max_page  # the gateway may return fewer items than asked, with a continuation
        self.requests: list[Recorded] = []
        self.databases: dict[str, dict[str, _Collection]] = {}

    # HttpTransport plumbing
    def __enter__(self) -> FakeCosmosTransport:
        return self

    def __exit__(self, *args: Any) -> None:
        return None

    def open(self) -> None:
        return None

    def close(self) -> None:
        return None

    def add_container(self, database: str, container: str, *, default_ttl: int | None = 7_776_000) -> None:
        self.databases.setdefault(database, {})[container] = _Collection(self._collection_properties(
            {"id": container, "partitionKey": {"paths": ["/tenantId"], "kind": "Hash", "version": 2},
             "defaultTtl": default_ttl}
        ))

    def items(self, database: str, container: str) -> list[dict[str, Any]]:
        collection = self.databases[database][container]
        return [item for item in collection.items.values() if self._alive(collection, item)]

    def send(self, request: Any, **kwargs: Any) -> HttpResponse:
        url = urlparse(request.url)
        path = unquote(url.path).strip("/")
        raw = request.body if request.body is not None else getattr(request, "data", None)
        body = json.loads(raw) if raw else None
        headers = {k.lower(): str(v) for k, v in request.headers.items()}
        self.requests.append(Recorded(request.method, "/" + path, headers, body))
        try:
            return self._route(request, request.method, path.split("/") if path else [], headers, body)
        except GatewayError as error:
            return _Response(request, error.status, {"code": error.code, "message": error.message},
                             {"x-ms-substatus": str(error.substatus)} if error.substatus else None)

    # -- routing -------------------------------------------------------------------------------------------

    def _route(self, request: Any, method: str, parts: list[str], headers: dict[str, str], body: Any) -> _Response:
        if not parts and method == "GET":
            return _Response(request, 200, self._account())
        if parts[:1] != ["dbs"]:
            raise GatewayError(404, "NotFound", "unknown resource")
        if len(parts) == 1 and method == "POST":
            return self._create_database(request, body)
        database = self._database(parts[1]) if len(parts) >= 2 else None
        if len(parts) == 2 and method == "GET":
            return _Response(request, 200, self._database_properties(parts[1]))
        if len(parts) == 3 and parts[2] == "colls" and method == "POST":
            return self._create_collection(request, parts[1], body)
        collection = self._collection(database, parts[3]) if len(parts) >= 4 else None
        if collection is None:
            raise GatewayError(404, "NotFound", "unknown resource")
        if len(parts) == 4 and method == "GET":
            return _Response(request, 200, collection.properties)
        if parts[4:] == ["pkranges"]:
            return _Response(request, 200, {
                "_rid": collection.properties["_rid"], "_count": 1,
                "PartitionKeyRanges": [{"id": "0", "minInclusive": "", "maxExclusive": "FF", "parents": [],
                                        "_rid": "range0", "_etag": '"1"', "status": "online"}],
            }, {"etag": '"pk1"'})
        if parts[4:] == ["docs"] and method == "POST":
            if headers.get("x-ms-documentdb-isquery", "").lower() == "true":
                return self._query(request, collection, headers, body)
            if headers.get("x-ms-cosmos-is-batch-request", "").lower() == "true":
                return self._batch(request, collection, headers, body)
            return self._create_item(request, collection, headers, body)
        if len(parts) == 6 and parts[4] == "docs":
            return self._item(request, method, collection, headers, parts[5])
        raise GatewayError(405, "MethodNotAllowed", f"{method} /{'/'.join(parts)}")

    def _account(self) -> dict[str, Any]:
        location = [{"name": "West Europe", "databaseAccountEndpoint": ENDPOINT}]
        return {
            "_self": "", "id": "fake-account", "_rid": ACCOUNT_HOST, "media": "//media/", "addresses": "//addresses/",
            "_dbs": "//dbs/", "writableLocations": location, "readableLocations": location,
            "enableMultipleWriteLocations": False,
            "userReplicationPolicy": {"asyncReplication": False, "minReplicaSetSize": 3, "maxReplicasetSize": 4},
            "userConsistencyPolicy": {"defaultConsistencyLevel": "Session"},
            "systemReplicationPolicy": {"minReplicaSetSize": 3, "maxReplicasetSize": 4},
            "readPolicy": {"primaryReadCoefficient": 1, "secondaryReadCoefficient": 1},
            "queryEngineConfiguration": json.dumps({"maxSqlQueryInputLength": 262144, "maxJoinsPerSqlQuery": 5}),
        }

    def _database(self, name: str) -> dict[str, _Collection]:
        if name not in self.databases:
            raise GatewayError(404, "NotFound", f"database {name} does not exist")
        return self.databases[name]

    def _database_properties(self, name: str) -> dict[str, Any]:
        self._database(name)
        return {"id": name, "_rid": f"db-{name}", "_self": f"dbs/{name}/", "_etag": '"1"', "_colls": "colls/",
                "_users": "users/", "_ts": self._now()}

    def _create_database(self, request: Any, body: Any) -> _Response:
        if body["id"] in self.databases:
            raise GatewayError(409, "Conflict", "database exists")
        self.databases[body["id"]] = {}
        return _Response(request, 201, self._database_properties(body["id"]))

    def _collection(self, database: dict[str, _Collection] | None, name: str) -> _Collection:
        if database is None or name not in database:
            raise GatewayError(404, "NotFound", f"collection {name} does not exist")
        return database[name]

    def _collection_properties(self, body: dict[str, Any]) -> dict[str, Any]:
        properties = {"indexingPolicy": {"indexingMode": "consistent", "automatic": True}, **body}
        properties.update({"_rid": f"coll-{body['id']}", "_self": f"colls/{body['id']}/", "_etag": '"1"',
                           "_docs": "docs/", "_ts": self._now()})
        return properties

    def _create_collection(self, request: Any, database_name: str, body: Any) -> _Response:
        database = self._database(database_name)
        if body["id"] in database:
            raise GatewayError(409, "Conflict", "collection exists")
        database[body["id"]] = _Collection(self._collection_properties(body))
        return _Response(request, 201, database[body["id"]].properties)

    # -- items ---------------------------------------------------------------------------------------------

    def _now(self) -> int:
        return int(self.clock.now().timestamp())

    @staticmethod
    def _partition(headers: dict[str, str]) -> str:
        header = headers.get("x-ms-documentdb-partitionkey")
        if header is None:
            raise GatewayError(400, "BadRequest", "partition key header required", substatus=1001)
        return str(json.loads(header)[0])

    def _alive(self, collection: _Collection, item: dict[str, Any]) -> bool:
        default = collection.properties.get("defaultTtl")
        if default is None:
            return True  # without a container default, item ttl is ignored (the service's rule)
        ttl = item.get("ttl", default)
        return ttl == -1 or item["_ts"] + ttl > self._now()

    def _create_item(self, request: Any, collection: _Collection, headers: dict[str, str], body: Any) -> _Response:
        partition = self._partition(headers)
        if body.get("tenantId") != partition:
            raise GatewayError(400, "BadRequest", "partition key in header does not match the document")
        key = (partition, body["id"])
        existing = collection.items.get(key)
        if existing is not None and self._alive(collection, existing):
            raise GatewayError(409, "Conflict", "Entity with the specified id already exists in the system.")
        return _Response(request, 201, self._store(collection, partition, body))

    def _batch(self, request: Any, collection: _Collection, headers: dict[str, str], body: Any) -> _Response:
        """A transactional batch of creates in one partition (the only operation the adapter batches): all
        or nothing. As the service documents it: 200 and one result per operation when every one succeeds;
        otherwise 207, the failing operation's own status and 424 (failed dependency) for the rest."""
        if headers.get("x-ms-cosmos-batch-atomic", "").lower() != "true":
            raise GatewayError(400, "BadRequest", "only atomic batches are served here")
        if len(body) > 100:
            raise GatewayError(400, "BadRequest", "a batch holds at most 100 operations")
        partition = self._partition(headers)
        failed: int | None = None
        for index, operation in enumerate(body):
            document = operation.get("resourceBody") or {}
            if operation.get("operationType") != "Create" or document.get("tenantId") != partition:
                raise GatewayError(400, "BadRequest", f"operation {index} is not a create in this partition")
            existing = collection.items.get((partition, document["id"]))
            if failed is None and existing is not None and self._alive(collection, existing):
                failed = index
        if failed is not None:
            results = [{"statusCode": 409 if i == failed else 424, "requestCharge": 1.0} for i in range(len(body))]
            return _Response(request, 207, results)
        stored = [self._store(collection, partition, operation["resourceBody"]) for operation in body]
        return _Response(request, 200, [{"statusCode": 201, "requestCharge": 1.0, "resourceBody": item,
                                         "eTag": item["_etag"]} for item in stored])

    def _store(self, collection: _Collection, partition: str, body: dict[str, Any]) -> dict[str, Any]:
        stored = {**body, "_rid": uuid.uuid4().hex[:16], "_self": "", "_etag": f'"{uuid.uuid4()}"',
                  "_attachments": "attachments/", "_ts": self._now()}
        collection.items[(partition, body["id"])] = stored
        return stored

    def _item(self, request: Any, method: str, collection: _Collection, headers: dict[str, str], item_id: str
              ) -> _Response:
        key = (self._partition(headers), item_id)
        item = collection.items.get(key)
        if item is None or not self._alive(collection, item):
            raise GatewayError(404, "NotFound", "Entity with the specified id does not exist in the system.")
        if method == "DELETE":
            del collection.items[key]
            return _Response(request, 204, None)
        if method == "GET":
            return _Response(request, 200, item)
        raise GatewayError(405, "MethodNotAllowed", method)

    def _query(self, request: Any, collection: _Collection, headers: dict[str, str], body: Any) -> _Response:
        if headers.get("content-type", "").split(";")[0] != "application/query+json":
            raise GatewayError(400, "BadRequest", "queries are sent as application/query+json")
        partition = self._partition(headers)
        query = Query.parse(body["query"])
        parameters = {p["name"]: p["value"] for p in body.get("parameters", [])}
        rows = [item for (pk, _), item in collection.items.items() if pk == partition and self._alive(collection, item)]
        results = query.run(rows, parameters)
        start = int(headers.get("x-ms-continuation") or 0)
        size = int(headers.get("x-ms-max-item-count") or 100)
        if size < 0:
            size = 100
        size = min(size, self.max_page)
        page = results[start:start + size]
        extra = {"x-ms-item-count": str(len(page))}
        if start + size < len(results):
            extra["x-ms-continuation"] = str(start + size)
        return _Response(request, 200, {"_rid": collection.properties["_rid"], "Documents": page,
                                        "_count": len(page)}, extra)
