"""Run every benchmark and print its figures beside the baselines measured in the same run."""

from __future__ import annotations

import logging
import sys

from bench import (
    backup_restore,
    cache_lookup,
    chaos,
    envelope,
    event_store,
    parsing,
    pipeline,
    sessions,
    sql_lookup,
    stats,
)

BENCHMARKS = [sql_lookup, cache_lookup, parsing, pipeline, backup_restore, envelope, event_store, sessions, chaos,
              stats]


def main() -> int:
    logging.basicConfig(level=logging.WARNING)
    results = [bench.main() for bench in BENCHMARKS]
    print("\nall goals met" if all(results) else "\nsome goals missed (see above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
