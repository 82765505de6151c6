"""Reading the FunctionApp's registered functions into what the local host needs to run them."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

_QUEUE_NAME = re.compile(r"[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}")
# The host moves a message to "<queue>-poison"; that name must itself be a valid queue name (<= 63).
_POISON_SUFFIX = "-poison"
_SETTING_REFERENCE = re.compile(r"%([^%]+)%")


class BindingError(ValueError):
    """A function's bindings cannot be run as declared (bad queue name, schedule, missing setting)."""


@dataclass(frozen=True)
class OutputBinding:
    name: str
    type: str
    queue_name: str | None = None
    connection: str | None = None


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    trigger_type: str
    trigger: dict[str, Any]
    outputs: tuple[OutputBinding, ...]
    user_function: Callable[..., Any]
    parameters: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_async(self) -> bool:
        return inspect.iscoroutinefunction(self.user_function)


def resolve(value: str, settings: Mapping[str, str]) -> str:
    """Binding expressions ``%NAME%`` take their value from an app setting, as in Azure."""

    def lookup(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in settings or not settings[name]:
            raise BindingError(f"app setting {name!r} referenced by a binding is not set")
        return settings[name]

    return _SETTING_REFERENCE.sub(lookup, value)


def validate_queue_name(name: str, function: str) -> str:
    if name.endswith(_POISON_SUFFIX):
        raise BindingError(f"{function}: queue {name!r} ends with {_POISON_SUFFIX!r}: it would have no poison queue")
    if not _QUEUE_NAME.fullmatch(name) or len(name) + len(_POISON_SUFFIX) > 63:
        raise BindingError(
            f"{function}: queue name {name!r} must be 3-56 lower-case letters, digits and single hyphens "
            f"(so that {name + _POISON_SUFFIX!r} is valid too)"
        )
    return name


def read_functions(app: Any, settings: Mapping[str, str]) -> list[FunctionSpec]:
    """Every registered function with its trigger and outputs; a binding that cannot run raises BindingError."""
    specs = []
    for function in app.get_functions():
        bindings = json.loads(function.get_function_json())["bindings"]
        name = function.get_function_name()
        triggers = [b for b in bindings if b["type"].endswith("Trigger")]
        if len(triggers) != 1:
            raise BindingError(f"{name}: expected one trigger, found {len(triggers)}")
        trigger = dict(triggers[0])
        if trigger["type"] == "queueTrigger":
            trigger["queueName"] = validate_queue_name(resolve(trigger["queueName"], settings), name)
        outputs = []
        for b in bindings:
            if b.get("direction", "").upper() == "OUT" and b["type"] != "http":
                queue = resolve(b["queueName"], settings) if b["type"] == "queue" else None
                if queue is not None:
                    validate_queue_name(queue, name)
                outputs.append(OutputBinding(b["name"], b["type"], queue, b.get("connection")))
        user_function = function.get_user_function()
        specs.append(FunctionSpec(
            name=name, trigger_type=trigger["type"], trigger=trigger, outputs=tuple(outputs),
            user_function=user_function, parameters=frozenset(inspect.signature(user_function).parameters),
        ))
    return specs
