"""The tenant's Telegram bot (Bot API intake): register its token (write-only) and set its webhook."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import Field

from functions.http.audit import AuditedRoute
from functions.http.deps import TelegramBotServiceDep
from functions.http.models import PROBLEMS, ApiModel, problem_response
from functions.http.problems import ProblemError
from functions.http.security import TenantIdDep
from shared.domain.telegram_bot import TelegramBot
from shared.ports.bot_api import BotApiError
from shared.services.telegram_bots import TelegramBotService

router = APIRouter(prefix="/api/v1/tenants/{tenantId}", tags=["telegram"], responses=PROBLEMS,
                   route_class=AuditedRoute)


class TelegramBotPut(ApiModel):
    bot_token: Annotated[str, Field(min_length=1, max_length=200, description="Write-only: never returned",
                                    examples=["123456789:AAExampleExampleExampleExampleExample"])]


class TelegramBotOut(ApiModel):
    bot_id: int = Field(examples=[123456789])
    bot_token_set: bool = Field(description="Always true: the token is stored sealed and never returned")
    webhook_url: str | None = Field(description="Where Telegram posts the updates (None until the operator "
                                    "sets PIPSTER_PUBLIC_BASE_URL)",
                                    examples=["https://pipster.example.net/api/telegram/webhook/ten_0123"])
    webhook_set_at: datetime | None = Field(description="When setWebhook last succeeded; None: set it")

    @classmethod
    def of(cls, bot: TelegramBot, service: TelegramBotService) -> TelegramBotOut:
        return cls(bot_id=bot.bot_id, bot_token_set=True, webhook_url=service.webhook_url(bot.tenant_id),
                   webhook_set_at=bot.webhook_set_at)


@router.put("/telegram-bot", response_model=TelegramBotOut,
            summary="Register the tenant's bot token (sealed, write-only); then set its webhook")
def put_telegram_bot(tenant_id: TenantIdDep, body: TelegramBotPut, bots: TelegramBotServiceDep) -> TelegramBotOut:
    return TelegramBotOut.of(bots.register(tenant_id=tenant_id, bot_token=body.bot_token), bots)


@router.get("/telegram-bot", response_model=TelegramBotOut, summary="The bot's id and webhook state")
def get_telegram_bot(tenant_id: TenantIdDep, bots: TelegramBotServiceDep) -> TelegramBotOut:
    return TelegramBotOut.of(bots.get(tenant_id=tenant_id), bots)


@router.post("/telegram-bot/set-webhook", response_model=TelegramBotOut,
             responses={502: problem_response("The Bot API refused setWebhook or could not be reached")},
             summary="Call the Bot API's setWebhook (a new webhook secret each time)")
def set_telegram_webhook(tenant_id: TenantIdDep, bots: TelegramBotServiceDep) -> TelegramBotOut:
    try:
        return TelegramBotOut.of(bots.set_webhook(tenant_id=tenant_id), bots)
    except BotApiError as exc:
        raise ProblemError(502, "Bot API error", exc.reason, field="botToken") from None
