"""ParsedSignal: validation and the event-document JSON shape shared by events, commands and the API."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from shared.domain.errors import ValidationError
from shared.domain.signal import OrderType, ParsedSignal, Side


def make(**overrides: object) -> ParsedSignal:
    values: dict[str, object] = {"symbol": "EURUSD", "side": Side.BUY, "entry": Decimal("1.0850"),
                                 "stop_loss": Decimal("1.0800"), "take_profits": (Decimal("1.09"), Decimal("1.095"))}
    values.update(overrides)
    return ParsedSignal(**values)  # type: ignore[arg-type]


class TestJson:
    def test_uses_the_spec_event_names_and_json_numbers(self) -> None:
        data = make(order_type=OrderType.LIMIT).to_json()
        assert list(data) == ["symbol", "side", "orderType", "entry", "entryRange", "stopLoss", "takeProfits",
                              "confidence", "reasons"]
        assert data == {"symbol": "EURUSD", "side": "Buy", "orderType": "Limit", "entry": 1.085, "entryRange": None,
                        "stopLoss": 1.08, "takeProfits": [1.09, 1.095], "confidence": 1.0, "reasons": []}
        assert json.dumps(data) == ('{"symbol": "EURUSD", "side": "Buy", "orderType": "Limit", "entry": 1.085, '
                                    '"entryRange": null, "stopLoss": 1.08, "takeProfits": [1.09, 1.095], '
                                    '"confidence": 1.0, "reasons": []}')

    def test_confidence_and_reasons_survive_the_round_trip(self) -> None:
        doubtful = make(confidence=0.4, reasons=("sl_wrong_side", "tp_not_monotonic"))
        back = ParsedSignal.from_json(json.loads(json.dumps(doubtful.to_json())))
        assert (back.confidence, back.reasons) == (0.4, ("sl_wrong_side", "tp_not_monotonic"))
        assert back.needs_review() and not make().needs_review()
        assert back.needs_review(0.5) and not back.needs_review(0.3)

    def test_a_document_from_before_confidence_reads_as_confident(self) -> None:
        old = {"symbol": "EURUSD", "side": "Buy", "orderType": "Market", "entry": 1.085, "entryRange": None,
               "stopLoss": 1.08, "takeProfits": [1.09]}
        signal = ParsedSignal.from_json(old)
        assert (signal.confidence, signal.reasons) == (1.0, ())

    def test_equality_is_about_the_trade_not_the_reading(self) -> None:
        assert make(confidence=0.3, reasons=("price_out_of_range",)) == make()

    def test_round_trips_through_json_text_without_drift(self) -> None:
        awkward = ("0.1", "0.00002150", "4030.5", "81.1395", "1.10445", "123456789.012345")
        for text in awkward:
            original = make(entry=None, entry_range=(Decimal(text), Decimal(text) * 2), stop_loss=Decimal(text) / 2,
                            take_profits=(Decimal(text) * 3,))
            back = ParsedSignal.from_json(json.loads(json.dumps(original.to_json())))
            assert back == original

    def test_reads_strings_and_integers_as_prices(self) -> None:
        signal = ParsedSignal.from_json({"symbol": "US30", "side": "Sell", "entry": "34440", "stopLoss": 34600,
                                         "takeProfits": [34200]})
        assert signal.entry == Decimal(34440) and signal.order_type is OrderType.MARKET

    @pytest.mark.parametrize(("data", "field"), [
        ({"side": "Buy"}, "symbol"),
        ({"symbol": "EURUSD"}, "side"),
        ({"symbol": "EURUSD", "side": "buy"}, "side"),
        ({"symbol": "EURUSD", "side": "Buy", "orderType": "FillOrKill"}, "orderType"),
        ({"symbol": "EURUSD", "side": "Buy", "entry": "abc"}, "entry"),
        ({"symbol": "EURUSD", "side": "Buy", "entry": True}, "entry"),
        ({"symbol": "EURUSD", "side": "Buy", "stopLoss": -1}, "stopLoss"),
        ({"symbol": "EURUSD", "side": "Buy", "takeProfits": "1.09"}, "takeProfits"),
        ({"symbol": "EURUSD", "side": "Buy", "entryRange": [1.08]}, "entryRange"),
        ({"symbol": "EURUSD", "side": "Buy", "entry": 1.08, "entryRange": [1.08, 1.09]}, "entryRange"),
        ({"symbol": "eur usd", "side": "Buy"}, "symbol"),
        ({"symbol": "EURUSD", "side": "Buy", "confidence": 1.5}, "confidence"),
        ({"symbol": "EURUSD", "side": "Buy", "confidence": "high"}, "confidence"),
        ({"symbol": "EURUSD", "side": "Buy", "reasons": "doubt"}, "reasons"),
        ({"symbol": "EURUSD", "side": "Buy", "reasons": [""]}, "reasons"),
        ({"symbol": "EURUSD", "side": "Buy", "reasons": ["x" * 65]}, "reasons"),
        ([], "signal"),
    ])
    def test_bad_documents_name_the_field(self, data: object, field: str) -> None:
        with pytest.raises(ValidationError) as err:
            ParsedSignal.from_json(data)
        assert err.value.field == field


class TestValidation:
    def test_sorts_the_entry_range(self) -> None:
        signal = make(entry=None, entry_range=(Decimal("1.042"), Decimal("1.023")))
        assert signal.entry_range == (Decimal("1.023"), Decimal("1.042"))
        assert signal.reference_price == Decimal("1.0325")

    def test_rejects_more_digits_than_json_numbers_carry_exactly(self) -> None:
        with pytest.raises(ValidationError) as err:
            make(entry=Decimal("1.0850000000000001"))
        assert err.value.field == "entry"

    def test_a_float_as_a_program_prints_it_round_trips_with_all_its_digits(self) -> None:
        for text in ("8.142994999999999", "13292.075942768162", "0.30000000000000004"):
            original = make(entry=Decimal(text), stop_loss=None, take_profits=())
            assert ParsedSignal.from_json(json.loads(json.dumps(original.to_json()))).entry == Decimal(text)

    def test_rejects_too_many_take_profits(self) -> None:
        with pytest.raises(ValidationError) as err:
            make(take_profits=tuple(Decimal(i + 2) for i in range(21)))
        assert err.value.field == "takeProfits"
