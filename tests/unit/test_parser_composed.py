"""Signals composed from the parts channels write them with (tests/corpus/composed.py) are read exactly, and none
of them trades a wrong market or side.

The composition is seeded, so a failure names the same message on every run; the label is computed from the
levels chosen, not written by hand. A held parse counts when its fields are exact (a target's plan holds it)."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

from shared.domain.signal import NotASignal
from shared.parsing import SignalParser
from tests.corpus.composed import compose, compose_indian, compose_international, compose_several
from tests.corpus.scoring import score

MESSAGES_PER_SEED = 250


def _misread(parser: SignalParser, composer: Callable[[random.Random], tuple[str, Any]], seed: int) -> list[str]:
    """What ``composer`` seeded with ``seed`` writes that the parser does not read exactly (or trades wrongly); its
    label is one signal's, or a list of every signal's in order."""
    rng = random.Random(seed)
    misread = []
    for number in range(MESSAGES_PER_SEED):
        text, label = composer(rng)
        labels = label if isinstance(label, list) else [label]
        outcome = score({"text": text, "expected": labels[0], "also": labels[1:], "where": f"seed {seed} #{number}"},
                        parser)
        if not outcome.exact or outcome.false_trade:
            misread.append(outcome.describe())
    return misread


# (walk, seed): the plain walk over four seeds; the other languages, several orders in one message and India's tips
# over two each (250 messages a seed)
WALKS = [*((compose, seed) for seed in range(4)), *((walk, seed) for walk in (
    compose_international, compose_several, compose_indian) for seed in range(2))]


@pytest.mark.parametrize(("walk", "seed"), WALKS, ids=[f"{walk.__name__}-{seed}" for walk, seed in WALKS])
def test_every_composed_signal_is_read_exactly(parser: SignalParser,
                                                walk: Callable[[random.Random], tuple[str, Any]], seed: int) -> None:
    misread = _misread(parser, walk, seed)
    assert not misread, "\n".join(misread[:10])


def test_the_composition_varies_the_parts(parser: SignalParser) -> None:
    """A walk that always chose the same parts would test one message: the messages differ, zones and plain
    entries both occur, and some are held (a target's plan) while most are not."""
    rng = random.Random(0)
    composed = [compose(rng) for _ in range(MESSAGES_PER_SEED)]
    assert len({text for text, _ in composed}) == MESSAGES_PER_SEED
    assert any(label["entry_range"] for _, label in composed) and any(label["entry"] for _, label in composed)
    found = [parser.parse_all(text) for text, _ in composed]
    held = [signals for signals in found if not isinstance(signals, NotASignal) and signals[0].needs_review()]
    assert 0 < len(held) < MESSAGES_PER_SEED // 2
