"""The hot-path configuration read: tenant, channel, trading configuration and broker routing for one message.

Cache-aside: one MGET for the four keys; only what missed is read from the database and written
back in one pipeline (SET NX PX), so a hit costs one round trip and a miss two. Absent rows are
cached briefly as negative entries so an unknown channel cannot hammer the database. A cache that
is down, slow or unreadable is a miss: the answer always comes from the database then.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

from shared.domain import rules
from shared.domain.channel import ChannelConfiguration
from shared.domain.errors import ValidationError
from shared.domain.routing import BrokerRouting
from shared.domain.tenant import Tenant
from shared.domain.trading import TradingConfiguration
from shared.ports.cache import AbstractCache, CacheEntry, CacheKeys, CacheUnavailableError
from shared.ports.cache_outbox import CacheChange, CachedEntity
from shared.ports.repositories import AbstractRepositories
from shared.services import cache_codec as codec
from shared.services.cache_metrics import CacheMetrics
from shared.services.single_flight import SingleFlight

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MessageConfig:
    """What the pipeline needs for one message; None where the database has no such row.
    The tenant carries no secrets (see ``cache_codec``)."""

    tenant: Tenant | None
    channel: ChannelConfiguration | None
    trading: TradingConfiguration | None
    routing: BrokerRouting


class _Kind(NamedTuple):
    entity: str
    encode: Callable[[Any], bytes]
    decode: Callable[[bytes], Any]


_TENANT = _Kind("tenant", codec.encode_tenant, codec.decode_tenant)
_CHANNEL = _Kind("channel", codec.encode_channel, codec.decode_channel)
_TRADING = _Kind("trading", codec.encode_trading, codec.decode_trading)
_ROUTING = _Kind("routing", codec.encode_routing, codec.decode_routing)
# One lookup: what it is, its key, and how to read it from the database on a miss.
_Slot = tuple[_Kind, str, Callable[[], Any]]


class CachedConfigProvider:
    """Reads through the cache. TTLs get up to ``jitter`` shaved off so that keys filled together do not
    all expire together (never added: an entry never outlives the configured TTL); concurrent misses
    of one key in this process share one database read."""

    def __init__(
        self, cache: AbstractCache, repositories: AbstractRepositories, *, keys: CacheKeys | None = None,
        ttl_seconds: float = 300, negative_ttl_seconds: float = 30, metrics: CacheMetrics | None = None,
        jitter: float = 0.1, rng: Callable[[], float] = random.random, on_cold: Callable[[], None] | None = None,
    ) -> None:
        if ttl_seconds <= 0 or negative_ttl_seconds <= 0 or not 0 <= jitter < 1:
            raise ValueError("TTLs must be positive and jitter in [0, 1)")
        self._cache = cache
        self._repos = repositories
        self.keys = keys or CacheKeys()
        self._ttl_ms = ttl_seconds * 1000
        self._negative_ttl_ms = negative_ttl_seconds * 1000
        self.metrics = metrics or CacheMetrics()
        self._jitter = jitter
        self._rng = rng
        self._flight = SingleFlight()
        # Called when the cache has lost its warm marker (a flush, a failover): the marker rides along in the
        # hot path's MGET, so a flushed cache is noticed by the first message, not the next timer run.
        self._on_cold = on_cold

    def get(self, *, tenant_id: str, channel_id: int) -> MessageConfig:
        """The configurations for a message from ``channel_id`` (Telegram's id) of ``tenant_id``, in one
        lookup. The entities are shared read-only snapshots (see ``cache_codec``)."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        if isinstance(channel_id, bool) or not isinstance(channel_id, int):
            raise ValidationError("channel_id", "must be an integer")
        tenant, channel, trading, routing = self._resolve([
            self._tenant_slot(tenant_id), self._channel_slot(tenant_id, channel_id), self._trading_slot(tenant_id),
            self._routing_slot(tenant_id)], check_warm=self._on_cold is not None)
        return MessageConfig(tenant, channel, trading, routing)

    def get_tenant(self, *, tenant_id: str) -> Tenant | None:
        found: Tenant | None = self._resolve([self._tenant_slot(rules.entity_id("tenant_id", tenant_id))])[0]
        return found

    def get_trading(self, *, tenant_id: str) -> TradingConfiguration | None:
        found: TradingConfiguration | None = self._resolve([self._trading_slot(rules.entity_id("tenant_id",
                                                                                              tenant_id))])[0]
        return found

    def current(self, change: CacheChange) -> list[CacheEntry]:
        """What the database holds now for the keys a write changed, as cache entries (the write-through)."""
        tenant_id = change.tenant_id
        if change.entity is CachedEntity.TENANT:
            slots = [self._tenant_slot(tenant_id), self._trading_slot(tenant_id)]
        elif change.entity is CachedEntity.TRADING:
            slots = [self._trading_slot(tenant_id)]
        elif change.entity is CachedEntity.ROUTING:
            slots = [self._routing_slot(tenant_id)]
        else:
            slots = [self._channel_slot(tenant_id, channel_id) for channel_id in change.channel_ids]
        return [self._load(kind, key, load)[1] for kind, key, load in slots]

    def tenant_entries(self, tenant_id: str) -> list[CacheEntry]:
        """Every entry of one tenant, read from the database (the warm job's fill)."""
        entries = self.current(CacheChange(CachedEntity.TENANT, tenant_id))
        entries += self.current(CacheChange(CachedEntity.ROUTING, tenant_id))
        for config in self._repos.channels.get_by_tenant_id(tenant_id=tenant_id):
            entries.append(self._load(_CHANNEL, self.keys.channel(tenant_id, config.channel_id),
                                      partial(_same, config))[1])
        return entries

    def _tenant_slot(self, tenant_id: str) -> _Slot:
        return _TENANT, self.keys.tenant(tenant_id), lambda: self._repos.tenants.get_by_id(tenant_id=tenant_id)

    def _channel_slot(self, tenant_id: str, channel_id: int) -> _Slot:
        return (_CHANNEL, self.keys.channel(tenant_id, channel_id),
                lambda: self._repos.channels.get_by_tenant_and_channel(tenant_id=tenant_id, channel_id=channel_id))

    def _trading_slot(self, tenant_id: str) -> _Slot:
        return _TRADING, self.keys.trading(tenant_id), lambda: self._repos.trading.get_by_tenant_id(tenant_id=tenant_id)

    def _routing_slot(self, tenant_id: str) -> _Slot:
        return _ROUTING, self.keys.routing(tenant_id), lambda: self._repos.brokers.routing(tenant_id=tenant_id)

    def _resolve(self, slots: list[_Slot], *, check_warm: bool = False) -> list[Any]:
        keys = [key for _, key, _ in slots]
        try:
            raw = self._cache.get_many([*keys, self.keys.warm_marker()] if check_warm else keys)
        except CacheUnavailableError:
            self.metrics.record_many([(kind.entity, "error") for kind, _, _ in slots])
            # no write-back: the cache is not answering
            return [self._load(kind, key, load)[0] for kind, key, load in slots]
        if check_warm and raw.pop() is None and self._on_cold is not None:
            self._on_cold()
        values: list[Any] = []
        outcomes: list[tuple[str, str]] = []
        fill: list[tuple[str, CacheEntry]] = []
        repair: list[tuple[str, CacheEntry]] = []
        for (kind, key, load), data in zip(slots, raw, strict=True):
            value = None
            if data is None or codec.is_tombstone(data):
                outcomes.append((kind.entity, "miss"))
                value, entry = self._flight.do(key, partial(self._load, kind, key, load))
                if data is None:
                    fill.append((kind.entity, entry))
            elif data == codec.ABSENT:
                outcomes.append((kind.entity, "hit"))
            else:
                try:
                    value = kind.decode(data)
                    outcomes.append((kind.entity, "hit"))
                except codec.UnreadableEntryError:
                    logger.warning("unreadable cache entry for %s: served from the database", kind.entity)
                    outcomes.append((kind.entity, "error"))
                    value, entry = self._load(kind, key, load)
                    repair.append((kind.entity, entry))
            values.append(value)
        self.metrics.record_many(outcomes)
        if fill:
            self._write_back(fill, only_if_absent=True)
        if repair:  # overwrite the unreadable entry (NX would keep it)
            self._write_back(repair, only_if_absent=False)
        return values

    def _load(self, kind: _Kind, key: str, load: Callable[[], Any]) -> tuple[Any, CacheEntry]:
        """Read the database and return what a hit would (the cached form: same shape, no secrets),
        with the entry that caches it."""
        row = load()
        if row is None:
            return None, CacheEntry(key, codec.ABSENT, self._ttl(self._negative_ttl_ms))
        data = kind.encode(row)
        return kind.decode(data), CacheEntry(key, data, self._ttl(self._ttl_ms))

    def _write_back(self, entries: list[tuple[str, CacheEntry]], *, only_if_absent: bool) -> None:
        try:
            self._cache.set_many([entry for _, entry in entries], only_if_absent=only_if_absent)
        except CacheUnavailableError:
            self.metrics.record_many([(entity, "write_error") for entity, _ in entries])

    @property
    def ttl_ms(self) -> int:
        return int(self._ttl_ms)

    def _ttl(self, ttl_ms: float) -> int:
        return max(1, int(ttl_ms * (1 - self._jitter * self._rng())))


def _same(value: Any) -> Any:
    return value

