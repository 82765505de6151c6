"""`pipster poison list/replay` against Azurite: a poisoned message goes back to its queue unchanged."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

from azure.storage.queue import QueueServiceClient

PIPSTER = Path(sys.executable).parent / "pipster"


def test_replay_moves_poisoned_messages_back_unchanged(azurite, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service = QueueServiceClient.from_connection_string(azurite.connection_string)
    for name in ("trade-commands", "trade-commands-poison"):
        try:
            service.create_queue(name)
        except Exception:  # noqa: BLE001,S110 - already there from another test
            pass
    body = base64.b64encode(b'{"clientOrderId": "pip-abc", "units": 1}').decode()
    service.get_queue_client("trade-commands-poison").send_message(body)
    env = {"PATH": os.environ["PATH"], "AzureWebJobsStorage": azurite.connection_string}
    listed = subprocess.run([str(PIPSTER), "poison", "list", "trade-commands"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0 and "pip-abc" in listed.stdout
    replayed = subprocess.run([str(PIPSTER), "poison", "replay", "trade-commands"], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)
    assert replayed.returncode == 0 and "replayed 1 message" in replayed.stdout, replayed.stderr
    back = [m.content for m in service.get_queue_client("trade-commands").receive_messages(max_messages=32)]
    assert body in back  # the session's Azurite is shared: other tests may have left commands there
    assert list(service.get_queue_client("trade-commands-poison").peek_messages()) == []
