"""The process's TDLib instances over ``tdjson`` (the maintained PyPI build of TDLib's JSON interface).

``td_receive`` answers for every TDLib instance of the process at once, and must not be called from two
threads: one pump thread receives and hands each object to its instance's queue (by ``@client_id``).
A listener thread then talks to its own ``TdJsonChannel`` only.
"""

from __future__ import annotations

import atexit
import json
import logging
import queue
import threading
from typing import Any, Protocol

logger = logging.getLogger(__name__)


class TdJsonChannel(Protocol):
    """One TDLib instance: JSON objects out, JSON objects (answers and updates) in."""

    def send(self, request: dict[str, Any]) -> None: ...
    def receive(self, timeout: float) -> dict[str, Any] | None: ...


class _Channel:
    def __init__(self, hub: TdJsonHub, client_id: int) -> None:
        self._hub = hub
        self._id = client_id
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()

    def send(self, request: dict[str, Any]) -> None:
        self._hub.lib.td_send(self._id, json.dumps(request).encode())

    def receive(self, timeout: float) -> dict[str, Any] | None:
        try:
            return self.inbox.get(timeout=timeout)
        except queue.Empty:
            return None


class TdJsonHub:
    def __init__(self, lib: Any = None) -> None:
        if lib is None:
            import tdjson  # the listener's extra: pip install '.[listener]'

            lib = tdjson
            lib.td_execute(json.dumps({"@type": "setLogVerbosityLevel", "new_verbosity_level": 1}).encode())
        self.lib = lib
        self._channels: dict[int, _Channel] = {}
        self._lock = threading.Lock()
        self._pump: threading.Thread | None = None
        self._stop = threading.Event()

    def open(self) -> TdJsonChannel:
        with self._lock:
            channel = _Channel(self, int(self.lib.td_create_client_id()))
            self._channels[channel._id] = channel  # noqa: SLF001 - the hub owns its channels
            if self._pump is None:
                self._pump = threading.Thread(target=self._run, name="tdjson-pump", daemon=True)
                self._pump.start()
                # A thread still inside td_receive when the interpreter exits aborts the process.
                atexit.register(self.close)
        return channel

    def close(self) -> None:
        """Stop the pump (within a second); the instances should have been closed first."""
        self._stop.set()
        if self._pump is not None:
            self._pump.join(5)

    def _run(self) -> None:
        while not self._stop.is_set():
            raw = self.lib.td_receive(1.0)
            if not raw:
                continue
            try:
                obj = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError):
                logger.warning("TDLib sent something that is not JSON; dropped")
                continue
            with self._lock:
                channel = self._channels.get(obj.pop("@client_id", None))
            if channel is not None:
                channel.inbox.put(obj)
