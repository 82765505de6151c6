"""Hit, miss and error counters per cached entity, for the health/metrics endpoint (spec: hit rate > 95%)."""

from __future__ import annotations

import threading
from collections import Counter

ENTITIES = ("tenant", "channel", "trading", "routing")


class CacheMetrics:
    """Thread-safe counters. A negative entry found in the cache is a hit (the database was spared);
    an error is a lookup the cache could not answer (down, slow, unreadable), served by the database;
    write and invalidation errors are failed fills and failed invalidations (not lookups)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, str]] = Counter()

    def record(self, entity: str, outcome: str, n: int = 1) -> None:
        with self._lock:
            self._counts[(entity, outcome)] += n

    def record_many(self, outcomes: list[tuple[str, str]]) -> None:
        with self._lock:
            self._counts.update(outcomes)

    def snapshot(self) -> dict[str, dict[str, float]]:
        """``{entity: {hits, misses, errors, write_errors, invalidation_errors, hit_rate}}`` plus a ``total`` row.
        ``hit_rate`` is hits over lookups (hits + misses + errors); 0.0 before any lookup."""
        with self._lock:
            counts = dict(self._counts)
        out: dict[str, dict[str, float]] = {}
        for entity in (*ENTITIES, "total"):
            def n(outcome: str, e: str = entity) -> int:
                if e == "total":
                    return sum(v for (_, o), v in counts.items() if o == outcome)
                return counts.get((e, outcome), 0)

            hits, misses, errors = n("hit"), n("miss"), n("error")
            lookups = hits + misses + errors
            out[entity] = {"hits": hits, "misses": misses, "errors": errors,
                           "write_errors": n("write_error"), "invalidation_errors": n("invalidation_error"),
                           "hit_rate": hits / lookups if lookups else 0.0}
        return out

    def hit_rate(self) -> float:
        return self.snapshot()["total"]["hit_rate"]
