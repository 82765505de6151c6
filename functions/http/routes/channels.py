"""Channels, addressed by their Telegram channel id: configuration, enable/disable, broker routing and a
dry run of the channel's pattern."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Path, Response, status
from pydantic import Field

from functions.http.audit import AuditedRoute, audited
from functions.http.deps import ChannelServiceDep
from functions.http.models import NO_CONTROL_CHARS, PROBLEMS, ApiModel
from functions.http.security import TenantIdDep
from shared.domain.changes import UNSET, Maybe
from shared.domain.channel import (
    FOLLOW_UP_WINDOW_HOURS_MAX,
    ChannelChanges,
    DeletePolicy,
    EditPolicy,
    FollowUpLinking,
)
from shared.domain.errors import ValidationError
from shared.domain.patterns import PATTERN_MAX_LENGTH
from shared.domain.vocabulary import KINDS, ParserVocabulary
from shared.parsing import CONTENT_MAX_CHARS
from shared.services.channels import ChannelView

E = TypeVar("E", bound=StrEnum)
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
LinkingName = Literal["reply", "replyOrSymbol"]
EditPolicyName = Literal["apply", "ignore"]
DeletePolicyName = Literal["cancelPending", "ignore"]
WindowHours = Annotated[int, Field(ge=1, le=FOLLOW_UP_WINDOW_HOURS_MAX, examples=[24])]
BrokerId = Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[A-Za-z0-9_-]+$", examples=["brk_0123456789"])]


Word = Annotated[str, Field(min_length=1, max_length=40)]
Words = Annotated[list[Word], Field(max_length=50)]
Confidence = Annotated[float, Field(ge=0, le=1, description="Hold a signal whose parse confidence is below this "
                                    "(null: the parser's default, 0.7)", examples=[0.8])]


class VocabularyModel(ApiModel):
    """Extra words the built-in parser applies for this channel (case-insensitive; a word belongs to one kind)."""

    ignore: Words = []
    buy: Words = []
    sell: Words = []
    stop_loss: Words = []
    take_profit: Words = []
    entry: Words = []

    def to_domain(self) -> ParserVocabulary | None:
        found = ParserVocabulary.from_json({name: getattr(self, attribute) for name, attribute in KINDS.items()})
        return None if found.is_empty else found

    @classmethod
    def of(cls, vocabulary: ParserVocabulary | None) -> VocabularyModel | None:
        return None if vocabulary is None else cls.model_validate(vocabulary.to_json())


class FollowUpSettings(ApiModel):
    """How replies, edits and deletions of the channel's messages act on the trades they opened."""

    follow_up_linking: LinkingName | None = Field(
        None, description="`reply`: only a reply acts, on its parent's trades; `replyOrSymbol`: else the newest "
                          "open trade on the named symbol within followUpWindowHours", examples=["replyOrSymbol"])
    follow_up_window_hours: WindowHours | None = None
    edit_policy: EditPolicyName | None = Field(None, description="`apply`: levels follow an edited signal",
                                               examples=["apply"])
    delete_policy: DeletePolicyName | None = Field(
        None, description="`cancelPending`: a deleted signal cancels its resting entries (never an open position)",
        examples=["cancelPending"])

    def changes(self, **base: Any) -> ChannelChanges:
        sent = self.model_fields_set
        for name in _SETTINGS:
            if name in sent and getattr(self, name) is None:
                raise ValidationError(name, "must not be null (omit it to leave it unchanged)")
        return ChannelChanges(**base, follow_up_linking=_enum(FollowUpLinking, self.follow_up_linking),
                              follow_up_window_hours=self.follow_up_window_hours
                              if self.follow_up_window_hours is not None else UNSET,
                              edit_policy=_enum(EditPolicy, self.edit_policy),
                              delete_policy=_enum(DeletePolicy, self.delete_policy))


_SETTINGS = ("follow_up_linking", "follow_up_window_hours", "edit_policy", "delete_policy")


def _enum(enum: type[E], value: str | None) -> Maybe[E]:
    return UNSET if value is None else enum(value)


class ChannelCreate(FollowUpSettings):
    channel_id: TelegramChannelId
    channel_name: ChannelName | None = None
    regex_pattern: RegexPattern = ""
    is_enabled: bool = True
    auto_execute: bool = Field(True, description="Off: every signal of the channel is held for review")
    review_below_confidence: Confidence | None = None
    vocabulary: VocabularyModel | None = None


class ChannelPatch(FollowUpSettings):
    channel_name: ChannelName | None = None
    regex_pattern: RegexPattern | None = None
    auto_execute: bool | None = None
    review_below_confidence: Confidence | None = None
    vocabulary: VocabularyModel | None = None


class ChannelOut(ApiModel):
    id: str = Field(examples=["chn_0123456789"])
    channel_id: int = Field(examples=[-1001234567890])
    channel_name: str | None
    regex_pattern: str
    is_enabled: bool
    broker_ids: list[str] = Field(description="Brokers the channel routes to; empty: every active broker")
    follow_up_linking: LinkingName = Field(examples=["reply"])
    follow_up_window_hours: int = Field(examples=[24])
    edit_policy: EditPolicyName = Field(examples=["apply"])
    delete_policy: DeletePolicyName = Field(examples=["cancelPending"])
    auto_execute: bool = True
    review_below_confidence: float | None = None
    vocabulary: VocabularyModel | None = None
    created_at: datetime
    updated_at: datetime | None = None

    @classmethod
    def of(cls, view: ChannelView) -> ChannelOut:
        config = view.config
        return cls(id=config.id, channel_id=config.channel_id, channel_name=config.channel_name,
                   regex_pattern=config.regex_pattern, is_enabled=config.is_enabled,
                   broker_ids=list(view.broker_ids),
                   follow_up_linking=config.follow_up_linking.value,
                   follow_up_window_hours=config.follow_up_window_hours,
                   edit_policy=config.edit_policy.value,
                   delete_policy=config.delete_policy.value,
                   auto_execute=config.auto_execute, review_below_confidence=config.review_below_confidence,
                   vocabulary=VocabularyModel.of(config.vocabulary),
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
    confidence: float = Field(1.0, ge=0, le=1, description="How sure the parser is (below the channel's review "
                              "threshold the pipeline holds the signal for review)", examples=[0.95])
    reasons: list[str] = Field([], description="Why the parser doubts (snake_case codes, docs/parser.md)",
                               examples=[["sl_wrong_side"]])


class ParseResult(ApiModel):
    is_signal: bool = Field(examples=[True])
    parser: str = Field(description="`pattern` (the channel's) or `builtin`", examples=["pattern"])
    signal: SignalOut | None = Field(None, description="The first signal (the one a single-signal reader takes)")
    signals: list[SignalOut] = Field([], description="Every signal of the message, in order")
    reason: str | None = Field(None, description="Why the text is not a signal", examples=[None])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ChannelOut, summary="Add a channel")
def create_channel(tenant_id: TenantIdDep, body: ChannelCreate, channels: ChannelServiceDep) -> ChannelOut:
    return ChannelOut.of(channels.add(tenant_id=tenant_id, channel_id=body.channel_id,
                                      channel_name=body.channel_name, regex_pattern=body.regex_pattern,
                                      is_enabled=body.is_enabled, changes=body.changes(
                                          auto_execute=body.auto_execute,
                                          review_below_confidence=body.review_below_confidence,
                                          vocabulary=body.vocabulary.to_domain() if body.vocabulary else None)))


@router.get("", response_model=list[ChannelOut], summary="List the tenant's channels (by channel id)")
def list_channels(tenant_id: TenantIdDep, channels: ChannelServiceDep) -> list[ChannelOut]:
    return [ChannelOut.of(v) for v in channels.for_tenant(tenant_id=tenant_id)]


@router.get("/{channelId}", response_model=ChannelOut, summary="Read a channel")
def get_channel(tenant_id: TenantIdDep, channel_id: ChannelIdPath, channels: ChannelServiceDep) -> ChannelOut:
    return ChannelOut.of(channels.get(tenant_id=tenant_id, channel_id=channel_id))


@router.patch("/{channelId}", response_model=ChannelOut,
              summary="Change the name, the pattern (compiled with RE2 first when enabled) or the follow-up settings")
def patch_channel(tenant_id: TenantIdDep, channel_id: ChannelIdPath, body: ChannelPatch,
                  channels: ChannelServiceDep) -> ChannelOut:
    return ChannelOut.of(channels.update(tenant_id=tenant_id, channel_id=channel_id, changes=channel_changes(body)))


def channel_changes(body: ChannelPatch) -> ChannelChanges:
    """The domain's changes for the fields the patch sent (replay takes a candidate of this shape too)."""
    sent = body.model_fields_set
    if "auto_execute" in sent and body.auto_execute is None:
        raise ValidationError("auto_execute", "must not be null (omit it to leave it unchanged)")
    return body.changes(
        channel_name=body.channel_name if "channel_name" in sent else UNSET,
        regex_pattern=(body.regex_pattern or "") if "regex_pattern" in sent else UNSET,
        auto_execute=body.auto_execute if "auto_execute" in sent and body.auto_execute is not None else UNSET,
        review_below_confidence=body.review_below_confidence if "review_below_confidence" in sent else UNSET,
        vocabulary=(body.vocabulary.to_domain() if body.vocabulary else None) if "vocabulary" in sent else UNSET)


@router.delete("/{channelId}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
               summary="Remove a channel (and its broker routing)")
def delete_channel(tenant_id: TenantIdDep, channel_id: ChannelIdPath, channels: ChannelServiceDep) -> Response:
    channels.delete(tenant_id=tenant_id, channel_id=channel_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{channelId}/enable", response_model=ChannelOut, summary="Enable (the pattern must compile)")
def enable_channel(tenant_id: TenantIdDep, channel_id: ChannelIdPath, channels: ChannelServiceDep) -> ChannelOut:
    return ChannelOut.of(channels.enable(tenant_id=tenant_id, channel_id=channel_id))


@router.post("/{channelId}/disable", response_model=ChannelOut, summary="Disable")
def disable_channel(tenant_id: TenantIdDep, channel_id: ChannelIdPath, channels: ChannelServiceDep) -> ChannelOut:
    return ChannelOut.of(channels.disable(tenant_id=tenant_id, channel_id=channel_id))


@router.put("/{channelId}/brokers", response_model=ChannelOut,
            summary="Route the channel to these brokers (ids of the tenant's brokers; [] = every active one)")
def put_channel_brokers(tenant_id: TenantIdDep, channel_id: ChannelIdPath,
                        body: Annotated[list[BrokerId], Field(max_length=100)],
                        channels: ChannelServiceDep) -> ChannelOut:
    return ChannelOut.of(channels.set_brokers(tenant_id=tenant_id, channel_id=channel_id, broker_ids=body))


@router.post("/{channelId}/parse", response_model=ParseResult,
             summary="Dry run: parse a text with the channel's pattern (no effects)")
@audited(None)  # a dry run: nothing changes, nothing to audit (inner: marked before the route is built)
def parse_with_channel(tenant_id: TenantIdDep, channel_id: ChannelIdPath, body: ParseRequest,
                       channels: ChannelServiceDep) -> ParseResult:
    found = channels.dry_run(tenant_id=tenant_id, channel_id=channel_id, text=body.text)
    signals = [SignalOut.model_validate(s.to_json()) for s in found.signals]
    return ParseResult(is_signal=bool(signals), parser=found.parser, signal=signals[0] if signals else None,
                       signals=signals, reason=found.reason)
