"""A fake of TDLib's JSON interface (``td_create_client_id`` / ``td_send`` / ``td_receive``), the boundary the
listener's client sits on. It answers the requests the listener makes as ``td_api.tl`` documents them and
replays recorded update objects (tests/support/tdlib_recordings.py). It is not TDLib and logs nothing in.

A session counts as signed in when its ``td.binlog`` starts with ``SIGNED_IN``; when it becomes ready the
fake appends to the binlog (as TDLib's own writes would change it), and on ``close`` it writes ``db.sqlite``,
so the write-back of both can be checked.
"""

from __future__ import annotations

import json
import queue
import threading
from pathlib import Path
from typing import Any

from tests.support import tdlib_recordings as rec

SIGNED_IN = b"signed-in"


class FakeTdlib:
    def __init__(self) -> None:
        self._out: queue.Queue[bytes] = queue.Queue()
        self._lock = threading.Lock()
        self._next = 0
        self.requests: list[dict[str, Any]] = []
        self.history: dict[int, dict[int, dict[str, Any]]] = {}  # chat -> TDLib id -> message
        self.after_ready: list[dict[str, Any]] = []  # updates TDLib delivers right after the session is ready
        self.folders: dict[int, Path] = {}
        self.ready: set[int] = set()

    # -- what the test does --------------------------------------------------------------------------

    def post(self, msg: dict[str, Any]) -> None:
        self.history.setdefault(msg["chat_id"], {})[msg["id"]] = msg

    def push(self, update: dict[str, Any]) -> None:
        """Deliver an update to every signed-in instance (there is one per session)."""
        for client_id in sorted(self.ready):
            self._emit(client_id, update)

    def sent(self, kind: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r.get("@type") == kind]

    # -- the tdjson module's functions ---------------------------------------------------------------

    def td_create_client_id(self) -> int:
        with self._lock:
            self._next += 1
            return self._next

    def td_execute(self, request: bytes) -> bytes | None:
        return None

    def td_receive(self, timeout: float) -> bytes | None:
        try:
            return self._out.get(timeout=timeout)
        except queue.Empty:
            return None

    def td_send(self, client_id: int, request: bytes) -> None:
        obj = json.loads(request)
        with self._lock:
            self.requests.append(obj)
        handler = getattr(self, "_on_" + obj["@type"], None)
        answer = handler(client_id, obj) if handler else {"@type": "error", "code": 400, "message": "unsupported"}
        if "@extra" in obj:
            answer = {**answer, "@extra": obj["@extra"]}
        self._emit(client_id, answer)

    def _emit(self, client_id: int, obj: dict[str, Any]) -> None:
        self._out.put(json.dumps({**obj, "@client_id": client_id}).encode())

    # -- requests ------------------------------------------------------------------------------------

    def _on_getOption(self, client_id: int, obj: dict[str, Any]) -> dict[str, Any]:  # noqa: N802 - TDLib's names
        if client_id not in self.folders:
            self.folders[client_id] = Path()
            self._emit(client_id, rec.authorization("authorizationStateWaitTdlibParameters"))
        return {"@type": "optionValueString", "value": "1.8.69"}

    def _on_setTdlibParameters(self, client_id: int, obj: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        folder = Path(obj["database_directory"])
        self.folders[client_id] = folder
        binlog = folder / "td.binlog"
        if not binlog.is_file() or not binlog.read_bytes().startswith(SIGNED_IN):
            self._emit(client_id, rec.authorization("authorizationStateWaitPhoneNumber"))
            return {"@type": "ok"}
        binlog.write_bytes(binlog.read_bytes() + b"|used")
        self.ready.add(client_id)
        self._emit(client_id, rec.authorization("authorizationStateReady"))
        for update in self.after_ready:
            self._emit(client_id, update)
        return {"@type": "ok"}

    def _on_getChat(self, client_id: int, obj: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        if obj["chat_id"] not in self.history:
            return {"@type": "error", "code": 400, "message": "Chat not found"}
        return {"@type": "chat", "id": obj["chat_id"], "type": {"@type": "chatTypeSupergroup", "is_channel": True}}

    def _on_openChat(self, client_id: int, obj: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return {"@type": "ok"}

    def _on_getChatHistory(self, client_id: int, obj: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        messages = self.history.get(obj["chat_id"], {})
        start = obj["from_message_id"] or (1 << 62)
        page = [messages[i] for i in sorted(messages, reverse=True) if i < start][: obj["limit"]]
        return {"@type": "messages", "total_count": len(page), "messages": page}

    def _on_getMessage(self, client_id: int, obj: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        found = self.history.get(obj["chat_id"], {}).get(obj["message_id"])
        return found or {"@type": "error", "code": 404, "message": "Not Found"}

    def _on_close(self, client_id: int, obj: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        folder = self.folders.get(client_id)
        if folder is not None and client_id in self.ready:
            (folder / "db.sqlite").write_bytes(b"sqlite of client %d" % client_id)
        self.ready.discard(client_id)
        self._emit(client_id, rec.authorization("authorizationStateClosing"))
        self._emit(client_id, rec.authorization("authorizationStateClosed"))
        return {"@type": "ok"}
