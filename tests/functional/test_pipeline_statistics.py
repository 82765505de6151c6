"""The decision path writes no statistics: a message's signal facts leave with its idempotency record's
completion (into the statistics feed) and the fold counts them, each once, whatever was delivered twice.
Where the completion cannot carry them, they are counted at once; an approval (no completion) hands them on
itself."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.ports.idempotency import IdempotencyUnavailableError
from shared.services.stats import StatsService
from tests.support.in_process import InProcessApp
from tests.support.scenario import CHANNEL_ID, GOLD, Desk, message


def counts(app: InProcessApp, desk: Desk) -> tuple[int, int, int, int]:
    found = StatsService(app.container.database).all_channels(tenant_id=desk.tenant_id)
    if not found:
        return 0, 0, 0, 0
    (channel,) = found
    assert channel.channel_id == CHANNEL_ID
    c = channel.counts
    return c.signals_received, c.signals_rejected, c.signals_held, c.not_a_signal


def waiting(app: InProcessApp) -> int:
    feed = app.container.stats_feed
    return app.container.idempotency_store.feed.length(feed.stream)


def test_a_message_counts_nothing_until_the_fold_and_its_redelivery_adds_nothing(app: InProcessApp,
                                                                                 desk: Desk) -> None:
    assert app.deliver(message(desk, 1, GOLD)).outcome == "accepted"
    assert app.deliver(message(desk, 2, "good morning")).outcome == "not_a_signal"

    assert counts(app, desk) == (0, 0, 0, 0) and waiting(app) == 2
    assert app.deliver(message(desk, 1, GOLD)).outcome == "duplicate"
    assert waiting(app) == 2

    assert app.container.stats_fold.run()["folded"] == 2
    assert counts(app, desk) == (1, 0, 0, 1) and waiting(app) == 0


def test_a_run_that_died_before_completing_is_counted_once(app: InProcessApp, desk: Desk) -> None:
    body = message(desk, 1, "BUY BTCUSD @ 65000\nSL 64000\nTP 67000")  # the desk blacklists BTCUSD
    assert app.deliver(body).outcome == "rejected"
    app.container.stats_fold.run()
    idempotency = app.container.idempotency  # its lease ran out: the message is processed again
    idempotency.store.delete_matching(idempotency.keys.idempotency_pattern(desk.tenant_id))

    assert app.deliver(body).outcome == "rejected"
    assert waiting(app) == 2
    app.container.stats_fold.run()

    assert counts(app, desk) == (1, 1, 0, 0)


def test_facts_the_completion_could_not_carry_are_counted_at_once(app: InProcessApp, desk: Desk,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(*_args: object, **_kwargs: object) -> bool:
        raise IdempotencyUnavailableError("the store went away after the claim")

    monkeypatch.setattr(app.container.idempotency_store, "complete", unreachable)

    assert app.deliver(message(desk, 1, GOLD)).outcome == "accepted"

    assert counts(app, desk) == (1, 0, 0, 0) and waiting(app) == 0


def test_an_approved_signal_hands_its_facts_to_the_fold(app: InProcessApp, desk: Desk) -> None:
    app.deliver(message(desk, 1, "BUY XAUUSD 2350 SL 2360 TP 2370"))  # a doubtful parse: held
    app.container.stats_fold.run()
    assert counts(app, desk) == (1, 0, 1, 0)
    (held,) = app.container.review.page(tenant_id=desk.tenant_id)

    app.container.review.approve(tenant_id=desk.tenant_id, held_id=held.id, by="tenant",
                                 corrections={"stop_loss": Decimal("2340")})

    assert waiting(app) >= 1
    app.container.stats_fold.run()
    assert counts(app, desk) == (1, 0, 1, 0)  # the approval's SignalReceived is the message's: counted once
