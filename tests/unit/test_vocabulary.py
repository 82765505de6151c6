"""ParserVocabulary: a channel's extra words, validated in the domain, carried as a JSON object, applied by the
built-in parser."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from shared.domain.errors import ValidationError
from shared.domain.signal import NotASignal, ParsedSignal, Side
from shared.domain.vocabulary import WORD_CHARS_MAX, WORDS_PER_KIND_MAX, ParserVocabulary
from shared.parsing import SignalParser


def test_words_are_case_folded_deduplicated_and_round_trip_through_json() -> None:
    vocabulary = ParserVocabulary(buy=("Achat", "ACHAT", " long  wave "), take_profit=("Objectif",))
    assert vocabulary.buy == ("achat", "long wave")
    data = json.loads(json.dumps(vocabulary.to_json()))
    assert data == {"ignore": [], "buy": ["achat", "long wave"], "sell": [], "stopLoss": [],
                    "takeProfit": ["objectif"], "entry": []}
    assert ParserVocabulary.from_json(data) == vocabulary


def test_missing_kinds_and_null_read_as_empty() -> None:
    assert ParserVocabulary.from_json(None).is_empty
    assert ParserVocabulary.from_json({"sell": ["Vente"]}).sell == ("vente",)


@pytest.mark.parametrize(("data", "field"), [
    ([], "vocabulary"),
    ({"buyWords": ["x"]}, "vocabulary.buyWords"),
    ({"buy": "achat"}, "vocabulary.buy"),
    ({"sell": [3]}, "vocabulary.sell"),
    ({"ignore": [""]}, "vocabulary.ignore"),
    ({"ignore": ["x" * (WORD_CHARS_MAX + 1)]}, "vocabulary.ignore"),
    ({"entry": ["1.0850"]}, "vocabulary.entry"),
    ({"stopLoss": ["s\u200bl"]}, "vocabulary.stopLoss"),
    ({"takeProfit": [f"w{i}" for i in range(WORDS_PER_KIND_MAX + 1)]}, "vocabulary.takeProfit"),
    ({"buy": ["achat"], "sell": ["Achat"]}, "vocabulary.sell"),
])
def test_bad_vocabularies_name_the_field(data: object, field: str) -> None:
    with pytest.raises(ValidationError) as err:
        ParserVocabulary.from_json(data)
    assert err.value.field == field


class TestAppliedByTheParser:
    def test_a_channels_side_and_level_words_are_read(self) -> None:
        finnish = ParserVocabulary(buy=("Osta",), take_profit=("Tavoite",), stop_loss=("Tappio raja",),
                                   entry=("Ostohinta",))
        message = "EURUSD Osta\nOstohinta 1.0850\nTappio  raja 1.0800\nTavoite 1.0900"
        parser = SignalParser()
        assert not isinstance(parser.parse(message), ParsedSignal)  # the built-in words alone do not read it
        signal = parser.parse(message, vocabulary=finnish)
        assert signal == ParsedSignal(symbol="EURUSD", side=Side.BUY, entry=Decimal("1.0850"),
                                      stop_loss=Decimal("1.0800"), take_profits=(Decimal("1.0900"),))

    def test_an_ignored_word_hides_a_side_word_inside_a_name(self) -> None:
        message = "Long Wave alert\nXAUUSD SELL 2350 SL 2360 TP 2330"
        parser = SignalParser()
        held = parser.parse_all(message)
        assert isinstance(held, list) and "conflicting_sides" in held[0].reasons  # two sides: a person decides
        clean = parser.parse_all(message, vocabulary=ParserVocabulary(ignore=("long wave",)))
        assert isinstance(clean, list) and clean[0].side is Side.SELL and clean[0].reasons == ()
        assert isinstance(parser.parse("Achats 2 EURUSD", vocabulary=ParserVocabulary(buy=("achat",))), NotASignal)

    def test_a_channel_pattern_is_taken_as_written(self) -> None:
        pattern = r"(?P<side>BUY|SELL) (?P<symbol>[A-Z]{6}) (?P<entry>[\d.]+)"
        found = SignalParser().parse("BUY EURUSD 1.0850 Achat", pattern=pattern, channel_key="c1",
                                     vocabulary=ParserVocabulary(sell=("buy",)))
        assert getattr(found, "side", None) == "Buy"
