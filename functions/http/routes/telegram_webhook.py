"""Telegram's Bot API posts updates here (not behind a tenant key: Telegram authenticates with the
webhook secret it echoes in ``X-Telegram-Bot-Api-Secret-Token``).

Telegram redelivers any update answered with a non-2xx status, so only a wrong secret (401) and a
failure a retry can fix (503) are errors; anything else is answered 200, enqueued or ignored.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import Field

from functions.http.deps import TelegramWebhookServiceDep
from functions.http.models import PROBLEMS, ApiModel, problem_response
from functions.http.problems import ProblemError
from shared.domain.telegram_bot import SECRET_HEADER
from shared.ports.idempotency import IdempotencyError
from shared.ports.queues import QueueUnavailableError
from shared.services.telegram_webhook import WebhookOutcome, WebhookUnauthorizedError

router = APIRouter(prefix="/api/telegram", tags=["telegram"], responses={
    401: problem_response("Wrong or missing webhook secret: nothing was enqueued"), 422: PROBLEMS[422],
    503: {**PROBLEMS[500], "description": "Not accepted now; Telegram redelivers"}})


class WebhookAnswer(ApiModel):
    outcome: WebhookOutcome = Field(examples=["enqueued"])
    reason: str | None = Field(None, examples=["chat is not a configured, enabled channel"])


@router.post("/webhook/{tenantId}", response_model=WebhookAnswer,
             summary="Telegram Bot API webhook (authenticated by the webhook secret header)")
async def telegram_webhook(tenant_id: Annotated[str, Path(alias="tenantId", max_length=50)], request: Request,
                           webhook: TelegramWebhookServiceDep) -> WebhookAnswer:
    from starlette.concurrency import run_in_threadpool

    body = await request.body()
    secret = request.headers.get(SECRET_HEADER)
    try:
        # blocking I/O (SQL, cache, queue): off the event loop
        result = await run_in_threadpool(lambda: webhook.handle(tenant_id=tenant_id, secret=secret, body=body))
    except WebhookUnauthorizedError:
        raise ProblemError(401, "Unauthorized", f"wrong or missing {SECRET_HEADER}", field=SECRET_HEADER) from None
    except (QueueUnavailableError, IdempotencyError):
        raise ProblemError(503, "Unavailable", "the update was not accepted; Telegram will redeliver it",
                           headers={"Retry-After": "5"}) from None
    return WebhookAnswer(outcome=result.outcome, reason=result.reason)
