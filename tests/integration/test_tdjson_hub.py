"""The real TDLib (the ``tdjson`` package) behind our hub: answers and updates reach the instance that asked,
by ``@client_id``. No TDLib parameters are ever set, so TDLib opens no connection: nothing reaches Telegram.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from shared.adapters.telegram.tdjson_hub import TdJsonChannel, TdJsonHub
from tests.support.services import unavailable

try:
    import tdjson  # noqa: F401 - the listener extra: installed with the dev extras
except ImportError:  # pragma: no cover - a machine without the extra: skipped locally, a failure under CI
    HAVE_TDJSON = False
else:
    HAVE_TDJSON = True


@pytest.fixture(autouse=True)
def _tdjson_installed() -> None:
    if not HAVE_TDJSON:
        unavailable("tdjson", "the listener extra is not installed (make setup installs it)")


def _until(channel: TdJsonChannel, done: Any, timeout: float = 10) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not done(seen):
        found = channel.receive(0.2)
        if found is not None:
            seen.append(found)
    return seen


def _state(seen: list[dict[str, Any]]) -> list[str]:
    return [s["authorization_state"]["@type"] for s in seen if s.get("@type") == "updateAuthorizationState"]


def test_two_instances_each_get_their_own_answers_and_states() -> None:
    hub = TdJsonHub()
    first, second = hub.open(), hub.open()
    first.send({"@type": "getOption", "name": "version", "@extra": "first"})
    second.send({"@type": "getOption", "name": "version", "@extra": "second"})
    for channel, extra in ((first, "first"), (second, "second")):
        seen = _until(channel, lambda s, e=extra: any(x.get("@extra") == e for x in s) and _state(s))
        answers = [s for s in seen if "@extra" in s]
        assert [a["@extra"] for a in answers] == [extra] and answers[0]["@type"] == "optionValueString"
        assert _state(seen) == ["authorizationStateWaitTdlibParameters"]
        channel.send({"@type": "close"})
        assert "authorizationStateClosed" in _state(_until(channel, lambda s: "authorizationStateClosed" in _state(s)))
