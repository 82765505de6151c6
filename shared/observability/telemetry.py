"""Counters, latencies and trace propagation: in-process always, OpenTelemetry when configured.

The in-process counters back ``GET /api/v1/metrics``. When an Application Insights connection string
is set, ``azure-monitor-opentelemetry`` is configured and every count, latency and span goes to it as
well; without one, OpenTelemetry is never imported (cold start). Trace context crosses the queue hops
inside the message body (``traceparent``), so one signal is one trace from HTTP ingest to the broker.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

TRACE_FIELD = "traceparent"


class Telemetry:
    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._latency_ms: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self._tracer: Any = None
        self._meter: Any = None
        self._instruments: dict[str, Any] = {}
        self._propagate: Any = None

    @property
    def enabled(self) -> bool:
        return self._tracer is not None

    def configure_azure_monitor(self, connection_string: str) -> None:
        from azure.monitor.opentelemetry import configure_azure_monitor

        configure_azure_monitor(connection_string=connection_string, logger_name="shared")
        self.use_opentelemetry()

    def use_opentelemetry(self, tracer_provider: Any = None, meter_provider: Any = None) -> None:
        """Send to OpenTelemetry (the global providers, or the ones given — tests pass in-memory ones)."""
        from opentelemetry import metrics, propagate, trace

        self._tracer = (tracer_provider or trace.get_tracer_provider()).get_tracer("pipster")
        self._meter = (meter_provider or metrics.get_meter_provider()).get_meter("pipster")
        self._propagate = propagate

    def count(self, name: str, value: int = 1, **attributes: str) -> None:
        with self._lock:
            self._counts[name] += value
        if self._meter is not None:
            counter = self._instruments.get(name)
            if counter is None:
                counter = self._instruments.setdefault(name, self._meter.create_counter(name))
            counter.add(value, attributes)

    def observe_ms(self, name: str, value: float, **attributes: str) -> None:
        with self._lock:
            samples = self._latency_ms.setdefault(name, [])
            samples.append(value)
            del samples[:-1000]  # a bounded window for the metrics endpoint's percentiles
        if self._meter is not None:
            key = f"histogram:{name}"
            histogram = self._instruments.get(key)
            if histogram is None:
                histogram = self._instruments.setdefault(key, self._meter.create_histogram(name, unit="ms"))
            histogram.record(value, attributes)

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            latency = {}
            for name, samples in self._latency_ms.items():
                ordered = sorted(samples)
                latency[name] = {"count": len(ordered), "p50": ordered[len(ordered) // 2],
                                 "p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]}
            return {"counters": dict(self._counts), "latencyMs": latency}

    def inject(self) -> dict[str, str]:
        """The current trace context, to put in an outgoing message body."""
        if self._propagate is None:
            return {}
        carrier: dict[str, str] = {}
        self._propagate.inject(carrier)
        return {TRACE_FIELD: carrier[TRACE_FIELD]} if TRACE_FIELD in carrier else {}

    @contextmanager
    def span(self, name: str, carrier: dict[str, Any] | None = None, **attributes: str) -> Iterator[None]:
        """A span, continuing the trace found in ``carrier`` (an incoming message body) if any."""
        if self._tracer is None:
            with nullcontext():
                yield
            return
        context = None
        if carrier and isinstance(carrier.get(TRACE_FIELD), str):
            context = self._propagate.extract({TRACE_FIELD: carrier[TRACE_FIELD]})
        with self._tracer.start_as_current_span(name, context=context, attributes=attributes):
            yield


telemetry = Telemetry()  # one per worker process, like the host's own telemetry
