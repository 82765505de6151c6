"""Channels, addressed by their Telegram channel id: configuration, enable/disable, broker routing and a
dry run of the channel's pattern."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Response, status
from pydantic import Field

from functions.http.audit import AuditedRoute, audited
from functions.http.deps import ContainerDep
from functions.http.models import NO_CONTROL_CHARS, PROBLEMS, ApiModel
from functions.http.security import TenantIdDep
from shared.domain.channel import ChannelConfiguration
from shared.domain.errors import NotFoundError
from shared.domain.patterns import PATTERN_MAX_LENGTH
from shared.domain.signal import ParsedSignal
from shared.parsing import CONTENT_MAX_CHARS

if TYPE_CHECKING:
    from shared.bootstrap import Container

router = APIRouter(prefix="/api/v1/tenants/{tenantId}/channels", tags=["channels"], responses=PROBLEMS,
                   route_class=AuditedRoute)

_BIGINT = 2**63
TelegramChannelId = Annotated[int, Field(ge=-_BIGINT, le=_BIGINT - 1, examples=[-1001234567890])]
ChannelIdPath = Annotated[int, Path(alias="channelId", ge=-_BIGINT, le=_BIGINT - 1,
                                    description="The Telegram channel id", examples=[-1001234567890])]
ChannelName = Annotated[str, Field(min_length=1, max_length=255, pattern=NO_CONTROL_CHARS, examples=["Gold Signals"])]
RegexPattern = Annotated[str, Field(
    max_length=PATTERN_MAX_LENGTH, description="RE2 pattern with named groups symbol and side (empty: built-in parser)",
    examples=[r"(?P<side>BUY|SELL) (?P<symbol>[A-Z]{6}) @ (?P<entry>[0-9.]+) SL (?P<sl>[0-9.]+)"])]
BrokerId = Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[A-Za-z0-9_-]+$", examples=["brk_0123456789"])]


class ChannelCreate(ApiModel):
    channel_id: TelegramChannelId
    channel_name: ChannelName | None = None
    regex_pattern: RegexPattern = ""
    is_enabled: bool = True


class ChannelPatch(ApiModel):
    channel_name: ChannelName | None = None
    regex_pattern: RegexPattern | None = None


class ChannelOut(ApiModel):
    id: str = Field(examples=["chn_0123456789"])
    channel_id: int = Field(examples=[-1001234567890])
    channel_name: str | None
    regex_pattern: str
    is_enabled: bool
    broker_ids: list[str] = Field(description="Brokers the channel routes to; empty: every active broker")
    created_at: datetime
    updated_at: datetime | None = None

    @classmethod
    def of(cls, config: ChannelConfiguration, broker_ids: list[str]) -> ChannelOut:
        return cls(id=config.id, channel_id=config.channel_id, channel_name=config.channel_name,
                   regex_pattern=config.regex_pattern, is_enabled=config.is_enabled, broker_ids=broker_ids,
                   created_at=config.created_at, updated_at=config.updated_at)


class ParseRequest(ApiModel):
    text: Annotated[str, Field(min_length=1, max_length=CONTENT_MAX_CHARS,
                               examples=["BUY EURUSD @ 1.0850 SL 1.0800 TP 1.0900"])]


class SignalOut(ApiModel):
    symbol: str = Field(examples=["EURUSD"])
    side: str = Field(examples=["Buy"])
    order_type: str = Field(examples=["Market"])
    entry: float | None = None
    entry_range: list[float] | None = None
    stop_loss: float | None = None
    take_profits: list[float]


class ParseResult(ApiModel):
    is_signal: bool = Field(examples=[True])
    parser: str = Field(description="`pattern` (the channel's) or `builtin`", examples=["pattern"])
    signal: SignalOut | None = None
    reason: str | None = Field(None, description="Why the text is not a signal", examples=[None])


def _config(container: Container, tenant_id: str, channel_id: int) -> ChannelConfiguration:
    config = container.database.repositories.channels.get_by_tenant_and_channel(tenant_id=tenant_id,
                                                                               channel_id=channel_id)
    if config is None:
        raise NotFoundError("channel", str(channel_id), field="channel_id")
    return config


def _out(container: Container, config: ChannelConfiguration) -> ChannelOut:
    return ChannelOut.of(config, container.brokers.channel_brokers(tenant_id=config.tenant_id, config_id=config.id))


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ChannelOut, summary="Add a channel")
def create_channel(tenant_id: TenantIdDep, body: ChannelCreate, container: ContainerDep) -> ChannelOut:
    config = container.channels.add(tenant_id=tenant_id, channel_id=body.channel_id, channel_name=body.channel_name,
                                    regex_pattern=body.regex_pattern, is_enabled=body.is_enabled)
    return ChannelOut.of(config, [])


@router.get("", response_model=list[ChannelOut], summary="List the tenant's channels (by channel id)")
def list_channels(tenant_id: TenantIdDep, container: ContainerDep) -> list[ChannelOut]:
    configs = container.database.repositories.channels.get_by_tenant_id(tenant_id=tenant_id)
    return [_out(container, c) for c in sorted(configs, key=lambda c: c.channel_id)]


@router.get("/{channelId}", response_model=ChannelOut, summary="Read a channel")
def get_channel(tenant_id: TenantIdDep, channel_id: ChannelIdPath, container: ContainerDep) -> ChannelOut:
    return _out(container, _config(container, tenant_id, channel_id))


@router.patch("/{channelId}", response_model=ChannelOut,
              summary="Change the name or pattern (an enabled channel's pattern is compiled with RE2 first)")
def patch_channel(tenant_id: TenantIdDep, channel_id: ChannelIdPath, body: ChannelPatch,
                  container: ContainerDep) -> ChannelOut:
    config = _config(container, tenant_id, channel_id)
    changes: dict[str, Any] = {}
    if "channel_name" in body.model_fields_set:
        changes["channel_name"] = body.channel_name
    if "regex_pattern" in body.model_fields_set:
        changes["regex_pattern"] = body.regex_pattern or ""
    updated = container.channels.update(tenant_id=tenant_id, config_id=config.id, **changes)
    return _out(container, updated)


@router.delete("/{channelId}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
               summary="Remove a channel (and its broker routing)")
def delete_channel(tenant_id: TenantIdDep, channel_id: ChannelIdPath, container: ContainerDep) -> Response:
    container.channels.delete(tenant_id=tenant_id, config_id=_config(container, tenant_id, channel_id).id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{channelId}/enable", response_model=ChannelOut, summary="Enable (the pattern must compile)")
def enable_channel(tenant_id: TenantIdDep, channel_id: ChannelIdPath, container: ContainerDep) -> ChannelOut:
    config = _config(container, tenant_id, channel_id)
    return _out(container, container.channels.enable(tenant_id=tenant_id, config_id=config.id))


@router.post("/{channelId}/disable", response_model=ChannelOut, summary="Disable")
def disable_channel(tenant_id: TenantIdDep, channel_id: ChannelIdPath, container: ContainerDep) -> ChannelOut:
    config = _config(container, tenant_id, channel_id)
    return _out(container, container.channels.disable(tenant_id=tenant_id, config_id=config.id))


@router.put("/{channelId}/brokers", response_model=ChannelOut,
            summary="Route the channel to these brokers (ids of the tenant's brokers; [] = every active one)")
def put_channel_brokers(tenant_id: TenantIdDep, channel_id: ChannelIdPath,
                        body: Annotated[list[BrokerId], Field(max_length=100)],
                        container: ContainerDep) -> ChannelOut:
    config = _config(container, tenant_id, channel_id)
    mapped = container.brokers.set_channel_brokers(tenant_id=tenant_id, config_id=config.id,
                                                   channel_id=config.channel_id, broker_ids=body)
    return ChannelOut.of(config, mapped)


@router.post("/{channelId}/parse", response_model=ParseResult,
             summary="Dry run: parse a text with the channel's pattern (no effects)")
@audited(None)  # a dry run: nothing changes, nothing to audit (inner: marked before the route is built)
def parse_with_channel(tenant_id: TenantIdDep, channel_id: ChannelIdPath, body: ParseRequest,
                       container: ContainerDep) -> ParseResult:
    config = _config(container, tenant_id, channel_id)
    found = container.parser.parse(body.text, pattern=config.regex_pattern, channel_key=config.id)
    parser = "pattern" if config.regex_pattern else "builtin"
    if isinstance(found, ParsedSignal):
        return ParseResult(is_signal=True, parser=parser, signal=SignalOut.model_validate(found.to_json()))
    return ParseResult(is_signal=False, parser=parser, reason=found.reason)

