"""``pipster listen``: a listener thread per tenant whose Telegram credentials and session are stored.

Each thread competes for its tenant's session lease (``TenantListener``), so any number of listener
processes can run: each session is served by exactly one of them, and the others stand by.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

from shared.services.telegram_listener import ListenerRuntime, TenantListener

logger = logging.getLogger(__name__)


def listenable_tenants(runtime: ListenerRuntime) -> list[str]:
    """Active tenants with Telegram API credentials and a stored session."""
    stored = set(runtime.sessions.tenants())
    return sorted(t.id for t in runtime.repositories.tenants.get_active_tenants()
                  if t.telegram_api_hash and t.telegram_api_id is not None and t.id in stored)


class ListenerSupervisor:
    def __init__(self, runtime: ListenerRuntime, tenants: Callable[[], Iterable[str]] | None = None, *,
                 rescan_seconds: float = 300.0, listener: Callable[[str], TenantListener] | None = None) -> None:
        self._runtime = runtime
        self._tenants = tenants or (lambda: listenable_tenants(runtime))
        self._rescan = rescan_seconds
        self._make = listener or (lambda tenant_id: TenantListener(runtime, tenant_id))
        self.listeners: dict[str, TenantListener] = {}
        self._threads: dict[str, threading.Thread] = {}

    def run(self, stop: threading.Event) -> None:
        """Start a listener for each tenant (and for tenants that appear later) until ``stop``."""
        while not stop.is_set():
            try:
                wanted = set(self._tenants())
            except Exception:  # noqa: BLE001 - a failed scan keeps the running listeners; retried later
                logger.exception("could not list the tenants to listen to")
                wanted = set()
            for tenant_id in sorted(wanted - set(self._threads)):
                listener = self._make(tenant_id)
                thread = threading.Thread(target=listener.run, args=(stop,), name=f"listen-{tenant_id}", daemon=True)
                self.listeners[tenant_id], self._threads[tenant_id] = listener, thread
                thread.start()
                logger.info("listener started for tenant %s", tenant_id)
            stop.wait(self._rescan)
        for thread in self._threads.values():
            thread.join(timeout=60)
