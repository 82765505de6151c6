"""``pipster serve``: the whole Function App locally, without Core Tools."""

from __future__ import annotations

import argparse
import logging
import signal
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


def register(groups: Any) -> None:
    parser: argparse.ArgumentParser = groups.add_parser(
        "serve", help="run the Function App locally: HTTP on 127.0.0.1, queue triggers, timers")
    parser.add_argument("--port", type=int, default=7071, help="HTTP port (default 7071, as func start)")
    parser.add_argument("--app-dir", type=Path, default=Path("."), help="folder holding function_app.py and host.json")
    parser.add_argument("--azurite", action="store_true", help="start Azurite too (data under PIPSTER_DATA_DIR)")
    parser.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    from devtools.localhost.azurite import start_azurite
    from devtools.localhost.host import LocalHost, app_settings, load_function_app
    from shared.settings import get_settings

    app_dir = args.app_dir.resolve()
    settings = get_settings()
    azurite = start_azurite(app_dir, settings.data_dir.resolve() / "azurite") if args.azurite else None
    host = None
    try:
        host = LocalHost(app=load_function_app(app_dir), settings=app_settings(app_dir),
                         host_json=app_dir / "host.json", port=args.port, local=settings.is_local)
        signal.signal(signal.SIGTERM, lambda *_: host.stop() if host else None)
        host.start()
        print(f"Pipster is serving on http://127.0.0.1:{args.port}/api/v1/health (Ctrl-C to stop)", flush=True)
        host.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if host is not None:
            host.stop()
        if azurite is not None:
            azurite.terminate()
            azurite.wait(10)
    return 0
