"""The tokenizer's two DFA steps (span search, then an RE2 Set naming the kind) must read exactly what one
leftmost-first regex with a named group per kind reads: that regex is the specification, the two steps are
the fast implementation (bench/parsing.py)."""

from __future__ import annotations

import json
from pathlib import Path

import re2

from shared.parsing import lexicon, spans

CORPUS = Path(__file__).with_name("parsing_corpus.jsonl")
EXTRA = ["EURUSD 1,0850 / 1.0870 #TP1 T.P 2 :x: 2019.07.07 15:29 5⃣ 81.139½ +70 -30 pips 15x 3% $ONDO ЛОНГ Стоп",
         "Target1#110.52 #MDA COIN: #ENJ/BTC XAUUSDSELL 4626 short-term NO SL s/l 1 7786 trailing stop ???"]


def _specification() -> re2._Regexp:
    return re2.compile("(?i)" + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in lexicon.TOKEN_PATTERNS))


def _two_steps(data: bytes) -> list[tuple[str, tuple[int, int]]]:
    found, pos = [], 0
    while True:
        start, end = spans.find(lexicon.TOKENS, data, pos)
        if start < 0:
            return found
        found.append((lexicon.token_kind(data[start:end]), (start, end)))
        pos = end if end > start else start + 1


def test_two_step_tokenizer_equals_the_named_group_regex() -> None:
    spec = _specification()
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    for text in texts + EXTRA:
        data = text.encode("utf-8")
        assert _two_steps(data) == [(m.lastgroup, m.span()) for m in spec.finditer(data)], text


def test_plain_prices_are_numbers_and_others_are_classified() -> None:
    assert lexicon.token_kind(b"1.0850") == "number"
    assert lexicon.token_kind(b"2019.07.07") == "date"
    assert lexicon.token_kind(b"TP1") == "tp"
    assert lexicon.token_kind(b"EUR/USD") == "pair"
