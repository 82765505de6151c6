from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shared.domain.broker import BrokerConnection
from shared.domain.channel import ChannelConfiguration
from shared.domain.enums import BrokerType
from shared.domain.errors import ValidationError
from shared.domain.patterns import compile_pattern

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
GOOD = r"(?P<side>BUY|SELL)\s+(?P<symbol>[A-Z]{6})\s+@\s*(?P<entry>[0-9.]+)(?:.*?SL\s*(?P<sl>[0-9.]+))?"


def channel(**overrides: object) -> ChannelConfiguration:
    values: dict[str, object] = {"id": "chn_1", "tenant_id": "ten_1", "channel_id": -1001234567890, "created_at": NOW}
    values.update(overrides)
    return ChannelConfiguration(**values)  # type: ignore[arg-type]


class TestPatterns:
    def test_a_valid_pattern_compiles_on_re2(self) -> None:
        assert set(compile_pattern(GOOD).groupindex) == {"side", "symbol", "entry", "sl"}

    @pytest.mark.parametrize(("pattern", "reason"), [
        (r"(?P<side>BUY)(?P<symbol>\w+)\1", "invalid escape"),
        (r"(?P<side>BUY)(?=x)(?P<symbol>\w+)", "invalid perl operator"),
        (r"(?P<side>BUY)(?P<symbol>a{1001})", "invalid repetition"),
        (r"(?P<side>BUY)(?P<symbol>\w+)\Z", "invalid escape"),
        (r"(?P<side>BUY)(?P<symbol>\w+", "missing )"),
        (r"(?P<side>BUY)", "missing required named groups ['symbol']"),
        (r"(?P<side>BUY)(?P<symbol>\w+)(?P<colour>red)", "unknown named groups ['colour']"),
        ("(?P<side>BUY)(?P<symbol>" + "(?:a|b)" * 2000 + ")", "at most"),
        ("(?P<side>BUY)(?P<symbol>" + "[a-z]{1000}" * 3 + ")", "too complex"),
    ])
    def test_rejections_name_the_field_and_give_re2s_reason(self, pattern: str, reason: str) -> None:
        with pytest.raises(ValidationError) as err:
            compile_pattern(pattern)
        assert err.value.field == "regex_pattern"
        assert reason in err.value.reason

    def test_numbered_take_profit_groups_are_allowed(self) -> None:
        compile_pattern(r"(?P<side>BUY)(?P<symbol>\w+) TP1 (?P<tp1>\d+) TP2 (?P<tp2>\d+)")

    def test_catastrophic_backtracking_input_is_linear(self) -> None:
        compiled = compile_pattern(r"(?P<side>B)?(?P<symbol>(a+)+)$")
        assert compiled.search("a" * 50_000 + "!") is None  # milliseconds on RE2; hours on `re`


class TestChannel:
    def test_an_empty_pattern_selects_the_builtin_parser(self) -> None:
        assert channel(regex_pattern="").is_enabled

    def test_an_enabled_channel_needs_a_valid_pattern(self) -> None:
        with pytest.raises(ValidationError) as err:
            channel(regex_pattern="(unclosed")
        assert err.value.field == "regex_pattern"

    def test_a_disabled_channel_may_hold_a_draft_but_cannot_be_enabled_with_it(self) -> None:
        draft = channel(regex_pattern="(unclosed", is_enabled=False)
        with pytest.raises(ValidationError):
            draft.enable(NOW)
        assert not draft.is_enabled
        draft.change_pattern(GOOD, NOW)
        draft.enable(NOW)
        assert draft.is_enabled and draft.updated_at == NOW

    @pytest.mark.parametrize(("field", "value"), [("channel_id", 0), ("channel_id", 2**63), ("channel_id", "12"),
                                                   ("channel_name", "n" * 256), ("tenant_id", "")])
    def test_invalid_fields_are_named(self, field: str, value: object) -> None:
        with pytest.raises(ValidationError) as err:
            channel(**{field: value})
        assert err.value.field == field


class TestBrokerConnection:
    def test_broker_types_have_the_specification_values(self) -> None:
        assert [BrokerType.IG_MARKETS, BrokerType.OANDA, BrokerType.IBKR, BrokerType.ALPACA, BrokerType.FOREX_COM] == [
            1, 2, 3, 4, 5]
        assert BrokerType.PAPER.name == "PAPER"

    def test_credentials_never_in_repr(self) -> None:
        broker = BrokerConnection(id="brk_1", tenant_id="ten_1", broker_type=BrokerType.PAPER, display_name="Paper",
                                  created_at=NOW, encrypted_credentials="v1.CIPHERTEXT")
        assert "CIPHERTEXT" not in repr(broker)

    @pytest.mark.parametrize(("field", "value"), [("broker_type", 42), ("metadata", {"x": "y" * 20_000}),
                                                   ("metadata", {"x": float("nan")}), ("display_name", "")])
    def test_invalid_fields_are_named(self, field: str, value: object) -> None:
        values: dict[str, object] = {"id": "brk_1", "tenant_id": "ten_1", "broker_type": 100, "display_name": "P",
                                     "created_at": NOW, field: value}
        with pytest.raises(ValidationError) as err:
            BrokerConnection(**values)  # type: ignore[arg-type]
        assert err.value.field == field
