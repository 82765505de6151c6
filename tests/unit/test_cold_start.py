"""Cold start: importing the Function App loads no backend SDK (storage, tables, Cosmos, Key Vault, Redis, a
database driver or SQLAlchemy dialect). The host imports function_app on every cold start, and each of those
costs a quarter second or more; they load on first use instead. Nor does it build the HTTP app (FastAPI and the
routes: two thirds of the import), which its first request builds. (The import time is a bench figure, not a test.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BACKENDS = ("azure.storage", "azure.data", "azure.cosmos", "azure.keyvault", "azure.monitor", "redis", "hiredis",
            "sqlalchemy.dialects", "psycopg", "pyodbc")


def test_importing_the_function_app_loads_no_backend_sdk() -> None:
    code = ("import json, sys, function_app; "
            "print(json.dumps(sorted(m for m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True, check=True, timeout=120)
    modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert "function_app" in modules and "functions.signals" in modules  # it did import the app
    assert [m for m in modules if m == "redis" or m.startswith(tuple(b + "." for b in BACKENDS)) or m in BACKENDS] == []
    assert [m for m in modules if m == "fastapi" or m.startswith(("fastapi.", "functions.http."))] == []
