"""The listener's Telegram client on TDLib (JSON interface), with the session in the store's layout.

The session folder is written to a private temporary folder for TDLib and read back for the write-back:
``td.binlog`` is TDLib's own file; TDLib's ``db.sqlite`` is kept as ``db/td.db``; ``files/`` as it is.
Sign-in is never done here: a session that is not signed in raises ``SessionNotAuthorizedError``.
"""

from __future__ import annotations

import collections
import logging
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from shared.adapters.telegram import tdlib_objects as td
from shared.adapters.telegram.tdjson_hub import TdJsonChannel, TdJsonHub
from shared.domain.channel_updates import ChannelPost, ChannelUpdate
from shared.ports.telegram_client import (
    AbstractTelegramClient,
    AbstractTelegramClientFactory,
    SessionNotAuthorizedError,
    TelegramClientError,
)

logger = logging.getLogger(__name__)
# store layout -> TDLib's name in its database directory
NATIVE_NAMES = {"td.binlog": "td.binlog", "db/td.db": "db.sqlite"}
HISTORY_PAGE = 100
HISTORY_MAX_PAGES = 50  # 5,000 messages of one channel at most per back-fill
_NEEDS_LOGIN = {"authorizationStateWaitPhoneNumber", "authorizationStateWaitCode", "authorizationStateWaitPassword",
                "authorizationStateWaitOtherDeviceConfirmation", "authorizationStateWaitEmailAddress",
                "authorizationStateWaitEmailCode", "authorizationStateWaitRegistration"}


class TdlibTelegramClient(AbstractTelegramClient):
    def __init__(self, channel: TdJsonChannel, folder: Path, *, api_id: int, api_hash: str,
                 timeout: float = 30.0) -> None:
        self._td = channel
        self._folder = folder
        self._api_id = api_id
        self._api_hash = api_hash
        self._timeout = timeout
        self._pending: collections.deque[dict[str, Any]] = collections.deque()

    # -- session folder -------------------------------------------------------------------------------

    def write_session(self, files: Mapping[str, bytes]) -> None:
        for path, data in files.items():
            native = NATIVE_NAMES.get(path, path if path.startswith("files/") else None)
            if native is None:
                continue  # e.g. db/td.db-journal: SQLite rebuilds it
            target = self._folder / native
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def session_files(self) -> dict[str, bytes]:
        files = {path: (self._folder / native).read_bytes() for path, native in NATIVE_NAMES.items()
                 if (self._folder / native).is_file()}
        media = self._folder / "files"
        if media.is_dir():
            files.update({f"files/{p.relative_to(media).as_posix()}": p.read_bytes()
                          for p in sorted(media.rglob("*")) if p.is_file()})
        return files

    # -- session --------------------------------------------------------------------------------------

    def connect(self) -> None:
        self._td.send({"@type": "getOption", "name": "version"})  # wakes the instance: it reports its state
        deadline = time.monotonic() + self._timeout
        while time.monotonic() < deadline:
            obj = self._td.receive(0.5)
            if obj is None:
                continue
            if obj.get("@type") != "updateAuthorizationState":
                self._pending.append(obj)
                continue
            state = obj.get("authorization_state", {}).get("@type")
            if state == "authorizationStateWaitTdlibParameters":
                self._td.send(self._parameters())
            elif state == "authorizationStateReady":
                return
            elif state in _NEEDS_LOGIN:
                raise SessionNotAuthorizedError(f"the stored session is not signed in ({state})")
            elif state in {"authorizationStateClosing", "authorizationStateClosed", "authorizationStateLoggingOut"}:
                raise TelegramClientError(f"the session closed while connecting ({state})")
        raise TelegramClientError("the session did not become ready in time")

    def _parameters(self) -> dict[str, Any]:
        return {"@type": "setTdlibParameters", "use_test_dc": False, "database_directory": str(self._folder),
                "files_directory": str(self._folder / "files"), "database_encryption_key": "",
                "use_file_database": False, "use_chat_info_database": True, "use_message_database": True,
                "use_secret_chats": False, "api_id": self._api_id, "api_hash": self._api_hash,
                "system_language_code": "en", "device_model": "Pipster listener", "system_version": "",
                "application_version": "1.0"}

    def subscribe(self, channel_ids: Iterable[int]) -> None:
        for chat_id in channel_ids:
            self._request({"@type": "getChat", "chat_id": chat_id})  # TDLib must know a chat before opening it
            self._request({"@type": "openChat", "chat_id": chat_id})

    def last_message_id(self, channel_id: int) -> int | None:
        page = self._history(channel_id, from_id=0, limit=1)
        return max((p.message_id for p in page), default=None)

    def iter_history(self, channel_id: int, after_id: int) -> Iterator[ChannelPost]:
        collected: dict[int, ChannelPost] = {}
        from_id = 0
        for _ in range(HISTORY_MAX_PAGES):
            raw = self._request({"@type": "getChatHistory", "chat_id": channel_id, "from_message_id": from_id,
                                 "offset": 0, "limit": HISTORY_PAGE, "only_local": False}).get("messages") or []
            ids = [m["id"] for m in raw if isinstance(m, dict) and isinstance(m.get("id"), int)]
            for message in raw:
                post = td.post_of(message)
                if post is not None and post.message_id > after_id:
                    collected[post.message_id] = post
            if not ids or min(ids) <= td.tdlib_id(after_id):
                break
            from_id = min(ids)
        else:
            logger.warning("back-fill of channel %s stopped after %s messages", channel_id, len(collected))
        yield from (collected[k] for k in sorted(collected))

    def _history(self, channel_id: int, *, from_id: int, limit: int) -> list[ChannelPost]:
        raw = self._request({"@type": "getChatHistory", "chat_id": channel_id, "from_message_id": from_id,
                             "offset": 0, "limit": limit, "only_local": False}).get("messages") or []
        return [p for p in (td.post_of(m) for m in raw) if p is not None]

    def next_update(self, timeout: float) -> ChannelUpdate | None:
        deadline = time.monotonic() + timeout
        while True:
            obj = self._pending.popleft() if self._pending else self._td.receive(max(0.0, deadline - time.monotonic()))
            if obj is None:
                return None
            update = self._map(obj)
            if update is not None:
                return update
            if time.monotonic() >= deadline and not self._pending:
                return None

    def _map(self, obj: dict[str, Any]) -> ChannelUpdate | None:
        kind = obj.get("@type")
        if kind == "updateNewMessage":
            return td.post_of(obj.get("message"))
        if kind == "updateMessageEdited":
            # The edit notice carries no text: the message as it reads now does.
            message = self._request({"@type": "getMessage", "chat_id": obj.get("chat_id"),
                                     "message_id": obj.get("message_id")}, allow_error=True)
            return td.post_of(message, edited=True) if message else None
        if kind == "updateDeleteMessages":
            return td.deletion_of(obj)
        if kind == "updateAuthorizationState" and obj.get("authorization_state", {}).get("@type") in {
                "authorizationStateClosed", "authorizationStateLoggingOut"}:
            raise TelegramClientError("the session was closed or logged out")
        return None

    def _request(self, request: dict[str, Any], *, allow_error: bool = False) -> dict[str, Any]:
        extra = uuid.uuid4().hex
        self._td.send({**request, "@extra": extra})
        deadline = time.monotonic() + self._timeout
        while time.monotonic() < deadline:
            obj = self._td.receive(0.5)
            if obj is None:
                continue
            if obj.get("@extra") != extra:
                self._pending.append(obj)  # an update (or a late answer): kept in order for next_update
                continue
            if obj.get("@type") == "error":
                if allow_error:
                    return {}
                raise TelegramClientError(f"{request['@type']} failed: {obj.get('code')} {obj.get('message')}")
            return obj
        raise TelegramClientError(f"{request['@type']} got no answer in time")

    def close(self) -> dict[str, bytes]:
        try:
            self._td.send({"@type": "close"})
            deadline = time.monotonic() + self._timeout
            while time.monotonic() < deadline:
                obj = self._td.receive(0.5)
                if obj and obj.get("@type") == "updateAuthorizationState" and \
                        obj.get("authorization_state", {}).get("@type") == "authorizationStateClosed":
                    break
            else:
                logger.warning("TDLib did not confirm the close; saving the session as it is")
            return self.session_files()  # after the close: SQLite has folded its journal into db.sqlite
        finally:
            self._pending.clear()
            shutil.rmtree(self._folder, ignore_errors=True)  # the local copy holds the auth key


class TdlibClientFactory(AbstractTelegramClientFactory):
    """TDLib instances in one process hub; session folders under ``root`` (private, removed on close)."""

    def __init__(self, root: Path, hub: TdJsonHub | None = None, *, timeout: float = 30.0) -> None:
        self._root = root
        self._hub = hub
        self._timeout = timeout

    def open(self, tenant_id: str, *, api_id: int, api_hash: str,
             files: Mapping[str, bytes]) -> TdlibTelegramClient:
        if self._hub is None:
            self._hub = TdJsonHub()
        self._root.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f"{tenant_id}-", dir=self._root))  # mode 0700
        client = TdlibTelegramClient(self._hub.open(), folder, api_id=api_id, api_hash=api_hash,
                                     timeout=self._timeout)
        client.write_session(files)
        return client
