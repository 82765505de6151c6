"""The session listener: one owner per tenant session, no gap across reconnects.

- **One owner**: a tenant's session is used only under the Blob lease ``telegram-session-{tenantId}``. A
  second listener finds it held and waits; the lease is renewed while connected and lapses within its
  duration when the holder dies, and the waiting listener takes over. (Two live connections on one
  session are what Telegram answers with ``AUTH_KEY_DUPLICATED``.)
- **No gap**: the last message id handed on is checkpointed per channel. On (re)connect each channel's
  history after its checkpoint is back-filled, oldest first, before live updates are read. A message
  older than the maximum signal delay is recorded (a ``SignalRejected`` event, rule ``too_late``) and not
  enqueued: a late entry is worse than none.
- **Delivery**: at least once. A crash between the enqueue and the checkpoint re-sends the message on the
  next start, and the pipeline's idempotency (the message key) absorbs it.
- The session is loaded from the session store and written back through its atomic replace after
  connecting and when the listener stops; the API hash is opened from its envelope in memory only.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from shared.clock import Clock
from shared.domain.channel_updates import ChannelDeletion, ChannelPost, ChannelUpdate
from shared.domain.events import EventType, build_event
from shared.domain.messages import TelegramMessageReceived
from shared.domain.sessions import MAIN_FILE, SessionArchivedError
from shared.observability.telemetry import telemetry
from shared.ports.checkpoints import AbstractCheckpoints
from shared.ports.events import AbstractEventStore
from shared.ports.leases import AbstractLease, AbstractLeases
from shared.ports.queues import TELEGRAM_MESSAGES, AbstractMessageQueue
from shared.ports.repositories import AbstractRepositories
from shared.ports.sessions import AbstractSessionStore
from shared.ports.telegram_client import (
    AbstractTelegramClient,
    AbstractTelegramClientFactory,
    SessionNotAuthorizedError,
)
from shared.services.credentials import CredentialService

logger = logging.getLogger(__name__)
SOURCE = "TelegramListener"
# The trade lifecycle's per-tenant maxSignalDelaySeconds is not on this branch yet: its default applies.
DEFAULT_MAX_SIGNAL_DELAY = timedelta(seconds=300)


def lease_name(tenant_id: str) -> str:
    return f"telegram-session-{tenant_id}"


@dataclass
class ListenerRuntime:
    """What every tenant's listener shares (built by the composition root)."""

    leases: AbstractLeases
    sessions: AbstractSessionStore
    checkpoints: AbstractCheckpoints
    credentials: CredentialService
    repositories: AbstractRepositories
    queues: AbstractMessageQueue
    events: AbstractEventStore
    clients: AbstractTelegramClientFactory
    clock: Clock


class TenantListener:
    """Listens to one tenant's channels whenever it holds the tenant's session lease."""

    def __init__(self, runtime: ListenerRuntime, tenant_id: str, *,
                 max_signal_delay: timedelta = DEFAULT_MAX_SIGNAL_DELAY, poll_seconds: float = 1.0,
                 retry_seconds: float = 5.0, channel_refresh_seconds: float = 60.0,
                 not_signed_in_seconds: float = 300.0) -> None:
        self._rt = runtime
        self.tenant_id = tenant_id
        self._max_delay = max_signal_delay
        self._poll = poll_seconds
        self._retry = retry_seconds
        self._refresh = channel_refresh_seconds
        self._not_signed_in = not_signed_in_seconds
        self.connected = threading.Event()  # set while this listener holds the session and is connected
        self._checkpoints: dict[int, int] = {}
        self._channels: set[int] = set()

    def run(self, stop: threading.Event) -> None:
        """Until ``stop``: wait for the lease, listen while it is held, reconnect after failures."""
        while not stop.is_set():
            lease = self._rt.leases.acquire(lease_name(self.tenant_id))
            if lease is None:
                logger.debug("session of tenant %s is held by another listener; waiting", self.tenant_id)
                stop.wait(self._retry)
                continue
            pause = self._retry
            try:
                self._serve(lease, stop)
            except SessionArchivedError as exc:  # rehydration takes hours: no point in asking every few seconds
                pause = max(self._retry, min(exc.retry_after.total_seconds(), 900))
                logger.warning("session of tenant %s is archived, rehydrating; retry in %s s", self.tenant_id, pause)
            except SessionNotAuthorizedError as exc:  # the tenant must upload a signed-in session
                pause = max(self._retry, self._not_signed_in)
                logger.warning("listener of tenant %s: %s; retry in %s s", self.tenant_id, exc, pause)
            except Exception:  # noqa: BLE001 - any failure: release, wait, reconnect (the checkpoint closes the gap)
                logger.exception("listener of tenant %s failed; reconnecting in %s s", self.tenant_id, pause)
            finally:
                self.connected.clear()
                lease.release()  # before the pause: another listener may serve the session meanwhile
            stop.wait(pause)

    def _serve(self, lease: AbstractLease, stop: threading.Event) -> None:
        credentials = self._rt.credentials.reveal_telegram_credentials(tenant_id=self.tenant_id)
        session = self._rt.sessions.load(self.tenant_id)
        client = self._rt.clients.open(self.tenant_id, api_id=credentials.api_id, api_hash=credentials.api_hash,
                                       files=session.files)
        del credentials
        try:
            client.connect()
            # TDLib's binlog (the auth key and state) is append-only and safe to copy while it runs; its SQLite
            # database is copied only after the close, so a half-written page is never stored.
            current = client.session_files()
            if MAIN_FILE in current and current[MAIN_FILE] != session.files.get(MAIN_FILE):
                self._rt.sessions.save(self.tenant_id, {**session.files, MAIN_FILE: current[MAIN_FILE]})
            self.connected.set()
            logger.info("listener of tenant %s connected", self.tenant_id)
            self._checkpoints = self._rt.checkpoints.load(self.tenant_id)
            self._sync_channels(client)
            self._listen(client, lease, stop)
        finally:
            self.connected.clear()
            files = client.close()
            if files:
                self._rt.sessions.save(self.tenant_id, files)

    def _listen(self, client: AbstractTelegramClient, lease: AbstractLease, stop: threading.Event) -> None:
        refreshed = self._rt.clock.now()
        while not stop.is_set():
            if not lease.held:
                logger.warning("listener of tenant %s lost its lease; disconnecting", self.tenant_id)
                return
            update = client.next_update(self._poll)
            if update is not None:
                self.handle(update)
            if (self._rt.clock.now() - refreshed).total_seconds() >= self._refresh:
                self._sync_channels(client)
                refreshed = self._rt.clock.now()

    def _sync_channels(self, client: AbstractTelegramClient) -> None:
        """Subscribe to the enabled channels; back-fill each from its checkpoint (or start one)."""
        enabled = {c.channel_id for c in self._rt.repositories.channels.get_enabled_by_tenant_id(
            tenant_id=self.tenant_id)}
        new = enabled - self._channels
        self._channels = enabled
        if not new:
            return
        client.subscribe(sorted(new))
        for channel_id in sorted(new):
            after = self._checkpoints.get(channel_id)
            if after is None:  # never listened to: start from now, there is nothing we missed
                self._advance(channel_id, client.last_message_id(channel_id) or 0)
                continue
            for post in client.iter_history(channel_id, after):
                self._post(post)

    def handle(self, update: ChannelUpdate) -> None:
        if update.channel_id not in self._channels:
            return
        if isinstance(update, ChannelDeletion):
            for message_id in update.message_ids:
                self._send(TelegramMessageReceived(
                    tenant_id=self.tenant_id, channel_id=update.channel_id, message_id=message_id, content="",
                    timestamp=self._rt.clock.now(), deleted=True))
            return
        self._post(update)

    def _post(self, post: ChannelPost) -> None:
        if post.edited_at is None and post.message_id <= self._checkpoints.get(post.channel_id, 0):
            return  # seen before (a back-filled message TDLib also reports live)
        message = TelegramMessageReceived(
            tenant_id=self.tenant_id, channel_id=post.channel_id, message_id=post.message_id, content=post.content,
            timestamp=post.posted_at, sender_id=post.sender_id, reply_to_message_id=post.reply_to_message_id,
            edited_at=post.edited_at)
        age = self._rt.clock.now() - (post.edited_at or post.posted_at)
        if age > self._delay():
            self._too_late(message, age)
        else:
            self._send(message)
        if post.edited_at is None:
            self._advance(post.channel_id, post.message_id)

    def _delay(self) -> timedelta:
        """The tenant's ``maxSignalDelaySeconds`` (its trading configuration), else the listener's default: a
        message missed for longer is recorded, not traded (the pipeline's own ``stale`` rule agrees)."""
        trading = self._rt.repositories.trading.get_by_tenant_id(tenant_id=self.tenant_id)
        seconds = trading.max_signal_delay_seconds if trading is not None else None
        return self._max_delay if seconds is None else timedelta(seconds=seconds)

    def _send(self, message: TelegramMessageReceived) -> None:
        self._rt.queues.send(TELEGRAM_MESSAGES, message.to_json())
        telemetry.count("telegram.listener.enqueued")

    def _too_late(self, message: TelegramMessageReceived, age: timedelta) -> None:
        telemetry.count("telegram.listener.too_late")
        digest = hashlib.sha256(f"{message.key}|too_late".encode()).hexdigest()[:32]
        self._rt.events.append(build_event(
            EventType.SIGNAL_REJECTED, tenant_id=self.tenant_id, source=SOURCE, clock=self._rt.clock,
            event_id=f"evt_{digest}",
            data={"rule": "too_late", "channelId": message.channel_id, "messageId": message.message_id,
                  "detail": f"missed while no listener was connected: {int(age.total_seconds())} s old, over the "
                            f"maximum signal delay of {int(self._delay().total_seconds())} s; recorded, not traded",
                  "content": message.content[:500]}))

    def _advance(self, channel_id: int, message_id: int) -> None:
        if message_id > self._checkpoints.get(channel_id, -1):
            self._checkpoints[channel_id] = message_id
            self._rt.checkpoints.save(self.tenant_id, self._checkpoints)
