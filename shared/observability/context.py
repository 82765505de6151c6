"""Per-invocation log context, carried by contextvars onto every log record.

A record factory (not a handler filter) adds the fields, so they reach whatever handler the host
installed — the Functions worker's, the console's, or Azure Monitor's OpenTelemetry exporter, which
turns record attributes into custom dimensions.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

FIELDS = ("invocation_id", "tenant_id", "correlation_id", "message_key")
_vars: dict[str, ContextVar[str | None]] = {name: ContextVar(name, default=None) for name in FIELDS}
_installed = False


@contextmanager
def log_context(**fields: str | None) -> Iterator[None]:
    """Set context fields for the block (nested blocks add to, and then restore, the outer ones)."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown log context fields {sorted(unknown)}")
    tokens = [(_vars[name], _vars[name].set(value)) for name, value in fields.items() if value is not None]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def current() -> dict[str, str]:
    return {name: value for name, var in _vars.items() if (value := var.get()) is not None}


def install() -> None:
    """Make every LogRecord carry the context fields (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        for name, var in _vars.items():
            if not hasattr(record, name):
                setattr(record, name, var.get() or "-")
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


TEXT_FORMAT = ("%(asctime)s %(levelname)s %(name)s [inv=%(invocation_id)s tenant=%(tenant_id)s "
               "corr=%(correlation_id)s key=%(message_key)s] %(message)s")
