from __future__ import annotations

import json
from datetime import UTC, datetime, time
from decimal import Decimal

import pytest

from shared.domain.channel import ChannelConfiguration
from shared.domain.enums import PositionSizingMode, SubscriptionPlan, TenantStatus
from shared.domain.tenant import Tenant
from shared.domain.trading import TradingConfiguration, TradingSession
from shared.services import cache_codec as codec

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def test_a_tenant_round_trips_without_its_secrets() -> None:
    tenant = Tenant(id="ten_1", email="a@example.com", display_name="Désk ✓", created_at=NOW,
                    status=TenantStatus.SUSPENDED, plan=SubscriptionPlan.PRO, telegram_api_id=123,
                    telegram_api_hash="v1:SECRET-ENVELOPE", telegram_phone_number="+44 7700 900123",
                    deactivated_at=NOW, deletion_requested_at=NOW, purge_after=NOW, live_trading_enabled=True)
    raw = codec.encode_tenant(tenant)
    assert b"SECRET" not in raw and b"7700" not in raw
    assert "telegram_api_hash" not in json.loads(raw)
    back = codec.decode_tenant(raw)
    assert back.telegram_api_hash is None and back.telegram_phone_number is None
    tenant.telegram_api_hash = tenant.telegram_phone_number = None
    assert back == tenant


def test_a_channel_round_trips() -> None:
    channel = ChannelConfiguration(id="chn_1", tenant_id="ten_1", channel_id=-1001234567890123, created_at=NOW,
                                   channel_name="Gold", regex_pattern=r"(?P<side>BUY) (?P<symbol>\w+)",
                                   is_enabled=False, updated_at=NOW)
    assert codec.decode_channel(codec.encode_channel(channel)) == channel


@pytest.mark.parametrize("session", [
    None,
    TradingSession(start=time(22, 0), end=time(2, 30)),
    TradingSession(days=frozenset({0, 4})),
    TradingSession(start=time(8), end=time(17), days=frozenset({1, 2, 3})),
])
def test_a_trading_configuration_round_trips_with_decimals_lists_and_session(session: TradingSession | None) -> None:
    config = TradingConfiguration(
        id="trd_1", tenant_id="ten_1", created_at=NOW, sizing_mode=PositionSizingMode.PERCENT_EQUITY,
        fixed_units=None, equity_percentage=Decimal("2.50"), max_total_exposure_percent=Decimal("40"),
        max_slippage_pips=Decimal("1.25"), whitelisted_symbols=("XAUUSD", "EURUSD"), blacklisted_symbols=("BTCUSD",),
        session=session, auto_execute_enabled=True, updated_at=NOW,
    )
    back = codec.decode_trading(codec.encode_trading(config))
    assert back == config
    assert isinstance(back.max_total_exposure_percent, Decimal) and str(back.max_total_exposure_percent) == "40.00"


@pytest.mark.parametrize("raw", [b"{not json", b"[]", b'{"v": 99, "id": "x"}', b'{"v": 1}', b'{"v": 2}', b"\xff\xfe",
                                 b'{"v": 1, "id": "t", "email": "e", "display_name": "d", "created_at": "soon"}'])
def test_unreadable_or_foreign_entries_are_refused(raw: bytes) -> None:
    with pytest.raises(codec.UnreadableEntryError):
        codec.decode_tenant(raw)


def test_markers_are_distinct_from_any_entity() -> None:
    assert codec.ABSENT != codec.TOMBSTONE
    with pytest.raises(codec.UnreadableEntryError):
        codec.decode_channel(codec.TOMBSTONE)
