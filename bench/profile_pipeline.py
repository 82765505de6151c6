"""Profile the decision path with pyinstrument (a sampling profiler, dev extra): 3,000 messages, 100 tenants,
warm cache, events discarded, on the real Redis and SQLite. `python -m bench.profile_pipeline` prints the whole
tree; ``phases`` sums it into the path's steps, which `make bench` prints when a decision-path goal is missed."""

from __future__ import annotations

import tempfile
from typing import Any

import redis
from pyinstrument import Profiler

from bench.pipeline import _body, _container, _Discard, _seed, forget_namespaces
from tests.support.services import REDIS_URL

# A step of the path: the qualified names of the frames whose inclusive time is that step's (the outermost call).
PHASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("trade write: one SQL transaction (trade, legs, changes; the open-trade cap and the day's loss checked)",
     ("SignalIntake._store",)),
    ("idempotency: claim + completion (2 EVALSHA; the completion carries the statistics facts)",
     ("RedisIdempotencyStore.claim", "MessageIdempotency._complete")),
    ("parser", ("SignalParser.parse_all",)),
    ("sizing and legs", ("SignalIntake._plan",)),
    ("events built (validated, sanitised)", ("PipelineRecorder.emit",)),
    ("trade command JSON", ("TradeCommand.to_json",)),
    ("configuration lookup (L1, routing included)", ("CachedConfigProvider.get",)),
    ("queue message decoded", ("TelegramMessageReceived.parse",)),
)


def _profile(count: int) -> Profiler:
    with tempfile.TemporaryDirectory() as tmp:
        container = _container(tmp)
        container.events = _Discard()  # type: ignore[assignment]
        ids = _seed(container, 100)
        pipeline = container.pipeline
        for i, tenant in enumerate(ids * 6):  # warm: the cache, the L1, the compiled statements
            pipeline.handle(_body(tenant, 10_000_000 + i))
        profiler = Profiler(interval=0.0002)
        profiler.start()
        for n in range(count):
            pipeline.handle(_body(ids[n % len(ids)], n + 1))
        profiler.stop()
        container.close()
    client = redis.Redis.from_url(REDIS_URL)
    forget_namespaces(client)  # its tenants' keys: a shared Redis left with them slows every later SCAN
    client.close()
    return profiler


def _qualified(frame: Any) -> str:
    return f"{frame.class_name}.{frame.function}" if frame.class_name else str(frame.function)


def phases(count: int = 1000) -> tuple[float, list[tuple[str, float]]]:
    """The path's total seconds for ``count`` messages and each step's share of it, largest first."""
    profiler = _profile(count)
    root = profiler.last_session.root_frame() if profiler.last_session else None
    if root is None:
        return 0.0, []
    owner = {name: label for label, names in PHASES for name in names}
    spent: dict[str, float] = {label: 0.0 for label, _ in PHASES}
    handle_time = 0.0
    stack = [root]
    while stack:
        frame = stack.pop()
        name = _qualified(frame)
        if name == "SignalPipeline.handle":
            handle_time += frame.time
        if name in owner:
            spent[owner[name]] += frame.time
            continue  # the outermost call holds the step's time
        stack.extend(frame.children)
    if handle_time == 0:
        return 0.0, []
    shares = [(label, seconds / handle_time) for label, seconds in spent.items()]
    shares.append(("the rest (glue, logging, rules)", max(0.0, 1 - sum(share for _, share in shares))))
    return handle_time, sorted(shares, key=lambda item: -item[1])


def main() -> None:
    profiler = _profile(3000)
    print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main()
