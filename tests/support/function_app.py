"""The app's registered functions, indexed once: the SDK's ``get_functions()`` refuses a second call on one app
(it re-validates names against those it already built), just as the host indexes an app only once."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from function_app import app


@lru_cache(maxsize=1)
def registered() -> dict[str, Any]:
    return {f.get_function_name(): f for f in app.get_functions()}


def bindings(name: str) -> list[dict[str, Any]]:
    return list(json.loads(registered()[name].get_function_json())["bindings"])
