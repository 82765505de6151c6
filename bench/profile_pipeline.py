"""Profile the decision path with pyinstrument (a sampling profiler, dev extra): 3,000 messages, 100 tenants,
warm cache, events discarded, on the real Redis and SQLite. `python -m bench.profile_pipeline`."""

from __future__ import annotations

import tempfile

from pyinstrument import Profiler

from bench.pipeline import _body, _container, _Discard, _seed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        container = _container(tmp)
        container.events = _Discard()  # type: ignore[assignment]
        ids = _seed(container, 100)
        pipeline = container.pipeline
        for i, tenant in enumerate(ids * 6):  # warm: the cache, the L1, the compiled statements
            pipeline.handle(_body(tenant, 10_000_000 + i))
        profiler = Profiler(interval=0.0002)
        profiler.start()
        for n in range(3000):
            pipeline.handle(_body(ids[n % len(ids)], n + 1))
        profiler.stop()
        container.close()
    print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main()
