from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from enum import IntEnum

import pytest

from shared.domain.errors import ValidationError
from shared.domain.events import REDACTED, Event, EventType, build_event, format_timestamp


def _event(**overrides):
    fields = {"id": "evt_abc123", "type": "SignalReceived", "tenant_id": "tenant-001",
              "timestamp": datetime(2025, 1, 6, 14, 32, tzinfo=UTC), "data": {"symbol": "XAUUSD"},
              "correlation_id": "abc123def456", "source": "TelegramWorker", **overrides}
    return Event(**fields)


class TestEventShape:
    def test_the_document_is_the_specs(self) -> None:
        assert _event().to_document() == {
            "id": "evt_abc123", "type": "SignalReceived", "tenantId": "tenant-001",
            "timestamp": "2025-01-06T14:32:00.000Z", "data": {"symbol": "XAUUSD"},
            "metadata": {"correlationId": "abc123def456", "source": "TelegramWorker"}, "ttl": 7776000,
        }

    def test_a_document_reads_back_ignoring_store_fields(self) -> None:
        document = {**_event().to_document(), "_rid": "x", "_ts": 1, "_etag": '"1"'}
        assert Event.from_document(document) == _event()

    def test_timestamps_are_utc_fixed_width_to_the_millisecond(self) -> None:
        plus_two = timezone(timedelta(hours=2))
        event = _event(timestamp=datetime(2025, 1, 6, 16, 32, 0, 123999, tzinfo=plus_two))
        assert format_timestamp(event.timestamp) == "2025-01-06T14:32:00.123Z"
        assert event.timestamp.tzinfo == UTC

    def test_every_pipeline_outcome_has_a_type(self) -> None:
        assert {"SignalReceived", "SignalRejected", "NotASignal", "Duplicate", "TradeExecuted", "TradeFailed",
                "ConfigurationChanged", "UserAction", "TenantCreated", "TenantDeleted",
                "MaintenanceRun"} <= {str(t) for t in EventType}

    def test_the_event_keeps_its_own_copy_of_the_data(self) -> None:
        data = {"symbol": "XAUUSD", "takeProfits": [1.0]}
        event = _event(data=data)
        data["takeProfits"].append(2.0)
        assert event.data["takeProfits"] == [1.0]


class TestEventValidation:
    @pytest.mark.parametrize(("overrides", "field"), [
        ({"id": ""}, "id"),
        ({"type": "Exploded"}, "type"),
        ({"tenant_id": "a/b"}, "tenantId"),
        ({"timestamp": datetime(2025, 1, 6)}, "timestamp"),
        ({"timestamp": "yesterday"}, "timestamp"),
        ({"data": ["not", "an", "object"]}, "data"),
        ({"data": {"price": float("nan")}}, "data.price"),
        ({"data": {"when": datetime(2025, 1, 6, tzinfo=UTC)}}, "data.when"),
        ({"correlation_id": ""}, "metadata.correlationId"),
        ({"source": None}, "metadata.source"),
        ({"ttl": 0}, "ttl"),
        ({"ttl": True}, "ttl"),
    ])
    def test_bad_fields_are_named(self, overrides, field) -> None:
        with pytest.raises(ValidationError) as error:
            _event(**overrides)
        assert error.value.field == field

    def test_a_rejection_must_say_which_rule(self) -> None:
        with pytest.raises(ValidationError) as error:
            _event(type=EventType.SIGNAL_REJECTED, data={"symbol": "XAUUSD"})
        assert error.value.field == "data.rule"
        assert _event(type=EventType.SIGNAL_REJECTED, data={"rule": "max_daily_trades"}).data["rule"]

    @pytest.mark.parametrize("key", ["password", "apiHash", "telegram_api_hash", "BrokerApiKey", "accessToken",
                                     "client_secret", "sessionString", "Authorization"])
    def test_a_secret_named_field_is_refused_anywhere_in_the_data(self, key) -> None:
        with pytest.raises(ValidationError, match="secret") as error:
            _event(data={"broker": {"settings": [{key: "hunter2"}]}})
        assert error.value.field == f"data.broker.settings[0].{key}"


class TestBuildEvent:
    def test_it_fills_id_timestamp_and_correlation_from_the_clock(self, clock) -> None:
        event = build_event(EventType.USER_ACTION, tenant_id="tenant-001", source="Api", clock=clock,
                            data={"action": "login"})
        assert event.id.startswith("evt_") and event.timestamp == clock.now() and event.correlation_id
        assert event.ttl == 7_776_000

    def test_secrets_are_redacted_and_values_made_json(self, clock) -> None:
        class Side(IntEnum):
            BUY = 1

        class Secret:
            def get_secret_value(self) -> str:
                return "hunter2"

        event = build_event(
            EventType.CONFIGURATION_CHANGED, tenant_id="tenant-001", source="Api", clock=clock,
            data={"password": "hunter2", "broker": {"apiKey": "k-123", "account": 42}, "entry": Decimal("3750.50"),
                  "lots": Decimal("2"), "side": Side.BUY, "at": datetime(2025, 1, 6, tzinfo=UTC),
                  "ciphertext_blob": b"\x00\x01", "hash": Secret(), "tags": ("a", "b")},
        )
        assert event.data == {
            "password": REDACTED, "broker": {"apiKey": REDACTED, "account": 42}, "entry": 3750.5, "lots": 2,
            "side": "BUY", "at": "2025-01-06T00:00:00.000Z", "ciphertext_blob": REDACTED, "hash": REDACTED,
            "tags": ["a", "b"],
        }
        assert "hunter2" not in str(event.to_document()) and "k-123" not in str(event.to_document())


def test_choosing_tables_or_cosmos_imports_no_sdk_of_the_other_backend() -> None:
    """Cold start: bootstrapping imports only the chosen backend's SDK, and neither one does I/O."""
    script = (
        "import sys\n"
        "from shared.bootstrap import bootstrap\n"
        "from shared.settings import Settings\n"
        "c = bootstrap(Settings(events_backend='cosmos', cosmos_endpoint='https://nowhere.invalid:443/',"
        " sql_url='sqlite://'))\n"
        "assert 'azure.cosmos' not in sys.modules and 'azure.data.tables' not in sys.modules, 'sdk imported'\n"
        "c = bootstrap(Settings(sql_url='sqlite://'))\n"
        "assert 'azure.cosmos' not in sys.modules, 'cosmos imported for tables'\n"
        "print(type(c.events).__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "TablesEventStore"


@pytest.mark.parametrize(("name", "value"), [("PIPSTER_EVENTS_BACKEND", "mongo"), ("PIPSTER_EVENTS_TABLE", "1bad")])
def test_a_bad_event_store_setting_names_itself(monkeypatch, tmp_path, name, value) -> None:
    from shared.settings import Settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, value)
    with pytest.raises(Exception, match=name):
        Settings()
