"""Fixtures shared by the unit tests."""

from __future__ import annotations

import pytest

from shared.parsing import SignalParser


@pytest.fixture
def parser() -> SignalParser:
    return SignalParser()
