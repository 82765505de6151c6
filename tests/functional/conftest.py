"""The functional tier: each use case built by ``bootstrap()`` on in-process stores (tests/support/in_process.py).
No server of any kind runs: what a test asserts is the state those stores hold afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.clock import FixedClock
from tests.support.in_process import InProcessApp, build_in_process_app
from tests.support.scenario import Desk, seed_desk


@pytest.fixture
def app(tmp_path: Path, clock: FixedClock) -> Iterator[InProcessApp]:
    built = build_in_process_app(tmp_path, clock)
    yield built
    built.container.close()


@pytest.fixture
def desk(app: InProcessApp) -> Desk:
    """A tenant ready to trade: an enabled channel, auto-execute on, one paper broker with 100,000 USD."""
    return seed_desk(app.container)
