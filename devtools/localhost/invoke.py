"""Calling a registered function the way the worker does: trigger input, output binding objects, context."""

from __future__ import annotations

import asyncio
import types
import uuid
from typing import Any

import azure.functions as func

from devtools.localhost.bindings import FunctionSpec


class OutValue(func.Out[Any]):
    """The host's ``func.Out``: the function sets a value, the host delivers it after a successful run."""

    def __init__(self) -> None:
        self._value: Any = None

    def set(self, val: Any) -> None:
        self._value = val

    def get(self) -> Any:
        return self._value


def invoke(spec: FunctionSpec, trigger_value: Any, loop: asyncio.AbstractEventLoop | None = None) -> dict[str, Any]:
    """Run ``spec`` with its trigger input; returns the values set on its output bindings (by binding name)."""
    kwargs: dict[str, Any] = {spec.trigger["name"]: trigger_value}
    outs = {o.name: OutValue() for o in spec.outputs if o.name != "$return"}
    kwargs.update({name: out for name, out in outs.items() if name in spec.parameters})
    if "context" in spec.parameters:
        kwargs["context"] = types.SimpleNamespace(
            invocation_id=str(uuid.uuid4()), function_name=spec.name, function_directory=".",
            trace_context=None, retry_context=None,
        )
    result = spec.user_function(**kwargs)
    if asyncio.iscoroutine(result):
        result = (loop or asyncio.new_event_loop()).run_until_complete(result)
    values = {name: out.get() for name, out in outs.items()}
    if any(o.name == "$return" for o in spec.outputs):
        values["$return"] = result
    return values
