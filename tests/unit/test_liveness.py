"""Hardening #2: readiness sees a queue worker that died, stalled or cannot reach storage."""

from __future__ import annotations

import threading

import pytest

from shared.observability.liveness import Heart, Liveness, WorkerStalledError


def test_a_beating_worker_is_healthy_and_a_silent_one_is_stalled() -> None:
    clock = [0.0]
    heart = Heart("queue:x", stalled_after=60, now=lambda: clock[0])
    clock[0] = 59
    assert heart.problem() is None
    heart.beat()
    clock[0] = 59 + 61
    assert heart.problem() == "queue:x: no progress for 61 s"


def test_a_worker_whose_thread_died_is_reported() -> None:
    heart = Heart("queue:x", stalled_after=60)
    thread = threading.Thread(target=heart.bind)
    thread.start()
    thread.join()
    assert heart.problem() == "queue:x: thread has died"


def test_trouble_is_reported_until_cleared_and_forgotten_workers_are_not_watched() -> None:
    registry = Liveness()
    heart = registry.heart("queue:x", stalled_after=60)
    assert registry.check() == 1
    heart.trouble = "cannot poll x (ServiceRequestError)"
    with pytest.raises(WorkerStalledError, match="cannot poll x"):
        registry.check()
    registry.forget(heart)
    assert registry.check() == 0
