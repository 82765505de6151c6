"""The GDPR export's rows: every row a tenant owns (ownership derived from the schema), secrets masked, and
nothing of another tenant — on SQLite and on the PostgreSQL server."""

from __future__ import annotations

import pytest

from shared.adapters.sql.tenant_rows import tenant_rows
from shared.domain import api_keys
from shared.domain.channel import ChannelConfiguration
from shared.domain.events import REDACTED
from shared.services.channels import ChannelService
from tests.support.secrets_app import secrets_app
from tests.support.trades import seed_managed_trade

API_HASH = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def app(database, clock, tmp_path):  # type: ignore[no-untyped-def]
    return secrets_app(database, clock, tmp_path)


def _populate(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    tenant = app.tenant()
    app.credentials.set_telegram_credentials(tenant_id=tenant.id, api_id=42, api_hash=API_HASH)
    broker = app.broker(tenant.id, credentials={"token": "broker-secret"})
    channel = ChannelConfiguration(id=f"chn_{tenant.id[4:]}", tenant_id=tenant.id, channel_id=-100,
                                   created_at=app.clock.now())
    key = api_keys.issue(tenant.id, app.clock.now())

    def work(uow):  # type: ignore[no-untyped-def]
        uow.channels.add(channel)
        uow.api_keys.add(key.record)

    app.database.transact(work)
    ChannelService(app.database, app.clock).set_brokers(tenant_id=tenant.id, channel_id=channel.channel_id,
                                                        broker_ids=[broker.id])
    trade = seed_managed_trade(app.database, broker, app.clock)
    return {"tenant": tenant.id, "broker": broker.id, "channel": channel.id, "key_plaintext": key.plaintext,
            "trade": trade.id}


def test_every_owned_row_and_only_those_with_secrets_masked(app) -> None:  # type: ignore[no-untyped-def]
    mine, theirs = _populate(app), _populate(app)

    rows = tenant_rows(app.database, mine["tenant"])

    assert [r["Id"] for r in rows["Tenants"]] == [mine["tenant"]]
    assert rows["Tenants"][0]["TelegramApiHash"] == REDACTED and rows["Tenants"][0]["TelegramApiId"] == 42
    assert [r["Id"] for r in rows["BrokerConnections"]] == [mine["broker"]]
    assert rows["BrokerConnections"][0]["EncryptedCredentials"] == REDACTED
    assert [r["Id"] for r in rows["ChannelConfigurations"]] == [mine["channel"]]
    assert rows["ChannelBrokerMappings"] == [{"ChannelConfigurationId": mine["channel"],
                                              "BrokerConnectionId": mine["broker"]}]
    assert len(rows["TradingConfigurations"]) == 1 and rows["TenantApiKeys"][0]["KeyHash"] == REDACTED
    assert [r["Id"] for r in rows["Trades"]] == [mine["trade"]] and rows["TradeLegs"][0]["TradeId"] == mine["trade"]
    assert sorted(r["Kind"] for r in rows["TradeChanges"]) == ["Closed", "Filled", "Opened"]
    assert len(rows["PaperActions"]) == 1
    text = repr(rows)
    assert theirs["tenant"] not in text and theirs["broker"] not in text
    assert API_HASH not in text and "broker-secret" not in text and mine["key_plaintext"] not in text


def test_an_unknown_tenant_owns_nothing(app) -> None:  # type: ignore[no-untyped-def]
    _populate(app)
    assert all(rows == [] for rows in tenant_rows(app.database, "ten_unknown").values())
