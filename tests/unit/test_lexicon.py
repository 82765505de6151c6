"""The tokenizer's two DFA steps (span search, then an RE2 Set naming the kind) must read exactly what one
leftmost-first regex with a named group per kind reads: that regex is the specification, the two steps are
the fast implementation (bench/parsing.py)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import re2

from shared.domain.signal import NotASignal
from shared.parsing import SignalParser, builtin, lexicon, spans

CORPUS = Path(__file__).parents[1] / "corpus" / "synthetic.jsonl"
EXTRA = ["EURUSD 1,0850 / 1.0870 #TP1 T.P 2 :x: 2019.07.07 15:29 5⃣ 81.139½ +70 -30 pips 15x 3% $ONDO ЛОНГ Стоп",
         "Signal no.5 BUY no. 5",
         "Target1#110.52 #MDA COIN: #ENJ/BTC XAUUSDSELL 4626 short-term NO SL s/l 1 7786 trailing stop ???"]


def _specification() -> re2._Regexp:
    return re2.compile("(?i)" + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in lexicon.TOKEN_PATTERNS))


def _set_only(data: bytes, start: int, end: int) -> str | None:
    return lexicon._kind_of_word(data[start:end])


def _two_steps(data: bytes) -> list[tuple[str, tuple[int, int]]]:
    found, pos = [], 0
    while True:
        start, end = spans.find(lexicon.TOKENS, data, pos)
        if start < 0:
            return found
        found.append((lexicon.token_kind(data, start, end), (start, end)))
        pos = end if end > start else start + 1


def test_two_step_tokenizer_equals_the_named_group_regex() -> None:
    spec = _specification()
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    for text in texts + EXTRA:
        data = text.encode("utf-8")
        assert _two_steps(data) == [(m.lastgroup, m.span()) for m in spec.finditer(data)], text


def test_plain_prices_are_numbers_and_others_are_classified() -> None:
    for token, kind in ((b"1.0850", "number"), (b"2019.07.07", "date"), (b"TP1", "tp"), (b"EUR/USD", "pair")):
        assert lexicon.token_kind(token, 0, len(token)) == kind


def test_a_kind_that_depends_on_the_next_character_is_read_in_place() -> None:
    data = b"Signal no.5"
    start = data.index(b"no.")
    assert _set_only(data, start, start + 3) is None  # "no." alone ends without the word boundary
    assert lexicon.token_kind(data, start, start + 3) == "ignore"


def test_every_parser_regex_fits_its_dfa_budget() -> None:
    """A counted repetition of a Unicode class ("[\\pL\\pN \\t]{0,30}") compiles to tens of thousands of RE2
    instructions; with RE2's default memory its DFA cannot hold a single search, every search falls back to
    the NFA (about 40 us instead of 1) and RE2 logs "DFA out of memory" to stderr each time. The tokenizer
    is the one large program, and it is given 32 MB (lexicon.py). The budget is 14,000: the union of the
    whole-message notes (builtin._ANY_NOTE) searched the synthetic split as fast at 14,015 instructions as at
    11,986, with no "DFA out of memory", on 1 December 2026. That union now has the tokenizer's 32 MB too, and a
    budget of 16,000: at 14,061 instructions it searched the tuned split's messages in 23 us each against 67 us
    with 8 MB at 13,999 (the long ones had kept discarding the smaller cache), on 2 December 2026."""
    import importlib
    import pkgutil

    import shared.parsing as parsing

    modules = [importlib.import_module(f"shared.parsing.{info.name}")
               for info in pkgutil.iter_modules(parsing.__path__)]
    too_big = [f"{module.__name__}.{name}: {regex.programsize}" for module in [parsing, *modules]
               for name, regex in vars(module).items()
               if isinstance(regex, re2._Regexp) and regex is not lexicon.TOKENS
               and regex.programsize > (16_000 if regex is builtin._ANY_NOTE else 14_000)]
    assert not too_big


@pytest.mark.parametrize("data", [b"BUY EURUSD 1.0850", b"BUY EURUSD", b"nothing here"])
def test_native_group_spans_read_what_the_match_object_reads(data: bytes) -> None:
    regex = re2.compile(r"(?P<side>BUY|SELL)\s+(?P<symbol>[A-Z]{6})(?:\s+(?P<entry>\d+(?:\.\d+)?))?")
    match = regex.search(data)
    assert spans.groupdict(regex, data) == (None if match is None else match.groupdict())


def test_a_search_past_the_end_finds_nothing_and_logs_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    """RE2 itself logs "invalid startpos, endpos pair" to stderr for a start past the text's end (a price the reader
    rewrote longer than it was written, "-3554k" as 3554000, computes one)."""
    data = b"GOLD SELL NOW PRICE: 3551 -3554k"
    assert spans.find(lexicon.TOKENS, data, len(data) + 1) == spans.NO_MATCH
    assert spans.match_at(lexicon.TOKENS, data, len(data) + 1) == spans.NO_MATCH
    assert SignalParser().parse_all(data.decode()) is not None
    assert "invalid startpos" not in capfd.readouterr().err


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"(a)(?P<name>b)(?:c)(?i:d)", r"(?:a)(?:b)(?:c)(?i:d)"),
    (r"\((x)\)", r"\((?:x)\)"),  # escaped brackets are literals
    (r"[(](y)[^)(]", r"[(](?:y)[^)(]"),  # so are brackets in a class
    (r"[]a(](z)", r"[]a(](?:z)"),  # a "]" opening a class is a member
    (r"[\](](w)", r"[\](](?:w)")])
def test_captures_are_made_non_capturing_and_nothing_else_changes(pattern: str, expected: str) -> None:
    assert spans.without_captures(pattern) == expected
    assert re2.compile(expected).groups == 0


def test_the_unusual_forms_search_finds_what_its_parts_find() -> None:
    """``_UNUSUAL`` is its parts' union with their groups made non-capturing: on every corpus message it matches
    where one of its parts does."""
    from shared import parsing
    from tests.corpus.scoring import cases, splits
    parts = [re2.compile(alternative) for alternative in (
        parsing._as_text(regex) for regex in (parsing.numbers.BROKEN_DECIMAL, parsing._JOINED_FIELDS,
                                                parsing._CAMEL_LABEL, lexicon.TICKED_INTL_TARGET,
                                                parsing._LINE_NUMBER, parsing._GLUED, parsing._LAKH_GROUPS))]
    assert parsing._UNUSUAL.groups == 0
    texts = [case["text"].encode() for name, files in splits().items() if name != "heldout"
             for path in files for case in cases(path)]
    assert len(texts) > 5000
    found = [spans.found(parsing._UNUSUAL, data) for data in texts]
    assert found == [any(spans.found(part, data) for part in parts) for data in texts]
    assert any(found) and not all(found)


def test_the_styled_forms_look_finds_every_character_the_translation_rewrites() -> None:
    """A message is translated to plain forms only when ``_PLAIN_FORMS`` finds one of them in it: the class must hold
    every character outside ASCII that ``_TO_PLAIN`` rewrites, and nothing else (emoji and words skip the step)."""
    from shared import parsing
    for code in parsing._TO_PLAIN:
        assert (code >= 0x80) == spans.found(parsing._PLAIN_FORMS, chr(code).encode()), hex(code)
    assert not spans.found(parsing._PLAIN_FORMS, "🔥 XAUUSD ПОКУПКА 2350 ✅ ذهب".encode())


def test_a_lone_surrogate_beside_a_counted_zeros_price_is_read() -> None:
    found = SignalParser().parse_all("BUY PEPEUSDT 0.0{4}1234 \ud83d SL 0.0{4}1100 TP 0.0{4}1500")
    assert not isinstance(found, NotASignal) and found[0].entry == Decimal("0.00001234")
