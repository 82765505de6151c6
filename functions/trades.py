"""Queue trigger ``trade-commands`` -> the executor -> the broker connector."""

from __future__ import annotations

import azure.functions as func

from shared.ports.queues import TRADE_COMMANDS

bp = func.Blueprint()


@bp.queue_trigger(arg_name="msg", queue_name=TRADE_COMMANDS, connection="AzureWebJobsStorage")
def execute_trade_command(msg: func.QueueMessage) -> None:
    from shared.bootstrap import get_container
    from shared.observability.context import log_context

    with log_context(invocation_id=msg.id):
        get_container().executor.handle(msg.get_body())
