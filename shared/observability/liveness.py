"""Hearts of the process's background workers (the local host's queue pollers), for readiness.

A worker beats while it makes progress. Readiness reports a worker whose thread has died, whose last beat
is older than its ``stalled_after``, or which says it is in trouble (storage unreachable for a while).
Only workers running in this process register: under the Functions host there are none, and the check
passes trivially.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


class WorkerStalledError(RuntimeError):
    """A background worker is dead, stalled or failing; the message names which and why."""


@dataclass
class Heart:
    name: str
    stalled_after: float
    now: Callable[[], float] = time.monotonic
    last_beat: float = field(default=0.0)
    trouble: str | None = None
    thread: threading.Thread | None = None

    def __post_init__(self) -> None:
        self.last_beat = self.now()

    def bind(self) -> None:
        """Called by the worker's own thread when it starts: its death is then visible."""
        self.thread = threading.current_thread()
        self.beat()

    def beat(self) -> None:
        self.last_beat = self.now()

    def problem(self) -> str | None:
        if self.thread is not None and not self.thread.is_alive():
            return f"{self.name}: thread has died"
        silent = self.now() - self.last_beat
        if silent > self.stalled_after:
            return f"{self.name}: no progress for {silent:.0f} s"
        if self.trouble:
            return f"{self.name}: {self.trouble}"
        return None


class Liveness:
    def __init__(self) -> None:
        self._hearts: dict[int, Heart] = {}
        self._lock = threading.Lock()

    def heart(self, name: str, *, stalled_after: float) -> Heart:
        return self.watch(Heart(name, stalled_after))

    def watch(self, heart: Heart) -> Heart:
        with self._lock:
            self._hearts[id(heart)] = heart
        return heart

    def forget(self, heart: Heart) -> None:
        """A worker stopped on purpose is no longer watched."""
        with self._lock:
            self._hearts.pop(id(heart), None)

    def problems(self) -> list[str]:
        with self._lock:
            hearts = list(self._hearts.values())
        return [p for p in (h.problem() for h in hearts) if p is not None]

    def check(self) -> int:
        """The number of healthy workers; raises ``WorkerStalledError`` naming every unhealthy one."""
        found = self.problems()
        if found:
            raise WorkerStalledError("; ".join(found))
        with self._lock:
            return len(self._hearts)


liveness = Liveness()
