"""The lifecycle settings on trading and channel configurations: defaults and validation naming the field."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from shared.domain.channel import ChannelConfiguration, DeletePolicy, EditPolicy, FollowUpLinking
from shared.domain.errors import ValidationError
from shared.domain.trade_rules import TakeProfitStrategy
from shared.domain.trading import TradingConfiguration

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def trading(**overrides: Any) -> TradingConfiguration:  # JSON spellings and bad values on purpose
    return TradingConfiguration(id="trd_1", tenant_id="ten_1", created_at=NOW, **overrides)


def channel(**overrides: Any) -> ChannelConfiguration:
    return ChannelConfiguration(id="chn_1", tenant_id="ten_1", channel_id=-1001, created_at=NOW, **overrides)


def test_defaults_change_nothing_that_existed() -> None:
    config = trading()
    assert config.take_profit_strategy is TakeProfitStrategy.EVEN and config.take_profit_weights == ()
    assert (config.breakeven_after_tp, config.pending_expiry_minutes, config.max_signal_delay_seconds,
            config.max_open_trades, config.require_stop_loss, config.daily_loss_limit_percent) == (
        None, None, None, None, False, None)
    c = channel()
    assert (c.follow_up_linking, c.follow_up_window_hours, c.edit_policy, c.delete_policy) == (
        FollowUpLinking.REPLY, 24, EditPolicy.APPLY, DeletePolicy.CANCEL_PENDING)


def test_weights_and_rules_are_accepted_from_their_json_spellings() -> None:
    config = trading(take_profit_strategy="weights", take_profit_weights=[50, "30", 20], breakeven_after_tp=1,
                     pending_expiry_minutes=60, max_signal_delay_seconds=120, max_open_trades=5,
                     require_stop_loss=True, daily_loss_limit_percent="2.5")
    assert config.take_profit_weights == (Decimal(50), Decimal(30), Decimal(20))
    assert config.daily_loss_limit_percent == Decimal("2.50")
    c = channel(follow_up_linking="replyOrSymbol", edit_policy="ignore", delete_policy="ignore",
                follow_up_window_hours=48)
    assert c.follow_up_linking is FollowUpLinking.REPLY_OR_SYMBOL and c.delete_policy is DeletePolicy.IGNORE


@pytest.mark.parametrize(("overrides", "field"), [
    ({"take_profit_strategy": "half"}, "take_profit_strategy"),
    ({"take_profit_strategy": "weights"}, "take_profit_weights"),
    ({"take_profit_strategy": "weights", "take_profit_weights": [50, 40]}, "take_profit_weights"),
    ({"take_profit_strategy": "weights", "take_profit_weights": [100, 0]}, "take_profit_weights"),
    ({"take_profit_strategy": "weights", "take_profit_weights": "50,50"}, "take_profit_weights"),
    ({"take_profit_weights": [100]}, "take_profit_weights"),
    ({"breakeven_after_tp": 0}, "breakeven_after_tp"),
    ({"breakeven_after_tp": True}, "breakeven_after_tp"),
    ({"pending_expiry_minutes": 1.5}, "pending_expiry_minutes"),
    ({"max_signal_delay_seconds": -1}, "max_signal_delay_seconds"),
    ({"max_open_trades": 0}, "max_open_trades"),
    ({"require_stop_loss": "yes"}, "require_stop_loss"),
    ({"daily_loss_limit_percent": 0}, "daily_loss_limit_percent"),
    ({"daily_loss_limit_percent": "NaN"}, "daily_loss_limit_percent"),
])
def test_bad_trading_rules_name_the_field(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        trading(**overrides)
    assert err.value.field == field


@pytest.mark.parametrize(("overrides", "field"), [
    ({"follow_up_linking": "symbol"}, "follow_up_linking"), ({"edit_policy": "merge"}, "edit_policy"),
    ({"delete_policy": "close"}, "delete_policy"), ({"follow_up_window_hours": 0}, "follow_up_window_hours"),
    ({"follow_up_window_hours": 10_000}, "follow_up_window_hours"),
    ({"follow_up_window_hours": "24"}, "follow_up_window_hours"),
])
def test_bad_channel_settings_name_the_field(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        channel(**overrides)
    assert err.value.field == field
