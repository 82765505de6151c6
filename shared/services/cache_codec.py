"""JSON form of the cached entities (the spec: "Value: JSON-serialized Tenant" etc.).

Secrets never enter the cache: a cached Tenant carries no ``telegram_api_hash`` (an encrypted
envelope, still a secret) and no phone number; read those from the repository when needed. Broker
connections are never cached: only their routing (ids, types, active or not, and the channels' mappings).
Entries carry a format version: an unknown one reads as a miss.

Decoding skips the entities' validation (every cached value was built from a validated entity) and
is memoised on the entry's bytes: a hot key is read thousands of times between two changes, and
decoding would otherwise cost more than the Redis round trip. So decoded entities are SHARED,
read-only snapshots: never mutate one; change configuration through the services.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar

from shared.domain.channel import ChannelConfiguration, DeletePolicy, EditPolicy, FollowUpLinking
from shared.domain.enums import BrokerType, PositionSizingMode, SubscriptionPlan, TenantStatus
from shared.domain.routing import BrokerRoute, BrokerRouting
from shared.domain.tenant import Tenant
from shared.domain.trade_rules import TakeProfitStrategy
from shared.domain.trading import TradingConfiguration, TradingSession
from shared.domain.vocabulary import ParserVocabulary

FORMAT = 5  # 2: the trade lifecycle settings (issue 15); 3: the tenant's live-trading switch; 4: channel
# review settings; 5: fixed units as a decimal string. Entries of an older format read as misses.
MEMO_SIZE = 4096  # decoded entries kept per entity kind (a few MB at most)
ABSENT = b"null"  # a negative entry: the database has no such row
# Written by an invalidation for a few seconds: reads take it as a miss and cannot fill it (fills use NX), so a
# reader that loaded the old row just before the write cannot put it back after the invalidation.
TOMBSTONE = b'"invalidated"'
TOMBSTONE_HEAD = TOMBSTONE[:-1]  # what every tombstone starts with


def tombstone(token: str) -> bytes:
    """A writer's own tombstone: its write-through replaces exactly this value (compare and set), so when two
    writers race, the one whose tombstone came last (and whose database read is therefore the later) wins."""
    return TOMBSTONE_HEAD + b":" + token.encode() + b'"'


def is_tombstone(raw: bytes) -> bool:
    return raw.startswith(TOMBSTONE_HEAD)
E = TypeVar("E")


class UnreadableEntryError(ValueError):
    """A cache entry that is not valid JSON of the current format (treated as a miss)."""


def _dump(data: dict[str, Any]) -> bytes:
    data["v"] = FORMAT
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_when(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _rebuild(cls: type[E], values: dict[str, Any]) -> E:
    entity = object.__new__(cls)
    for name, value in values.items():
        object.__setattr__(entity, name, value)
    return entity


def encode_tenant(t: Tenant) -> bytes:
    return _dump({
        "id": t.id, "email": t.email, "display_name": t.display_name, "status": int(t.status), "plan": int(t.plan),
        "telegram_api_id": t.telegram_api_id, "created_at": _when(t.created_at),
        "deactivated_at": _when(t.deactivated_at), "deletion_requested_at": _when(t.deletion_requested_at),
        "purge_after": _when(t.purge_after), "live_trading_enabled": t.live_trading_enabled,
    })


def encode_channel(c: ChannelConfiguration) -> bytes:
    return _dump({
        "id": c.id, "tenant_id": c.tenant_id, "channel_id": c.channel_id, "channel_name": c.channel_name,
        "regex_pattern": c.regex_pattern, "is_enabled": c.is_enabled, "created_at": _when(c.created_at),
        "updated_at": _when(c.updated_at), "follow_up_linking": c.follow_up_linking.value,
        "follow_up_window_hours": c.follow_up_window_hours, "edit_policy": c.edit_policy.value,
        "delete_policy": c.delete_policy.value, "auto_execute": c.auto_execute,
        "review_below_confidence": c.review_below_confidence,
        "vocabulary": None if c.vocabulary is None else c.vocabulary.to_json(),
    })


def encode_trading(c: TradingConfiguration) -> bytes:
    s = c.session
    session = None if s is None else {
        "start": None if s.start is None else s.start.isoformat(), "end": None if s.end is None else s.end.isoformat(),
        "days": None if s.days is None else sorted(s.days),
    }
    return _dump({
        "id": c.id, "tenant_id": c.tenant_id, "sizing_mode": int(c.sizing_mode),
        "fixed_units": None if c.fixed_units is None else str(c.fixed_units),
        "equity_percentage": None if c.equity_percentage is None else str(c.equity_percentage),
        "max_total_exposure_percent": str(c.max_total_exposure_percent),
        "max_slippage_pips": None if c.max_slippage_pips is None else str(c.max_slippage_pips),
        "whitelisted_symbols": list(c.whitelisted_symbols), "blacklisted_symbols": list(c.blacklisted_symbols),
        "session": session, "auto_execute_enabled": c.auto_execute_enabled,
        "created_at": _when(c.created_at), "updated_at": _when(c.updated_at),
        "take_profit_strategy": c.take_profit_strategy.value,
        "take_profit_weights": [str(w) for w in c.take_profit_weights],
        "breakeven_after_tp": c.breakeven_after_tp, "pending_expiry_minutes": c.pending_expiry_minutes,
        "max_signal_delay_seconds": c.max_signal_delay_seconds, "max_open_trades": c.max_open_trades,
        "require_stop_loss": c.require_stop_loss,
        "daily_loss_limit_percent": None if c.daily_loss_limit_percent is None else str(c.daily_loss_limit_percent),
    })


def encode_routing(r: BrokerRouting) -> bytes:
    return _dump({
        "tenant_id": r.tenant_id, "brokers": [[b.id, int(b.broker_type), b.is_active] for b in r.brokers],
        "mappings": {config: sorted(ids) for config, ids in sorted(r.mappings.items())},
    })


def _load(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode())
    except (ValueError, UnicodeDecodeError) as exc:
        raise UnreadableEntryError("not JSON") from exc
    if not isinstance(data, dict) or data.get("v") != FORMAT:
        raise UnreadableEntryError("unknown format")
    return data


@lru_cache(maxsize=MEMO_SIZE)
def decode_tenant(raw: bytes) -> Tenant:
    d = _load(raw)
    try:
        return _rebuild(Tenant, {
            "id": d["id"], "email": d["email"], "display_name": d["display_name"],
            "created_at": _parse_when(d["created_at"]), "status": TenantStatus(d["status"]),
            "plan": SubscriptionPlan(d["plan"]), "telegram_api_id": d["telegram_api_id"],
            "telegram_api_hash": None, "telegram_phone_number": None,
            "deactivated_at": _parse_when(d["deactivated_at"]),
            "deletion_requested_at": _parse_when(d["deletion_requested_at"]),
            "purge_after": _parse_when(d["purge_after"]),
            "live_trading_enabled": d["live_trading_enabled"] is True,
        })
    except (KeyError, TypeError, ValueError) as exc:
        raise UnreadableEntryError(f"tenant entry: {exc!r}") from exc


@lru_cache(maxsize=MEMO_SIZE)
def decode_channel(raw: bytes) -> ChannelConfiguration:
    d = _load(raw)
    try:
        return _rebuild(ChannelConfiguration, {
            "id": d["id"], "tenant_id": d["tenant_id"], "channel_id": int(d["channel_id"]),
            "created_at": _parse_when(d["created_at"]), "channel_name": d["channel_name"],
            "regex_pattern": d["regex_pattern"], "is_enabled": bool(d["is_enabled"]),
            "updated_at": _parse_when(d["updated_at"]),
            "follow_up_linking": FollowUpLinking(d["follow_up_linking"]),
            "follow_up_window_hours": int(d["follow_up_window_hours"]), "edit_policy": EditPolicy(d["edit_policy"]),
            "delete_policy": DeletePolicy(d["delete_policy"]), "auto_execute": bool(d["auto_execute"]),
            "review_below_confidence": d["review_below_confidence"],
            "vocabulary": None if d["vocabulary"] is None else ParserVocabulary.from_json(d["vocabulary"]),
        })
    except (KeyError, TypeError, ValueError) as exc:
        raise UnreadableEntryError(f"channel entry: {exc!r}") from exc


def _session(s: dict[str, Any] | None) -> TradingSession | None:
    if s is None:
        return None
    return _rebuild(TradingSession, {
        "start": None if s["start"] is None else time.fromisoformat(s["start"]),
        "end": None if s["end"] is None else time.fromisoformat(s["end"]),
        "days": None if s["days"] is None else frozenset(s["days"]),
    })


@lru_cache(maxsize=MEMO_SIZE)
def decode_trading(raw: bytes) -> TradingConfiguration:
    d = _load(raw)
    try:
        return _rebuild(TradingConfiguration, {
            "id": d["id"], "tenant_id": d["tenant_id"], "created_at": _parse_when(d["created_at"]),
            "sizing_mode": PositionSizingMode(d["sizing_mode"]),
            "fixed_units": _decimal(d["fixed_units"]),
            "equity_percentage": _decimal(d["equity_percentage"]),
            "max_total_exposure_percent": Decimal(d["max_total_exposure_percent"]),
            "max_slippage_pips": _decimal(d["max_slippage_pips"]),
            "whitelisted_symbols": tuple(d["whitelisted_symbols"]),
            "blacklisted_symbols": tuple(d["blacklisted_symbols"]),
            "session": _session(d["session"]), "auto_execute_enabled": bool(d["auto_execute_enabled"]),
            "updated_at": _parse_when(d["updated_at"]),
            "take_profit_strategy": TakeProfitStrategy(d["take_profit_strategy"]),
            "take_profit_weights": tuple(Decimal(w) for w in d["take_profit_weights"]),
            "breakeven_after_tp": d["breakeven_after_tp"], "pending_expiry_minutes": d["pending_expiry_minutes"],
            "max_signal_delay_seconds": d["max_signal_delay_seconds"], "max_open_trades": d["max_open_trades"],
            "require_stop_loss": bool(d["require_stop_loss"]),
            "daily_loss_limit_percent": _decimal(d["daily_loss_limit_percent"]),
        })
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise UnreadableEntryError(f"trading entry: {exc!r}") from exc


@lru_cache(maxsize=MEMO_SIZE)
def decode_routing(raw: bytes) -> BrokerRouting:
    d = _load(raw)
    try:
        return BrokerRouting(
            tenant_id=d["tenant_id"],
            brokers=tuple(BrokerRoute(str(i), BrokerType(t), a is True) for i, t, a in d["brokers"]),
            mappings={str(config): frozenset(map(str, ids)) for config, ids in d["mappings"].items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UnreadableEntryError(f"routing entry: {exc!r}") from exc
