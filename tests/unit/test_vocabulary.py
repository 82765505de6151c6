"""ParserVocabulary: a channel's extra words, validated in the domain and carried as a JSON object."""

from __future__ import annotations

import json

import pytest

from shared.domain.errors import ValidationError
from shared.domain.vocabulary import WORD_CHARS_MAX, WORDS_PER_KIND_MAX, ParserVocabulary


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
