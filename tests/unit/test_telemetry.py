"""Telemetry: in-process counters always; spans continue across queue hops through the message body.

The OpenTelemetry SDK's in-memory exporters stand in for Azure Monitor (no network here)."""

from __future__ import annotations

import subprocess
import sys

from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shared.observability.telemetry import Telemetry


def test_counters_and_latencies_without_opentelemetry() -> None:
    telemetry = Telemetry()
    telemetry.count("messages.processed")
    telemetry.count("messages.processed", 2)
    for ms in (1.0, 2.0, 30.0):
        telemetry.observe_ms("order.latency", ms)
    snapshot = telemetry.snapshot()
    assert snapshot["counters"] == {"messages.processed": 3}
    assert snapshot["latencyMs"]["order.latency"] == {"count": 3, "p50": 2.0, "p95": 30.0}
    assert telemetry.inject() == {}


def test_one_trace_across_a_queue_hop() -> None:
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    reader = InMemoryMetricReader()
    telemetry = Telemetry()
    telemetry.use_opentelemetry(tracer_provider, MeterProvider(metric_readers=[reader]))
    with telemetry.span("http ingest"):
        body = {"tenantId": "ten_1", **telemetry.inject()}
    with telemetry.span("pipeline", carrier=body):
        telemetry.count("messages.processed", tenant="ten_1")
    ingest, pipeline = sorted(exporter.get_finished_spans(), key=lambda s: s.start_time)
    assert pipeline.context.trace_id == ingest.context.trace_id
    assert pipeline.parent is not None and pipeline.parent.span_id == ingest.context.span_id
    exported = reader.get_metrics_data().resource_metrics[0].scope_metrics[0].metrics
    assert [m.name for m in exported] == ["messages.processed"]


def test_opentelemetry_is_not_imported_unless_configured() -> None:
    code = ("import sys; from shared.observability.telemetry import telemetry; telemetry.count('x'); "
            "print(any(m.startswith('opentelemetry') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr
