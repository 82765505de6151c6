"""A listener in a process of its own, for the lease hand-over test: the test kills it with SIGKILL, so it
dies holding the session's lease, as a crashed worker would. Telegram is the fake TDLib of fake_tdlib.py.

    python -m tests.support.listener_child '<settings as JSON>' <tenant id> <channel id> <lease seconds>
"""

from __future__ import annotations

import json
import sys
import threading
import time

from shared.bootstrap import bootstrap
from shared.services.telegram_listener import TenantListener
from shared.settings import Settings
from tests.support.fake_tdlib import FakeTdlib
from tests.support.listener_runtime import runtime_of
from tests.support.tdlib_recordings import message


def main() -> None:
    settings, tenant_id, channel_id, lease_seconds = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3]), \
        int(sys.argv[4])
    container = bootstrap(Settings(**settings))
    fake = FakeTdlib()
    fake.post(message(channel_id, 1, "hello", int(time.time()) - 3600))
    listener = TenantListener(runtime_of(container, fake, lease_seconds=lease_seconds), tenant_id,
                              poll_seconds=0.2, retry_seconds=0.5)
    threading.Thread(target=listener.run, args=(threading.Event(),), daemon=True).start()
    listener.connected.wait(60)
    print("connected" if listener.connected.is_set() else "not connected", flush=True)
    time.sleep(600)


if __name__ == "__main__":
    main()
