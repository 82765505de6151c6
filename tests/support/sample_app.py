"""FunctionApps used only by the local-host tests: a relay, an always-failing function and a timer.

A factory, because an app's functions can be indexed only once (as the host does).
"""

from __future__ import annotations

import azure.functions as func


def build_app(timer_runs: list[bool]) -> func.FunctionApp:
    app = func.FunctionApp()

    @app.queue_trigger(arg_name="msg", queue_name="%RELAY_QUEUE%", connection="AzureWebJobsStorage")
    @app.queue_output(arg_name="out", queue_name="relay-out", connection="AzureWebJobsStorage")
    def relay(msg: func.QueueMessage, out: func.Out[str]) -> None:
        out.set(msg.get_body().decode().upper())

    @app.queue_trigger(arg_name="msg", queue_name="always-fails", connection="AzureWebJobsStorage")
    def always_fails(msg: func.QueueMessage) -> None:
        raise RuntimeError(f"cannot process {msg.get_body()!r}")

    @app.timer_trigger(arg_name="timer", schedule="* * * * * *", run_on_startup=False)
    def every_second(timer: func.TimerRequest) -> None:
        timer_runs.append(timer.past_due)

    return app
