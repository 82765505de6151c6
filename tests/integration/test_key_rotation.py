"""Rotation and re-encryption on SQLite and on the PostgreSQL server: old data readable, then all moved."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

import pytest
import sqlalchemy as sa

from shared.adapters.sql.ciphertexts import SqlCiphertextStore
from shared.adapters.sql.schema import broker_connections, tenants
from shared.crypto.columns import BROKER_CREDENTIALS
from shared.crypto.envelope import parse
from tests.support.secrets_app import SecretsApp, secrets_app


@pytest.fixture
def app(database, clock, tmp_path):
    return secrets_app(database, clock, tmp_path)


def _populate(app: SecretsApp, n: int) -> dict[str, object]:
    """n tenants with a Telegram hash and a broker connection each; returns row id -> plaintext."""
    plain: dict[str, object] = {}
    for i in range(n):
        tenant = app.tenant()
        api_hash = secrets.token_hex(16)
        app.credentials.set_telegram_credentials(tenant_id=tenant.id, api_id=1000 + i, api_hash=api_hash)
        values = {"api_key": secrets.token_urlsafe(16), "n": i}
        broker = app.broker(tenant.id, values)
        plain[tenant.id] = api_hash
        plain[broker.id] = (tenant.id, values)
    return plain


def _versions(app: SecretsApp) -> list[str]:
    with app.database.engine.connect() as conn:
        hashes = conn.execute(sa.select(tenants.c.TelegramApiHash).where(tenants.c.TelegramApiHash.is_not(None)))
        creds = conn.execute(sa.select(broker_connections.c.EncryptedCredentials))
        return [parse(v).key_version for v in [*hashes.scalars(), *creds.scalars()]]


def _assert_readable(app: SecretsApp, plain: dict[str, object]) -> None:
    for row_id, expected in plain.items():
        if isinstance(expected, str):
            assert app.credentials.reveal_telegram_credentials(tenant_id=row_id).api_hash == expected
        else:
            tenant_id, values = expected  # type: ignore[misc]
            assert dict(app.credentials.reveal_broker_credentials(tenant_id=tenant_id, broker_id=row_id)) == values


class TestRotate:
    def test_a_key_younger_than_the_period_is_kept_and_an_older_one_replaced(self, app, clock):
        first = app.keys.current()
        clock.advance(timedelta(days=89, hours=23))
        report = app.rotation.rotate()
        assert not report.rotated and report.current_version == first.version
        assert report.next_rotation_due == first.created_at + timedelta(days=90)
        clock.advance(timedelta(hours=1))
        report = app.rotation.rotate()
        assert report.rotated and report.previous_version == first.version != report.current_version
        assert app.keys.current().version == report.current_version

    def test_force_rotates_now_and_the_period_is_configurable(self, database, clock, tmp_path):
        app = secrets_app(database, clock, tmp_path, rotation_days=7)
        first = app.keys.current()
        assert app.rotation.rotate(force=True).rotated
        clock.advance(timedelta(days=7))
        report = app.rotation.rotate()
        assert report.rotated and len({first.version, report.previous_version, report.current_version}) == 3

    def test_the_first_rotation_creates_the_key(self, app):
        report = app.rotation.rotate()
        assert report.rotated and report.previous_version is None


class TestReencrypt:
    def test_old_data_stays_readable_after_rotation_then_everything_moves_to_the_new_key(self, app, clock):
        plain = _populate(app, 7)
        old = app.keys.current().version
        clock.advance(timedelta(days=90))
        new = app.rotation.rotate().current_version
        assert set(_versions(app)) == {old}
        _assert_readable(app, plain)

        report = app.rotation.reencrypt(batch_size=3)
        assert (report.scanned, report.rewritten, report.changed_meanwhile, report.unreadable) == (14, 14, 0, [])
        assert report.complete and report.remaining == 0 and report.current_version == new
        assert set(_versions(app)) == {new}
        _assert_readable(app, plain)

        again = app.rotation.reencrypt(batch_size=3)
        assert (again.scanned, again.rewritten, again.remaining) == (0, 0, 0) and again.complete
        status = app.rotation.status()
        assert status["not_under_current_version"] == {"Tenants.TelegramApiHash": 0,
                                                       "BrokerConnections.EncryptedCredentials": 0,
                                                       "TelegramBots.EncryptedBotToken": 0}
        assert [v["version"] for v in status["versions"]] == [old, new]

    def test_a_telegram_bot_token_moves_to_the_new_key_and_still_opens(self, app, clock):
        from shared.adapters.telegram.bot_api import HttpBotApi
        from shared.crypto.columns import TELEGRAM_BOT_TOKEN
        from shared.services.telegram_bots import TelegramBotService

        tenant = app.tenant()  # the Bot API is never called here: nothing listens on port 9
        bots = TelegramBotService(app.database, app.cipher, HttpBotApi("http://127.0.0.1:9"), clock,
                                  public_base_url="")
        token = "123456789:" + secrets.token_urlsafe(27)
        before = bots.register(tenant_id=tenant.id, bot_token=token).encrypted_token
        clock.advance(timedelta(days=90))
        new = app.rotation.rotate().current_version
        assert app.rotation.reencrypt(batch_size=3).complete
        after = bots.get(tenant_id=tenant.id).encrypted_token
        assert after != before and parse(after).key_version == new
        context = TELEGRAM_BOT_TOKEN.context(tenant_id=tenant.id, row_id=tenant.id)
        assert app.cipher.decrypt_text(after, context) == token

    def test_a_run_stopped_by_its_budget_resumes_where_it_left_off(self, app):
        plain = _populate(app, 5)
        app.rotation.rotate(force=True)
        partial = app.rotation.reencrypt(batch_size=2, max_batches=2)
        assert not partial.complete and partial.rewritten == 4 and partial.remaining == 6
        rest = app.rotation.reencrypt(batch_size=2)
        assert rest.complete and rest.scanned == 6 and rest.rewritten == 6 and rest.remaining == 0
        _assert_readable(app, plain)

    def test_a_crash_mid_run_loses_nothing_and_the_next_run_finishes(self, database, clock, tmp_path):
        class CrashingStore(SqlCiphertextStore):
            swaps = 0

            def compare_and_swap(self, *, column, swaps):
                CrashingStore.swaps += 1
                if CrashingStore.swaps == 2:
                    raise RuntimeError("worker killed")
                return super().compare_and_swap(column=column, swaps=swaps)

        app = secrets_app(database, clock, tmp_path, store=CrashingStore(database))
        plain = _populate(app, 4)
        app.rotation.rotate(force=True)
        with pytest.raises(RuntimeError, match="worker killed"):
            app.rotation.reencrypt(batch_size=2)
        _assert_readable(app, plain)  # half moved, half not: every row still opens
        assert len(set(_versions(app))) == 2
        report = app.rotation.reencrypt(batch_size=2)
        assert report.complete and report.remaining == 0 and report.rewritten == 6
        _assert_readable(app, plain)

    def test_a_row_updated_during_the_run_keeps_its_new_value(self, database, clock, tmp_path):
        holder: dict[str, object] = {}

        class RacingStore(SqlCiphertextStore):
            def scan(self, *, column, excluding_prefix, after_row_id, limit):
                page = super().scan(column=column, excluding_prefix=excluding_prefix, after_row_id=after_row_id,
                                    limit=limit)
                if column == BROKER_CREDENTIALS and page and "raced" not in holder:
                    holder["raced"] = page[0].row_id  # the application writes between our read and our swap
                    holder["app"].credentials.set_broker_credentials(  # type: ignore[attr-defined]
                        tenant_id=page[0].tenant_id, broker_id=page[0].row_id, credentials={"api_key": "fresh"})
                return page

        app = secrets_app(database, clock, tmp_path, store=RacingStore(database))
        holder["app"] = app
        plain = _populate(app, 3)
        app.rotation.rotate(force=True)
        report = app.rotation.reencrypt(batch_size=10)
        assert report.changed_meanwhile == 1 and report.rewritten == 5 and report.remaining == 0
        raced = holder["raced"]
        tenant_id = plain[raced][0]  # type: ignore[index]
        assert dict(app.credentials.reveal_broker_credentials(tenant_id=tenant_id, broker_id=raced)) == {
            "api_key": "fresh"}

    def test_an_unreadable_row_is_reported_and_left_as_it_is(self, app):
        plain = _populate(app, 3)
        victim = next(k for k, v in plain.items() if isinstance(v, str))
        with app.database.engine.begin() as conn:
            garbage = "penv1:local:" + "0" * 32 + ":AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA"
            conn.execute(sa.update(tenants).where(tenants.c.Id == victim).values(TelegramApiHash=garbage))
        del plain[victim]
        app.rotation.rotate(force=True)
        report = app.rotation.reencrypt(batch_size=2)
        assert report.unreadable == [f"Tenants.TelegramApiHash:{victim}"] and report.remaining == 1
        assert report.rewritten == 5
        with app.database.engine.connect() as conn:
            assert conn.execute(sa.select(tenants.c.TelegramApiHash).where(tenants.c.Id == victim)).scalar() == garbage
        _assert_readable(app, plain)


def test_the_pipster_keys_commands(tmp_path, monkeypatch, capsys):
    """`pipster keys rotate/reencrypt/status` on the configured store (a SQLite file here)."""
    from shared.adapters.sql import migrate
    from shared.bootstrap import get_container
    from shared.cli import main
    from shared.settings import get_settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PIPSTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PIPSTER_SQL_URL", raising=False)
    monkeypatch.delenv("PIPSTER_KEYVAULT_URL", raising=False)
    monkeypatch.delenv("PIPSTER_KEY_FILE", raising=False)
    get_settings.cache_clear()
    get_container.cache_clear()
    try:
        container = get_container()
        migrate.upgrade(container.database.engine)
        tenant = container.tenants.register(email="cli@example.com", display_name="CLI")
        container.credentials.set_telegram_credentials(tenant_id=tenant.id, api_id=9, api_hash="c" * 32)
        assert main(["keys", "rotate"]) == 0
        assert json.loads(capsys.readouterr().out)["rotated"] is False
        assert main(["keys", "rotate", "--force"]) == 0
        rotated = json.loads(capsys.readouterr().out)
        assert rotated["rotated"] is True
        assert main(["keys", "status"]) == 0
        assert json.loads(capsys.readouterr().out)["not_under_current_version"]["Tenants.TelegramApiHash"] == 1
        assert main(["keys", "reencrypt", "--batch-size", "1"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["rewritten"] == 1 and report["remaining"] == 0
        assert (tmp_path / "data" / "keyring.json").exists()
        assert container.credentials.reveal_telegram_credentials(tenant_id=tenant.id).api_hash == "c" * 32
    finally:
        get_container().close()
        get_container.cache_clear()
        get_settings.cache_clear()


def test_rotation_sees_a_rotation_made_by_another_process_a_moment_ago(database, clock, tmp_path):
    ours, theirs = secrets_app(database, clock, tmp_path), secrets_app(database, clock, tmp_path)
    ours.keys.current()
    clock.advance(timedelta(days=90))
    assert theirs.rotation.rotate().rotated
    report = ours.rotation.rotate()  # its cached current is stale, but rotation asks the store
    assert not report.rotated and report.current_version == theirs.keys.current().version
    assert len(ours.keys.versions()) == 2
