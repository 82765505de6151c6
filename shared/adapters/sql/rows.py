"""Row <-> entity mapping and IntegrityError translation for the SQL repositories."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult, Row
from sqlalchemy.sql.base import Executable

from shared.adapters.sql.prepared import PreparedInsert, PreparedQuery
from shared.domain.broker import BrokerConnection
from shared.domain.channel import ChannelConfiguration
from shared.domain.enums import SubscriptionPlan, TenantStatus
from shared.domain.errors import ConflictError, DomainError, NotFoundError
from shared.domain.tenant import Tenant
from shared.domain.trading import TradingConfiguration, TradingSession
from shared.domain.vocabulary import ParserVocabulary

E = TypeVar("E")


def loaded(cls: type[E], **values: Any) -> E:
    """Rebuild an entity from a stored row without re-running its validation.

    Every row was validated by the domain before it was written; validating it again on each read
    would cost more than the read itself on the hot path (see ``make bench``).
    """
    entity = object.__new__(cls)
    for name, value in values.items():
        object.__setattr__(entity, name, value)
    return entity


class Executor(Protocol):
    """A connection inside a unit of work, or the hot-path reader.

    ``fetch_one``/``fetch_all`` run a prepared SELECT and return rows with attribute access by column
    name; ``insert_many`` a prepared INSERT of full rows; ``execute`` runs anything else (the reader refuses
    writes: they belong in a unit of work).
    """

    @property
    def dialect_name(self) -> str: ...

    def execute(self, statement: Executable, parameters: Any = None, /) -> CursorResult[Any]: ...

    def fetch_one(self, query: PreparedQuery, parameters: Mapping[str, Any]) -> Any | None: ...

    def fetch_all(self, query: PreparedQuery, parameters: Mapping[str, Any] | None = None) -> list[Any]: ...

    def insert_many(self, insert: PreparedInsert, rows: Sequence[Mapping[str, Any]]) -> None: ...


def integrity_error(
    exc: sa.exc.IntegrityError, *, unique: dict[str, tuple[str, str]], missing: NotFoundError
) -> DomainError:
    """Translate a constraint violation. ``unique`` maps a marker found in the driver's message (a column
    or constraint name, alike on every dialect) to the (field, reason) of the ConflictError to raise."""
    message = str(exc.orig)
    if "FOREIGN KEY" in message.upper():
        return missing
    for marker, (field, reason) in unique.items():
        if marker in message:
            return ConflictError(field, reason)
    return ConflictError("id", "already exists")


def tenant_values(t: Tenant) -> dict[str, Any]:
    return {
        "Id": t.id, "Email": t.email, "DisplayName": t.display_name, "Status": int(t.status), "Plan": int(t.plan),
        "TelegramApiId": t.telegram_api_id, "TelegramApiHash": t.telegram_api_hash,
        "TelegramPhoneNumber": t.telegram_phone_number, "CreatedAt": t.created_at, "DeactivatedAt": t.deactivated_at,
        "DeletionRequestedAt": t.deletion_requested_at, "PurgeAfter": t.purge_after,
        "LiveTradingEnabled": t.live_trading_enabled,
    }


def tenant_from_row(r: Row[Any]) -> Tenant:
    return loaded(
        Tenant, id=r.Id, email=r.Email, display_name=r.DisplayName, status=TenantStatus(r.Status),
        plan=SubscriptionPlan(r.Plan),
        telegram_api_id=r.TelegramApiId, telegram_api_hash=r.TelegramApiHash,
        telegram_phone_number=r.TelegramPhoneNumber, created_at=r.CreatedAt, deactivated_at=r.DeactivatedAt,
        deletion_requested_at=r.DeletionRequestedAt, purge_after=r.PurgeAfter,
        live_trading_enabled=bool(r.LiveTradingEnabled),
    )


def channel_values(c: ChannelConfiguration) -> dict[str, Any]:
    return {
        "Id": c.id, "TenantId": c.tenant_id, "ChannelId": c.channel_id, "ChannelName": c.channel_name,
        "RegexPattern": c.regex_pattern, "IsEnabled": c.is_enabled, "CreatedAt": c.created_at,
        "UpdatedAt": c.updated_at, "FollowUpLinking": c.follow_up_linking.value,
        "FollowUpWindowHours": c.follow_up_window_hours, "EditPolicy": c.edit_policy.value,
        "DeletePolicy": c.delete_policy.value, "AutoExecute": c.auto_execute,
        "ReviewBelowConfidence": c.review_below_confidence,
        "Vocabulary": None if c.vocabulary is None else json.dumps(c.vocabulary.to_json(), ensure_ascii=False),
    }


def channel_from_row(r: Row[Any]) -> ChannelConfiguration:
    return ChannelConfiguration(
        id=r.Id, tenant_id=r.TenantId, channel_id=r.ChannelId, channel_name=r.ChannelName,
        regex_pattern=r.RegexPattern, is_enabled=bool(r.IsEnabled), created_at=r.CreatedAt, updated_at=r.UpdatedAt,
        follow_up_linking=r.FollowUpLinking, follow_up_window_hours=r.FollowUpWindowHours, edit_policy=r.EditPolicy,
        delete_policy=r.DeletePolicy, auto_execute=bool(r.AutoExecute),
        review_below_confidence=None if r.ReviewBelowConfidence is None else float(r.ReviewBelowConfidence),
        vocabulary=None if not r.Vocabulary else ParserVocabulary.from_json(json.loads(r.Vocabulary)),
    )


def trading_values(c: TradingConfiguration) -> dict[str, Any]:
    session = c.session
    return {
        "Id": c.id, "TenantId": c.tenant_id, "SizingMode": int(c.sizing_mode), "FixedUnits": c.fixed_units,
        "EquityPercentage": c.equity_percentage, "MaxTotalExposurePercent": c.max_total_exposure_percent,
        "MaxSlippagePips": c.max_slippage_pips,
        "WhitelistedSymbols": json.dumps(list(c.whitelisted_symbols)),
        "BlacklistedSymbols": json.dumps(list(c.blacklisted_symbols)),
        "TradingSessionStart": session.start if session else None,
        "TradingSessionEnd": session.end if session else None,
        "TradingSessionDays": session.days_csv() if session else None,
        "AutoExecuteEnabled": c.auto_execute_enabled, "CreatedAt": c.created_at, "UpdatedAt": c.updated_at,
        "TakeProfitStrategy": c.take_profit_strategy.value,
        "TakeProfitWeights": ",".join(str(w) for w in c.take_profit_weights) or None,
        "BreakevenAfterTp": c.breakeven_after_tp, "PendingExpiryMinutes": c.pending_expiry_minutes,
        "MaxSignalDelaySeconds": c.max_signal_delay_seconds, "MaxOpenTrades": c.max_open_trades,
        "RequireStopLoss": c.require_stop_loss, "DailyLossLimitPercent": c.daily_loss_limit_percent,
    }


def trading_from_row(r: Row[Any]) -> TradingConfiguration:
    days = TradingSession.parse_days(r.TradingSessionDays)
    session = None
    if r.TradingSessionStart is not None or days is not None:
        session = TradingSession(start=r.TradingSessionStart, end=r.TradingSessionEnd, days=days)
    return TradingConfiguration(
        id=r.Id, tenant_id=r.TenantId, sizing_mode=r.SizingMode, fixed_units=r.FixedUnits,
        equity_percentage=r.EquityPercentage, max_total_exposure_percent=r.MaxTotalExposurePercent,
        max_slippage_pips=r.MaxSlippagePips, whitelisted_symbols=tuple(json.loads(r.WhitelistedSymbols)),
        blacklisted_symbols=tuple(json.loads(r.BlacklistedSymbols)), session=session,
        auto_execute_enabled=bool(r.AutoExecuteEnabled), created_at=r.CreatedAt, updated_at=r.UpdatedAt,
        take_profit_strategy=r.TakeProfitStrategy,
        take_profit_weights=tuple(r.TakeProfitWeights.split(",")) if r.TakeProfitWeights else (),
        breakeven_after_tp=r.BreakevenAfterTp, pending_expiry_minutes=r.PendingExpiryMinutes,
        max_signal_delay_seconds=r.MaxSignalDelaySeconds, max_open_trades=r.MaxOpenTrades,
        require_stop_loss=bool(r.RequireStopLoss), daily_loss_limit_percent=r.DailyLossLimitPercent,
    )


def broker_values(b: BrokerConnection) -> dict[str, Any]:
    return {
        "Id": b.id, "TenantId": b.tenant_id, "BrokerType": int(b.broker_type), "DisplayName": b.display_name,
        "IsActive": b.is_active, "EncryptedCredentials": b.encrypted_credentials,
        "Metadata": json.dumps(b.metadata, separators=(",", ":")), "CreatedAt": b.created_at,
        "UpdatedAt": b.updated_at, "LastUsedAt": b.last_used_at,
    }


def broker_from_row(r: Row[Any]) -> BrokerConnection:
    return BrokerConnection(
        id=r.Id, tenant_id=r.TenantId, broker_type=r.BrokerType, display_name=r.DisplayName,
        is_active=bool(r.IsActive), encrypted_credentials=r.EncryptedCredentials, metadata=json.loads(r.Metadata),
        created_at=r.CreatedAt, updated_at=r.UpdatedAt, last_used_at=r.LastUsedAt,
    )
