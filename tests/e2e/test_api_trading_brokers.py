"""Trading configuration and broker connections through the ASGI app; broker credentials are write-only."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.e2e.conftest import bearer, events_of, register

SECRET = "tok-live-0123456789-SECRET"


@pytest.fixture
def tenant(client: TestClient) -> tuple[str, dict[str, str]]:
    created, key = register(client)
    return f"/api/v1/tenants/{created['id']}", bearer(key)


def test_trading_config_defaults_replace_and_patch(client: TestClient, tenant) -> None:  # type: ignore[no-untyped-def]
    url, key = tenant
    initial = client.get(f"{url}/trading-config", headers=key).json()
    assert initial["sizingMode"] == "Fixed" and initial["fixedUnits"] == 1 and initial["autoExecuteEnabled"] is False

    replaced = client.put(f"{url}/trading-config", headers=key, json={
        "sizingMode": "PercentEquity", "equityPercentage": 2.5, "maxSlippagePips": 1.5,
        "whitelistedSymbols": ["eur/usd", "XAUUSD"], "session": {"start": "22:00:00", "end": "02:00:00",
                                                                 "days": ["Mon", "Fri"]},
        "autoExecuteEnabled": True})
    assert replaced.status_code == 200, replaced.text
    body = replaced.json()
    assert body["sizingMode"] == "PercentEquity" and body["fixedUnits"] is None and body["equityPercentage"] == 2.5
    assert body["whitelistedSymbols"] == ["EURUSD", "XAUUSD"]
    assert body["session"] == {"start": "22:00:00", "end": "02:00:00", "days": ["Mon", "Fri"]}

    patched = client.patch(f"{url}/trading-config", json={"sizingMode": "Fixed", "fixedUnits": 500, "session": None},
                           headers=key).json()
    assert patched["sizingMode"] == "Fixed" and patched["fixedUnits"] == 500 and patched["session"] is None
    assert patched["equityPercentage"] == 2.5 and patched["autoExecuteEnabled"] is True  # untouched fields stay
    assert client.get(f"{url}/trading-config", headers=key).json() == patched


@pytest.mark.parametrize(("method", "body", "field"), [
    ("put", {"equityPercentage": 150}, "equityPercentage"),
    ("put", {"sizingMode": "Martingale"}, "sizingMode"),
    ("put", {"sizingMode": "PercentEquity"}, "equityPercentage"),
    ("patch", {"blacklistedSymbols": ["EURUSD"], "whitelistedSymbols": ["EURUSD"]}, "blacklistedSymbols"),
    ("patch", {"maxSlippagePips": 1.234}, "maxSlippagePips"),
    ("patch", {"autoExecuteEnabled": None}, "autoExecuteEnabled"),
    ("patch", {"session": {"start": "09:00:00"}}, "tradingSessionEnd"),
])
def test_invalid_trading_changes_are_422_and_change_nothing(client: TestClient, tenant, method: str, body: dict,  # type: ignore[no-untyped-def]
                                                            field: str) -> None:
    url, key = tenant
    before = client.get(f"{url}/trading-config", headers=key).json()
    response = getattr(client, method)(f"{url}/trading-config", json=body, headers=key)
    assert response.status_code == 422 and response.json()["field"] == field, response.text
    assert client.get(f"{url}/trading-config", headers=key).json() == before


def test_broker_credentials_are_write_only(client: TestClient, tenant, container) -> None:  # type: ignore[no-untyped-def]
    url, key = tenant
    tenant_id = url.rsplit("/", 1)[1]
    created = client.post(f"{url}/brokers", headers=key, json={
        "brokerType": "Oanda", "displayName": "OANDA live", "credentials": {"apiToken": SECRET},
        "metadata": {"environment": "live"}})
    assert created.status_code == 201, created.text
    broker = created.json()
    assert broker["credentialsSet"] is True and broker["brokerType"] == "Oanda" and SECRET not in created.text
    url_b = f"{url}/brokers/{broker['id']}"

    replaced = client.put(f"{url_b}/credentials", json={"credentials": {"apiToken": SECRET + "2"}}, headers=key)
    assert replaced.status_code == 200 and SECRET not in replaced.text
    revealed = container.credentials.reveal_broker_credentials(tenant_id=tenant_id, broker_id=broker["id"])
    assert revealed["apiToken"] == SECRET + "2"  # stored sealed, readable by the executor only
    stored = container.database.repositories.brokers.get_by_id(tenant_id=tenant_id, broker_id=broker["id"])
    assert SECRET not in stored.encrypted_credentials

    texts = [client.get(url_b, headers=key).text, client.get(f"{url}/brokers", headers=key).text,
             client.get(f"{url}/export", headers=key).text,
             json.dumps([e.to_document() for e in events_of(container, tenant_id)])]
    assert all(SECRET not in text for text in texts)
    empty = client.put(f"{url_b}/credentials", json={"credentials": {}}, headers=key)
    assert empty.status_code == 422 and empty.json()["field"] == "credentials"


def test_broker_lifecycle(client: TestClient, tenant) -> None:  # type: ignore[no-untyped-def]
    url, key = tenant
    broker = client.post(f"{url}/brokers", json={"brokerType": "Paper", "displayName": "Paper"}, headers=key).json()
    assert broker["credentialsSet"] is False and broker["isActive"] is True
    url_b = f"{url}/brokers/{broker['id']}"
    assert client.post(f"{url_b}/deactivate", headers=key).json()["isActive"] is False
    assert client.post(f"{url_b}/activate", headers=key).json()["isActive"] is True
    patched = client.patch(url_b, json={"displayName": "Renamed", "metadata": {"currency": "EUR"}}, headers=key)
    assert patched.json()["displayName"] == "Renamed" and patched.json()["metadata"] == {"currency": "EUR"}
    too_big = client.patch(url_b, json={"metadata": {"blob": "x" * 20_000}}, headers=key)
    assert too_big.status_code == 422 and too_big.json()["field"] == "metadata"
    bad_type = client.post(f"{url}/brokers", json={"brokerType": "MetaTrader", "displayName": "X"}, headers=key)
    assert bad_type.status_code == 422 and bad_type.json()["field"] == "brokerType"
    assert client.delete(url_b, headers=key).status_code == 204
    gone = client.get(url_b, headers=key)
    assert gone.status_code == 404 and gone.json()["field"] == "brokerId"
    assert client.get(f"{url}/brokers", headers=key).json() == []


def test_broker_type_names_cover_every_broker_type() -> None:
    from typing import get_args

    from functions.http.models import pascal
    from functions.http.routes.brokers import BrokerTypeName
    from shared.domain.enums import BrokerType

    assert sorted(get_args(BrokerTypeName)) == sorted(pascal(t.name) for t in BrokerType)


@pytest.mark.parametrize("balance", [-5, 0, "1000", True, 1e16, None, {"amount": 5}])
def test_a_paper_opening_balance_that_cannot_trade_is_422_naming_it(client: TestClient, tenant,  # type: ignore[no-untyped-def]
                                                                    balance: object) -> None:
    url, key = tenant
    refused = client.post(f"{url}/brokers", json={"brokerType": "Paper", "displayName": "Paper",
                                                  "metadata": {"initialBalance": balance}}, headers=key)
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == "metadata.initialBalance"
    assert client.get(f"{url}/brokers", headers=key).json() == []
    paper = client.post(f"{url}/brokers", json={"brokerType": "Paper", "displayName": "Paper",
                                                "metadata": {"initialBalance": 2500.5}}, headers=key).json()
    patched = client.patch(f"{url}/brokers/{paper['id']}", json={"metadata": {"initialBalance": balance}}, headers=key)
    assert patched.status_code == 422 and patched.json()["field"] == "metadata.initialBalance"
    assert client.get(f"{url}/brokers/{paper['id']}", headers=key).json()["metadata"] == {"initialBalance": 2500.5}


def _nested(depth: int) -> dict[str, object]:
    document: dict[str, object] = {}
    for _ in range(depth - 1):
        document = {"a": document}
    return document


@pytest.mark.parametrize(("method", "path", "body", "field"), [
    ("post", "/brokers", {"brokerType": "Paper", "displayName": "P", "metadata": _nested(300)}, "metadata"),
    ("post", "/brokers", {"brokerType": "Oanda", "displayName": "O", "credentials": _nested(300)}, "credentials"),
    ("patch", "/brokers/{id}", {"metadata": _nested(300)}, "metadata"),
    ("put", "/brokers/{id}/credentials", {"credentials": _nested(300)}, "credentials"),
    ("post", "/brokers", {"brokerType": "Paper", "displayName": "P", "metadata": {"x": [[[[[[_nested(30)]]]]]]}},
     "metadata"),
])
def test_free_form_json_nested_too_deep_is_422_naming_the_field_and_changes_nothing(
        client: TestClient, tenant, method: str, path: str, body: dict, field: str) -> None:  # type: ignore[no-untyped-def,type-arg]
    url, key = tenant
    existing = client.post(f"{url}/brokers", json={"brokerType": "Paper", "displayName": "Kept"}, headers=key).json()
    refused = getattr(client, method)(url + path.format(id=existing["id"]), json=body, headers=key)
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == field
    listed = client.get(f"{url}/brokers", headers=key)
    assert listed.status_code == 200 and [b["displayName"] for b in listed.json()] == ["Kept"]
    assert listed.json()[0]["metadata"] == {} and listed.json()[0]["credentialsSet"] is False


def test_metadata_nested_as_deep_as_allowed_is_stored_and_read_back(client: TestClient, tenant) -> None:  # type: ignore[no-untyped-def]
    url, key = tenant
    deepest = _nested(32)
    created = client.post(f"{url}/brokers", json={"brokerType": "Paper", "displayName": "P", "metadata": deepest},
                          headers=key)
    assert created.status_code == 201, created.text
    assert client.get(f"{url}/brokers", headers=key).json()[0]["metadata"] == deepest


def test_a_write_whose_answer_cannot_be_built_commits_nothing(client: TestClient, tenant, container) -> None:  # type: ignore[no-untyped-def]
    """The answer is rendered inside the write's transaction: failing to render it rolls the write back."""
    from shared.domain.enums import BrokerType

    url, key = tenant
    tenant_id = url.rsplit("/", 1)[-1]
    kept = client.post(f"{url}/brokers", json={"brokerType": "Paper", "displayName": "Kept"}, headers=key).json()

    def unrenderable(_: object) -> None:
        raise ValueError("cannot render")

    with pytest.raises(ValueError, match="cannot render"):
        container.brokers.add(tenant_id=tenant_id, broker_type=BrokerType.PAPER, display_name="Lost",
                              render=unrenderable)
    from shared.domain.broker import BrokerChanges

    with pytest.raises(ValueError, match="cannot render"):
        container.brokers.update(tenant_id=tenant_id, broker_id=kept["id"],
                                 changes=BrokerChanges(display_name="Changed"), render=unrenderable)
    assert [b["displayName"] for b in client.get(f"{url}/brokers", headers=key).json()] == ["Kept"]
