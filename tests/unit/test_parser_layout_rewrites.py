"""A signal read exactly stays read exactly, and a message that opens no trade opens none, when a channel lays
the same message out otherwise.

The messages are the tuned split's signals the parser reads exactly (every fifth of them, in file order: the
whole split is the bench's, ``python -m bench.parsing``); the rewrites (``tests/corpus/layouts.py``) change the
markup, line ends, spaces or side words' case and nothing the message says. A rewrite that breaks one lists it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from shared.parsing import SignalParser
from tests.corpus.layouts import ASSERTED
from tests.corpus.scoring import cases, score, splits


@pytest.fixture(scope="module")
def read_exactly() -> list[dict[str, Any]]:
    parser = SignalParser()
    signals = [case for path in splits()["tuned"] for case in cases(path) if case["expected"]]
    exact = [case for case in signals[::5] if score(case, parser).exact]
    assert len(exact) > 400, "too few exactly read signals to sample"
    return exact


@pytest.mark.parametrize("name", sorted(ASSERTED))
def test_a_layout_rewrite_keeps_every_exact_reading(parser: SignalParser, read_exactly: list[dict[str, Any]],
                                                    name: str) -> None:
    rewrite: Callable[[str], str] = ASSERTED[name]
    changed, broken = 0, []
    for case in read_exactly:
        text = rewrite(case["text"])
        changed += text != case["text"]
        outcome = score({**case, "text": text}, parser)
        if not outcome.exact or outcome.false_trade:
            broken.append(f"{case['where']}: {text!r} -> {outcome.found}")
    assert changed, "the rewrite changes no message: it tests nothing"
    assert broken == []


@pytest.fixture(scope="module")
def open_no_trade() -> list[dict[str, Any]]:
    parser = SignalParser()
    nulls = [case for path in splits()["tuned"] for case in cases(path) if not case["expected"]]
    quiet = [case for case in nulls[::5] if not score(case, parser).false_trade]
    assert len(quiet) > 400, "too few messages that open no trade to sample"
    return quiet


@pytest.mark.parametrize("name", sorted(ASSERTED))
def test_a_layout_rewrite_opens_no_trade_on_a_message_that_opened_none(
        parser: SignalParser, open_no_trade: list[dict[str, Any]], name: str) -> None:
    rewrite: Callable[[str], str] = ASSERTED[name]
    traded = [f"{case['where']}: {rewrite(case['text'])!r}" for case in open_no_trade
              if score({**case, "text": rewrite(case["text"])}, parser).false_trade]
    assert traded == []
