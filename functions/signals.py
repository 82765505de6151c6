"""Queue trigger ``telegram-messages`` -> the signal pipeline -> output binding ``trade-commands``."""

from __future__ import annotations

import azure.functions as func

from shared.ports.queues import TELEGRAM_MESSAGES, TRADE_COMMANDS

bp = func.Blueprint()


@bp.queue_trigger(arg_name="msg", queue_name=TELEGRAM_MESSAGES, connection="AzureWebJobsStorage")
@bp.queue_output(arg_name="commands", queue_name=TRADE_COMMANDS, connection="AzureWebJobsStorage")
def process_telegram_message(msg: func.QueueMessage, commands: func.Out[list[str]]) -> None:
    from shared.bootstrap import get_container
    from shared.observability.context import log_context

    with log_context(invocation_id=msg.id):
        result = get_container().pipeline.handle(msg.get_body())
    if result.commands:
        commands.set(list(result.commands))
