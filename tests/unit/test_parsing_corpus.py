"""The built-in parser against labelled messages: the shared sample (real messages, ../shared/signals-sample.jsonl)
and this repository's own corpus (tests/unit/parsing_corpus.jsonl), both in the conventions of
../shared/signals-sample.md. Each line: {"text", "expected": parse or null, "also": [further signals]?}."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.domain.signal import NotASignal, ParsedSignal
from shared.parsing import SignalParser
from tests.support.services import REPO, unavailable

CORPUS = Path(__file__).with_name("parsing_corpus.jsonl")
# The CI checkout keeps the team kit beside the repository; a worktree keeps it one level further up.
SAMPLE_CANDIDATES = [base / "shared" / "signals-sample.jsonl" for base in (REPO.parent, REPO.parent.parent)]
FIELDS = ("symbol", "side", "order_type", "entry", "entry_range", "stop_loss", "take_profits")


def _cases(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _sample_path() -> Path | None:
    return next((p for p in SAMPLE_CANDIDATES if p.is_file()), None)


def _as_expected(signal: ParsedSignal) -> dict:
    """The parse in the sample's snake_case shape, via the event JSON (so the JSON form is what is compared)."""
    data = json.loads(json.dumps(signal.to_json()))
    return {"symbol": data["symbol"], "side": data["side"], "order_type": data["orderType"], "entry": data["entry"],
            "entry_range": data["entryRange"], "stop_loss": data["stopLoss"], "take_profits": data["takeProfits"]}


def _check(case: dict) -> None:
    parser = SignalParser()
    found = parser.parse_all(case["text"])
    expected = case["expected"]
    if expected is None:
        assert isinstance(found, NotASignal), f"expected no signal, got {found}"
        assert found.reason
        return
    assert isinstance(found, list), f"expected a signal, got {found}"
    assert _as_expected(found[0]) == {k: expected[k] for k in FIELDS}
    also = case.get("also") or []
    assert [_as_expected(s) for s in found[1:]] == [{k: e[k] for k in FIELDS} for e in also]


_sample = _sample_path()
SAMPLE_CASES = _cases(_sample) if _sample else []


@pytest.mark.parametrize("case", SAMPLE_CASES or [None], ids=lambda c: c["text"][:40] if c else "missing")
def test_every_shared_sample_parses_as_expected(case: dict | None) -> None:
    if case is None:
        unavailable("signals-sample.jsonl", f"not found at {[str(p) for p in SAMPLE_CANDIDATES]}")
    assert case is not None
    _check(case)


@pytest.mark.parametrize("case", _cases(CORPUS), ids=lambda c: c["text"][:40])
def test_every_corpus_message_parses_as_expected(case: dict) -> None:
    _check(case)


def test_the_corpus_is_varied() -> None:
    cases = _cases(CORPUS)
    signals = [c for c in cases if c["expected"]]
    assert len(cases) >= 100 and len(cases) - len(signals) >= 25
    symbols = {c["expected"]["symbol"] for c in signals}
    assert {"XAUUSD", "US30", "BTCUSDT", "EURUSD", "GER40"} <= symbols
    assert {c["expected"]["order_type"] for c in signals} == {"Market", "Limit", "Stop"}
