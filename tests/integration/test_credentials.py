"""Tenant secrets stored as envelopes and revealed in memory, on SQLite and on the PostgreSQL server."""

from __future__ import annotations

import secrets

import pytest
import sqlalchemy as sa

from shared.adapters.sql.schema import broker_connections, tenants
from shared.crypto.envelope import parse
from shared.crypto.errors import EnvelopeIntegrityError
from shared.domain.errors import InvalidStateError, NotFoundError, ValidationError
from tests.support.secrets_app import secrets_app


@pytest.fixture
def app(database, clock, tmp_path):
    return secrets_app(database, clock, tmp_path)


def _stored(app, table, row_id, column):
    with app.database.engine.connect() as conn:
        return conn.execute(sa.select(table.c[column]).where(table.c.Id == row_id)).scalar_one()


def _write(app, table, row_id, column, value):
    with app.database.engine.begin() as conn:
        conn.execute(sa.update(table).where(table.c.Id == row_id).values({column: value}))


class TestTelegramCredentials:
    def test_the_hash_is_stored_as_an_envelope_and_revealed_in_memory(self, app):
        tenant = app.tenant()
        api_hash = secrets.token_hex(16)
        app.credentials.set_telegram_credentials(tenant_id=tenant.id, api_id=123456, api_hash=api_hash,
                                                 phone_number="+44 20 7946 0000")
        stored = _stored(app, tenants, tenant.id, "TelegramApiHash")
        assert stored.startswith("penv1:local:") and api_hash not in stored and len(stored) <= 255
        revealed = app.credentials.reveal_telegram_credentials(tenant_id=tenant.id)
        assert (revealed.api_id, revealed.api_hash, revealed.phone_number) == (123456, api_hash, "+44 20 7946 0000")
        assert api_hash not in repr(revealed) and api_hash not in str(revealed)

    def test_an_update_replaces_the_envelope(self, app):
        tenant = app.tenant()
        first, second = secrets.token_hex(16), secrets.token_hex(16)
        app.credentials.set_telegram_credentials(tenant_id=tenant.id, api_id=1, api_hash=first)
        before = _stored(app, tenants, tenant.id, "TelegramApiHash")
        app.credentials.set_telegram_credentials(tenant_id=tenant.id, api_id=2, api_hash=second)
        assert _stored(app, tenants, tenant.id, "TelegramApiHash") != before
        assert app.credentials.reveal_telegram_credentials(tenant_id=tenant.id).api_hash == second

    @pytest.mark.parametrize(("values", "field"), [
        ({"api_id": 0}, "telegram_api_id"),
        ({"api_id": True}, "telegram_api_id"),
        ({"api_id": 2**31}, "telegram_api_id"),
        ({"api_hash": "short"}, "telegram_api_hash"),
        ({"api_hash": "z" * 32}, "telegram_api_hash"),
        ({"api_hash": None}, "telegram_api_hash"),
        ({"phone_number": "call me"}, "telegram_phone_number"),
        ({"tenant_id": "bad id!"}, "tenant_id"),
    ])
    def test_bad_input_names_the_field_and_changes_nothing(self, app, values, field):
        tenant = app.tenant()
        arguments = {"tenant_id": tenant.id, "api_id": 77, "api_hash": secrets.token_hex(16), "phone_number": None}
        arguments.update(values)
        with pytest.raises(ValidationError) as caught:
            app.credentials.set_telegram_credentials(**arguments)
        assert caught.value.field == field
        if isinstance(arguments["api_hash"], str):
            assert arguments["api_hash"] not in str(caught.value)
        assert _stored(app, tenants, tenant.id, "TelegramApiHash") is None

    def test_unknown_and_inactive_tenants_are_refused(self, app):
        with pytest.raises(NotFoundError):
            app.credentials.set_telegram_credentials(tenant_id="ten_missing", api_id=1, api_hash="a" * 32)
        tenant = app.tenant()
        app.tenants.suspend(tenant_id=tenant.id)
        with pytest.raises(InvalidStateError):
            app.credentials.set_telegram_credentials(tenant_id=tenant.id, api_id=1, api_hash="a" * 32)
        with pytest.raises(NotFoundError, match="telegram credentials"):
            app.credentials.reveal_telegram_credentials(tenant_id=tenant.id)

    def test_an_envelope_copied_to_another_tenant_does_not_open(self, app):
        victim, thief = app.tenant(), app.tenant()
        api_hash = secrets.token_hex(16)
        app.credentials.set_telegram_credentials(tenant_id=victim.id, api_id=5, api_hash=api_hash)
        app.credentials.set_telegram_credentials(tenant_id=thief.id, api_id=6, api_hash=secrets.token_hex(16))
        _write(app, tenants, thief.id, "TelegramApiHash", _stored(app, tenants, victim.id, "TelegramApiHash"))
        with pytest.raises(EnvelopeIntegrityError) as caught:
            app.credentials.reveal_telegram_credentials(tenant_id=thief.id)
        assert api_hash not in str(caught.value)

    def test_clearing_removes_the_envelope(self, app):
        tenant = app.tenant()
        app.credentials.set_telegram_credentials(tenant_id=tenant.id, api_id=5, api_hash="b" * 32)
        app.credentials.clear_telegram_credentials(tenant_id=tenant.id)
        assert _stored(app, tenants, tenant.id, "TelegramApiHash") is None


class TestBrokerCredentials:
    def test_credentials_are_sealed_at_creation_and_revealed_for_the_executor(self, app):
        tenant = app.tenant()
        password = secrets.token_urlsafe(24)
        broker = app.broker(tenant.id, {"login": "desk-1", "password": password, "account": 42})
        stored = _stored(app, broker_connections, broker.id, "EncryptedCredentials")
        assert password not in stored and parse(stored).key_id == "local"
        revealed = app.credentials.reveal_broker_credentials(tenant_id=tenant.id, broker_id=broker.id)
        assert dict(revealed) == {"login": "desk-1", "password": password, "account": 42}
        assert revealed["password"] == password
        assert password not in repr(revealed) and password not in str(revealed) and "password" in repr(revealed)

    def test_set_replaces_the_credentials_and_stamps_the_update(self, app, clock):
        tenant = app.tenant()
        broker = app.broker(tenant.id)
        updated = app.credentials.set_broker_credentials(tenant_id=tenant.id, broker_id=broker.id,
                                                         credentials={"api_key": "k-1"})
        assert updated.updated_at == clock.now()
        assert dict(app.credentials.reveal_broker_credentials(tenant_id=tenant.id, broker_id=broker.id)) == {
            "api_key": "k-1"}

    @pytest.mark.parametrize("credentials", [{}, [], "secret", {"": 1}, {"k": float("nan")}, {"k": object()},
                                             {"k": "x" * 40_000}])
    def test_bad_credentials_name_the_field_and_change_nothing(self, app, credentials):
        tenant = app.tenant()
        broker = app.broker(tenant.id, {"api_key": "original"})
        with pytest.raises(ValidationError) as caught:
            app.credentials.set_broker_credentials(tenant_id=tenant.id, broker_id=broker.id, credentials=credentials)
        assert caught.value.field == "credentials"
        assert dict(app.credentials.reveal_broker_credentials(tenant_id=tenant.id, broker_id=broker.id)) == {
            "api_key": "original"}

    def test_another_tenants_connection_is_not_found(self, app):
        owner, other = app.tenant(), app.tenant()
        broker = app.broker(owner.id, {"api_key": "k"})
        with pytest.raises(NotFoundError):
            app.credentials.reveal_broker_credentials(tenant_id=other.id, broker_id=broker.id)
        with pytest.raises(NotFoundError):
            app.credentials.set_broker_credentials(tenant_id=other.id, broker_id=broker.id, credentials={"a": 1})

    def test_an_envelope_copied_to_another_connection_does_not_open(self, app):
        tenant = app.tenant()
        one = app.broker(tenant.id, {"api_key": "one"})
        two = app.broker(tenant.id, {"api_key": "two"})
        _write(app, broker_connections, two.id, "EncryptedCredentials",
               _stored(app, broker_connections, one.id, "EncryptedCredentials"))
        with pytest.raises(EnvelopeIntegrityError):
            app.credentials.reveal_broker_credentials(tenant_id=tenant.id, broker_id=two.id)

    def test_a_connection_without_credentials_is_reported_as_such(self, app):
        tenant = app.tenant()
        broker = app.broker(tenant.id)
        with pytest.raises(NotFoundError, match="broker credentials"):
            app.credentials.reveal_broker_credentials(tenant_id=tenant.id, broker_id=broker.id)
