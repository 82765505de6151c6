"""The functional tier: each use case built by ``bootstrap()`` on in-process stores (tests/support/in_process.py).
No server of any kind runs: what a test asserts is the state those stores hold afterwards. A test that
tries to open a network connection fails, so a backend wired by mistake cannot go unnoticed."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shared.clock import FixedClock
from tests.support.in_process import InProcessApp, build_in_process_app
from tests.support.scenario import Desk, seed_desk


class NetworkUsedError(AssertionError):
    """The functional tier runs on in-process stores only."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: socket.socket, address: Any, *args: Any) -> Any:
        if self.family == socket.AF_UNIX:
            return real_connect(self, address)
        raise NetworkUsedError(f"the functional tier opened a network connection to {address!r}")

    real_connect = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


@pytest.fixture
def app(tmp_path: Path, clock: FixedClock) -> Iterator[InProcessApp]:
    built = build_in_process_app(tmp_path, clock)
    yield built
    built.container.close()


@pytest.fixture
def desk(app: InProcessApp) -> Desk:
    """A tenant ready to trade: an enabled channel, auto-execute on, one paper broker with 100,000 USD."""
    return seed_desk(app.container)
