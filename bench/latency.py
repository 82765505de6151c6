"""End to end through the local host on a calm stream: HTTP ingest -> pipeline -> executor -> paper order, on
Azurite and a private Redis, one message every 250 ms; the accept-to-order latency percentiles, goal p95 < 1 s.

The same harness as the chaos soak (``bench.chaos``), with no fault injected."""

from __future__ import annotations

from bench.chaos import soak


def main() -> bool:
    print("\nend to end, calm stream (one message every 250 ms, no faults)")
    return soak(messages=60, rate=4.0, kills=0, outage=0.0, drain=60.0, burst=1, repeat_every=10**6, faults=False,
                latency_goal=1.0)
