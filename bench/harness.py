"""A tiny timing harness. Subjects are measured in alternating rounds so that a noisy neighbour on
this VM slows baseline and subject alike; each figure is the best round's median, in us per call."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def compare(subjects: dict[str, Callable[[], object]], *, calls: int = 2000, rounds: int = 9) -> dict[str, float]:
    for fn in subjects.values():  # warm caches and compiled statements
        for _ in range(max(10, calls // 10)):
            fn()
    best: dict[str, float] = {name: float("inf") for name in subjects}
    for _ in range(rounds):
        for name, fn in subjects.items():
            samples = []
            for _ in range(max(1, calls // 100)):
                start = time.perf_counter()
                for _ in range(100):
                    fn()
                samples.append((time.perf_counter() - start) / 100)
            best[name] = min(best[name], statistics.median(samples) * 1e6)
    return best


def report(title: str, figures: dict[str, float], goal: float | None = None) -> bool:
    """Print each figure beside the first (the baseline) as a ratio; True when every ratio meets ``goal``."""
    print(f"\n{title}")
    names = list(figures)
    baseline = figures[names[0]]
    ok = True
    for name in names:
        ratio = figures[name] / baseline
        verdict = ""
        if goal is not None and name != names[0]:
            met = ratio <= goal
            ok = ok and met
            verdict = f"  (goal <= {goal:.1f}x: {'met' if met else 'MISSED'})"
        print(f"  {name:<44} {figures[name]:9.1f} us  {ratio:5.2f}x{verdict}")
    return ok
