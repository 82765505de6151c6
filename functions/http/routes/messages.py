"""Ingest: a bot webhook or an external Telegram listener hands a channel message to the pipeline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, status
from pydantic import Field

from functions.http.deps import IngestServiceDep
from functions.http.models import PROBLEMS, ApiModel, Instant
from functions.http.problems import ProblemError
from functions.http.security import TenantIdDep
from shared.domain.messages import CONTENT_MAX_CHARS
from shared.ports.queues import QueueUnavailableError

router = APIRouter(prefix="/api/v1/tenants", tags=["signals"], responses={
    **PROBLEMS, 503: {**PROBLEMS[500], "description": "The queue could not be written: nothing was accepted"}})

BIGINT = 2**63


class MessageIn(ApiModel):
    channel_id: Annotated[int, Field(ge=-BIGINT, lt=BIGINT, examples=[-1001234567890])]
    message_id: Annotated[int, Field(ge=1, lt=BIGINT, examples=[9876543210])]
    content: Annotated[str, Field(max_length=CONTENT_MAX_CHARS, description="Required unless `deleted`",
                                  examples=["Buy #XAUUSD 3750.5 / SL 3740 / TP 3753 / TP 3760"])] = ""
    timestamp: Instant | None = Field(None, description="When it was posted (UTC); default: now",
                                       examples=["2026-01-05T14:32:00Z"])
    sender_id: int | None = Field(None, ge=-BIGINT, lt=BIGINT, examples=[123456789])
    reply_to_message_id: int | None = Field(None, ge=-BIGINT, lt=BIGINT, examples=[9876543200],
                                            description="The message this one replies to, in the same channel")
    edited_at: Instant | None = Field(None, description="This is an edit of `messageId`, made at this time "
                                                         "(ISO 8601 with offset); each revision is processed once",
                                       examples=["2026-01-05T14:35:00Z"])
    deleted: bool = Field(False, description="The channel deleted `messageId`", examples=[False])


class MessageAccepted(ApiModel):
    message_key: str = Field(examples=["ten_0123456789abcdef0123456789abcdef:-1001234567890:9876543210"])
    queue_message_id: str = Field(examples=["0f6b9c1e-8d4c-4f5e-9a39-2b7f3a1c5d10"])
    correlation_id: str = Field(examples=["3f2a9c7e5b1d4e8fa0c6b2d9e7f1a3c5"])


@router.post("/{tenantId}/messages", status_code=status.HTTP_202_ACCEPTED, response_model=MessageAccepted,
             summary="Enqueue a TelegramMessageReceived for the signal pipeline")
def ingest(tenant_id: TenantIdDep, body: MessageIn, request: Request, ingest: IngestServiceDep) -> MessageAccepted:
    correlation = request.scope.get("state", {}).get("correlation_id", "")
    try:
        accepted = ingest.accept(tenant_id=tenant_id, channel_id=body.channel_id, message_id=body.message_id,
                                 content=body.content, timestamp=body.timestamp, sender_id=body.sender_id,
                                 correlation_id=correlation or None, reply_to_message_id=body.reply_to_message_id,
                                 edited_at=body.edited_at, deleted=body.deleted)
    except QueueUnavailableError:
        raise ProblemError(503, "Queue unavailable", "the message was not accepted; retry later",
                           headers={"Retry-After": "5"}) from None
    return MessageAccepted(message_key=accepted.message_key, queue_message_id=accepted.queue_message_id,
                           correlation_id=correlation)
