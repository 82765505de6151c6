"""The Function App: registers the HTTP app and the blueprints. Nothing else.

The HTTP app is built on its first request (``LazyAsgiApp``): the queue and timer instances never pay for FastAPI.
The settings a deployed app cannot run without are still checked here, while the host starts."""

import azure.functions as func

from functions import maintenance, signals, statistics, trades
from functions.lazy_http import LazyAsgiApp, build_api
from shared.settings import get_settings

get_settings().require_deployable()
app = func.AsgiFunctionApp(app=LazyAsgiApp(build_api), http_auth_level=func.AuthLevel.FUNCTION)
app.register_functions(signals.bp)
app.register_functions(trades.bp)
app.register_functions(maintenance.bp)
app.register_functions(statistics.bp)
