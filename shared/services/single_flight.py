"""Collapse concurrent loads of one key inside a process into one (cache-stampede protection).

When a hot key expires, every thread of the worker misses at once; without this each would query
the database. Across worker processes each still loads once: bounded by the instance count.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class _Call:
    __slots__ = ("done", "value", "error")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class SingleFlight:
    """``do(key, load)``: the first caller for ``key`` runs ``load``; callers arriving meanwhile wait
    for and share its result (or its exception)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: dict[str, _Call] = {}

    def do(self, key: str, load: Callable[[], Any]) -> Any:
        with self._lock:
            call = self._calls.get(key)
            leader = call is None
            if call is None:
                call = self._calls[key] = _Call()
        if not leader:
            call.done.wait()
            if call.error is not None:
                raise call.error
            return call.value
        try:
            call.value = load()
            return call.value
        except BaseException as exc:
            call.error = exc
            raise
        finally:
            with self._lock:
                del self._calls[key]
            call.done.set()
