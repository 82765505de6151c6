"""Starting Azurite (from the project's node_modules) for ``make run``, unless one already listens."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time
from pathlib import Path

logger = logging.getLogger(__name__)
PORTS = (10000, 10001, 10002)


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.3):
            return True
    except OSError:
        return False


def connection_string(ports: tuple[int, int, int] = PORTS) -> str:
    """Azurite's development account on ``ports`` (blob, queue, table); the key is public, not a secret."""
    from shared.adapters.storage import DEVELOPMENT_STORAGE

    text = DEVELOPMENT_STORAGE
    for default, port in zip(PORTS, ports, strict=True):
        text = text.replace(f":{default}/", f":{port}/")
    return text


def start_azurite(project: Path, data_dir: Path, ports: tuple[int, int, int] = PORTS) -> subprocess.Popen[bytes] | None:
    """Start Azurite on loopback ``ports`` with data under ``data_dir``; None if one is already up there."""
    if all(_listening(p) for p in ports):
        logger.info("Azurite already listening on %s; using it", ports)
        return None
    binary = project / "node_modules" / ".bin" / "azurite"
    if not binary.exists() or shutil.which("node") is None:
        raise RuntimeError(f"Azurite not installed at {binary}: run `make setup` (npm ci)")
    data_dir.mkdir(parents=True, exist_ok=True)
    log = (data_dir / "azurite.log").open("ab")
    process = subprocess.Popen(
        [str(binary), "--silent", "--skipApiVersionCheck", "--loose", "--location", str(data_dir),
         "--blobHost", "127.0.0.1", "--blobPort", str(ports[0]), "--queueHost", "127.0.0.1",
         "--queuePort", str(ports[1]), "--tableHost", "127.0.0.1", "--tablePort", str(ports[2])],
        stdout=log, stderr=log,
    )
    deadline = time.monotonic() + 30
    while not all(_listening(p) for p in ports):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"Azurite did not start; see {data_dir / 'azurite.log'}")
        time.sleep(0.1)
    logger.info("Azurite started (pid %s), data in %s", process.pid, data_dir)
    return process
