"""No plaintext secret (nor key material) in logs, exceptions or repr/str across a full secrets life cycle.

Every logger is captured at DEBUG (SQLAlchemy's statement logging included) while tenants' Telegram
hashes and broker credentials are created, updated, used, rejected, tampered with, rotated and
re-encrypted; then the logs, the exceptions raised and the repr/str of every object handed out are
searched for the plaintexts and for the keys.
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
import traceback
from datetime import timedelta

import pytest
import sqlalchemy as sa

from shared.adapters.sql.schema import tenants
from shared.crypto.errors import SecretsError
from shared.domain.errors import DomainError
from tests.support.secrets_app import secrets_app


def test_a_full_life_cycle_leaks_no_secret(database, clock, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    app = secrets_app(database, clock, tmp_path)
    first_hash, second_hash = secrets.token_hex(16), secrets.token_hex(16)
    password, new_password = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    plaintexts = [first_hash, second_hash, password, new_password]
    shown: list[object] = []  # everything handed to a caller, whose repr/str must be clean
    errors: list[BaseException] = []

    def expect_error(call) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises((SecretsError, DomainError)) as caught:
            call()
        errors.append(caught.value)

    # create, update, use
    tenant = app.tenant()
    shown.append(app.credentials.set_telegram_credentials(tenant_id=tenant.id, api_id=4242, api_hash=first_hash,
                                                          phone_number="+1 555 0100"))
    shown.append(app.credentials.set_telegram_credentials(tenant_id=tenant.id, api_id=4242, api_hash=second_hash))
    broker = app.broker(tenant.id, {"login": "desk", "password": password})
    shown.append(broker)
    shown.append(app.credentials.set_broker_credentials(tenant_id=tenant.id, broker_id=broker.id,
                                                        credentials={"login": "desk", "password": new_password}))
    telegram = app.credentials.reveal_telegram_credentials(tenant_id=tenant.id)
    broker_credentials = app.credentials.reveal_broker_credentials(tenant_id=tenant.id, broker_id=broker.id)
    assert telegram.api_hash == second_hash and broker_credentials["password"] == new_password
    shown += [telegram, broker_credentials, app.tenants.get(tenant_id=tenant.id),
              app.database.repositories.brokers.get_by_id(tenant_id=tenant.id, broker_id=broker.id)]

    # rejected and broken inputs
    expect_error(lambda: app.credentials.set_telegram_credentials(tenant_id=tenant.id, api_id=1,
                                                                  api_hash=second_hash + "0"))
    expect_error(lambda: app.credentials.set_telegram_credentials(tenant_id=tenant.id, api_id=-1,
                                                                  api_hash=second_hash))
    expect_error(lambda: app.credentials.set_broker_credentials(tenant_id=tenant.id, broker_id=broker.id,
                                                                credentials={"password": new_password, "x": {1, 2}}))
    intruder = app.tenant()
    stolen = app.database.repositories.tenants.get_by_id(tenant_id=tenant.id).telegram_api_hash
    with database.engine.begin() as conn:
        conn.execute(sa.update(tenants).where(tenants.c.Id == intruder.id).values(
            TelegramApiId=1, TelegramApiHash=stolen))
    expect_error(lambda: app.credentials.reveal_telegram_credentials(tenant_id=intruder.id))

    # rotate and re-encrypt (the intruder's copied envelope is unreadable: reported, logged, kept)
    clock.advance(timedelta(days=91))
    rotation = app.rotation.rotate()
    report = app.rotation.reencrypt(batch_size=1)
    assert rotation.rotated and report.rewritten == 2 and len(report.unreadable) == 1
    shown += [rotation.as_dict(), report.as_dict(), app.rotation.status(), app.keys.current(),
              *app.keys.versions()]
    after = app.credentials.reveal_telegram_credentials(tenant_id=tenant.id)
    assert after.api_hash == second_hash
    shown.append(after)

    ring = json.loads((tmp_path / "keyring.json").read_text())
    key_texts = [k["material"] for k in ring["keys"]]
    key_texts += [base64.b64decode(k).hex() for k in key_texts]
    assert len(ring["keys"]) == 2

    haystack = [caplog.text]
    for record in caplog.records:
        haystack.append(record.getMessage())
        if record.exc_info:
            haystack.append("".join(traceback.format_exception(*record.exc_info)))
    for error in errors:
        haystack += [str(error), repr(error), "".join(traceback.format_exception(error))]
    for item in shown:
        haystack += [repr(item), str(item)]
    text = "\n".join(haystack)
    assert caplog.records and len(errors) == 4
    for secret in plaintexts + key_texts:
        assert secret not in text

    # our own log lines carry no envelope either (SQLAlchemy's statement log at DEBUG is the only exception)
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("shared."))
    with database.engine.connect() as conn:
        for envelope in conn.execute(sa.select(tenants.c.TelegramApiHash)).scalars():
            assert envelope is None or envelope not in ours


def test_cache_entries_hold_no_secret(tmp_path, redis_url, clock):  # type: ignore[no-untyped-def]
    """The hot path caches tenants, channels and trading rules in Redis: never a secret, nor its envelope."""
    import uuid

    import redis as redis_client

    from shared.adapters.sql import migrate
    from shared.bootstrap import bootstrap
    from shared.settings import Settings

    namespace = f"leak{uuid.uuid4().hex[:8]}"
    container = bootstrap(Settings(PIPSTER_DATA_DIR=str(tmp_path), PIPSTER_REDIS_URL=redis_url,
                                   PIPSTER_REDIS_NAMESPACE=namespace), clock=clock)
    migrate.upgrade(container.database.engine)
    tenant = container.tenants.register(email="cache@example.com", display_name="Cache")
    container.channels.add(tenant_id=tenant.id, channel_id=-100555)
    api_hash, phone = secrets.token_hex(16), "+44 7700 900777"
    container.credentials.set_telegram_credentials(tenant_id=tenant.id, api_id=777, api_hash=api_hash,
                                                   phone_number=phone)
    envelope = container.database.repositories.tenants.get_by_id(tenant_id=tenant.id).telegram_api_hash
    config = container.config.get(tenant_id=tenant.id, channel_id=-100555)  # populates the cache
    assert config.tenant is not None and config.channel is not None
    client = redis_client.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{namespace}*"))
    assert keys, "the lookup should have cached the tenant, channel and trading configuration"
    values = b"\n".join(client.get(k) or b"" for k in keys)
    for secret in (api_hash, phone, envelope):
        assert secret.encode() not in values
    client.close()
    container.close()
