"""Run the benchmarks and print their figures beside the baselines measured in the same run.

``python -m bench`` runs them all; ``python -m bench pipeline cache_lookup.day_case`` runs the named modules
(their ``main``) or single cases (``module.function``) only."""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable

NAMES = ["sql_lookup", "cache_lookup", "parsing", "pipeline", "backup_restore", "envelope", "event_store", "sessions",
         "chaos", "stats", "latency"]


def _case(name: str) -> Callable[[], bool]:
    module_name, _, function = name.partition(".")
    if module_name not in NAMES:
        raise SystemExit(f"unknown benchmark {module_name!r}; choose from {', '.join(NAMES)}")
    module = importlib.import_module(f"bench.{module_name}")
    found = getattr(module, function or "main", None)
    if not callable(found):
        raise SystemExit(f"bench.{module_name} has no case {function!r}")
    return found  # type: ignore[no-any-return]  # a benchmark case returns whether its goals were met


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING)
    cases = [_case(name) for name in (argv or NAMES)]
    results = [case() for case in cases]
    print("\nall goals met" if all(results) else "\nsome goals missed (see above)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
