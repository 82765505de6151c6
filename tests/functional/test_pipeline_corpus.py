"""Every message of the labelled corpus (tuned, seen and synthetic splits; never the held-out one, which nobody
reads) through the pipeline and the executor on in-process stores: whatever the parser makes of a real message,
the intake and the executor decide something and record it, and never fail on it. A failure there is a message
retried until it lands on the poison queue: a pending order with no price, or a price finer than a stored one,
once failed the intake when it built the trade's legs."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from shared.services.pipeline_record import PipelineOutcome
from tests.corpus.scoring import cases, splits
from tests.support.in_process import InProcessApp
from tests.support.scenario import Desk, message

CONTENT_MAX = 4096  # the pipeline's limit on a message's content (longer is invalid input, tested elsewhere)
SHARDS = 4  # every shard is a test of its own, so the test processes share the corpus (about a minute in one)


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_corpus_message_is_decided_and_recorded_without_failing(app: InProcessApp, desk: Desk,
                                                                      shard: int) -> None:
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    numbers = itertools.count(1)
    read = 0
    for name in ("tuned", "seen", "synthetic"):
        for path in splits()[name]:
            for case in cases(path):
                number = next(numbers)
                if number % SHARDS != shard:
                    continue
                read += 1
                try:
                    outcomes[app.deliver(message(desk, number, case["text"][:CONTENT_MAX])).outcome.value] += 1
                    outcomes.update(app.execute_waiting())
                except Exception as exc:  # noqa: BLE001  # every failure is collected, then reported together
                    failures.append(f"{case['where']}: {type(exc).__name__}: {exc}")
    assert failures == []
    assert read > 8000 // SHARDS and all(outcomes[o.value] > 0 for o in (
        PipelineOutcome.ACCEPTED, PipelineOutcome.HELD, PipelineOutcome.NOT_A_SIGNAL, PipelineOutcome.IGNORED))
    assert outcomes["executed"] > 0
