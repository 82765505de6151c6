"""Property-based fuzzing of every operation in the OpenAPI document (schemathesis, in-process ASGI).

Checks on every generated request: no 5xx, status code documented, response body and content type
match the schema. Requests are made with the admin key against a real registered tenant, so tenant
routes are exercised past the 404 of a random id.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tests.e2e.conftest import ADMIN_KEY, register


@pytest.fixture
def api_schema(client: Any, container: Any) -> Any:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", client.app)
    tenant, _ = register(client, "fuzz@example.com")
    schema.tenant_id = tenant["id"]
    # Lifecycle operations (suspend, delete...) get a tenant of their own, so they do not turn every later
    # write of the main tenant into a 409.
    schema.lifecycle_tenant_id = register(client, "lifecycle@example.com")[0]["id"]
    schema.client = client
    # A stored session, so the session reads are exercised past their 404 (fuzzed uploads are not zips).
    from tests.e2e.test_api_telegram import SESSION, zipped

    uploaded = client.put(f"/api/v1/tenants/{tenant['id']}/telegram-session", content=zipped(SESSION),
                          headers={"Authorization": f"Bearer {ADMIN_KEY}", "content-type": "application/zip"})
    assert uploaded.status_code == 200, uploaded.text
    # A managed trade, so the trade routes are exercised past the 404 of a random id.
    from tests.support.trades import seed_managed_trade

    broker = client.post(f"/api/v1/tenants/{tenant['id']}/brokers", json={"brokerType": "Paper", "displayName": "T"},
                         headers={"Authorization": f"Bearer {ADMIN_KEY}"}).json()
    connection = container.database.repositories.brokers.get_by_id(tenant_id=tenant["id"], broker_id=broker["id"])
    schema.trade_id = seed_managed_trade(container.database, connection, container.clock).id
    return schema


LIFECYCLE = ("/deactivate", "/reactivate", "/suspend", "/reinstate", "/restore")
CHANNEL_ID = -1001234567890


def _existing_ids(schema: Any) -> dict[str, Any]:
    """A channel and a broker of the main tenant (created again if a fuzzed DELETE removed them), so that
    operations on them are exercised past the 404 of a random id."""
    base, headers = f"/api/v1/tenants/{schema.tenant_id}", {"Authorization": f"Bearer {ADMIN_KEY}"}
    schema.client.post(f"{base}/channels", json={"channelId": CHANNEL_ID}, headers=headers)  # 409 when it exists
    brokers = schema.client.get(f"{base}/brokers", headers=headers).json()
    if not brokers:
        brokers = [schema.client.post(f"{base}/brokers", json={"brokerType": "Paper", "displayName": "Fuzz"},
                                      headers=headers).json()]
    return {"channelId": CHANNEL_ID, "brokerId": brokers[0]["id"]}


# Session uploads are zips: schemathesis sends the generated binary as is (mostly not a zip: a 422 naming it).
schemathesis.serializer.alias("application/zip", "application/octet-stream")
fuzz = schemathesis.pytest.from_fixture("api_schema")
# The bar: no 5xx, documented status codes, bodies, content types and headers; correct 405s.
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance, checks.response_headers_conformance, checks.unsupported_method]
# Valid-by-schema data the domain still refuses (e.g. 255 multi-byte characters for a VARCHAR(255) counted
# in UTF-8 bytes) gets a documented 422; that is not a defect, so the acceptance heuristics are off.
EXCLUDED = [checks.positive_data_acceptance]


# Examples per operation: three in `make test` (every operation, every check, each run new data), many more in
# `make fuzz` (PIPSTER_FUZZ_EXAMPLES=200), where the time goes to depth instead of the suite's ten minutes.
EXAMPLES = int(os.environ.get("PIPSTER_FUZZ_EXAMPLES", "3"))


@fuzz.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_honours_its_schema(case: Any, api_schema: Any) -> None:
    parameters = case.path_parameters or {}
    if "tenantId" in parameters:
        # PATCH may set a status (admin) too.
        lifecycle = case.path in {f"/api/v1/tenants/{{tenantId}}{suffix}" for suffix in LIFECYCLE} or (
            case.method in {"DELETE", "PATCH"} and case.path == "/api/v1/tenants/{tenantId}")
        parameters["tenantId"] = api_schema.lifecycle_tenant_id if lifecycle else api_schema.tenant_id
    if "channelId" in parameters or "brokerId" in parameters:
        parameters.update({k: v for k, v in _existing_ids(api_schema).items() if k in parameters})
    if "tradeId" in parameters:
        parameters["tradeId"] = api_schema.trade_id
    case.call_and_validate(headers={"Authorization": f"Bearer {ADMIN_KEY}"}, checks=CHECKS, excluded_checks=EXCLUDED)
