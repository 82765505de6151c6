"""The Function App: builds the HTTP app and registers the blueprints. Nothing else."""

import azure.functions as func

from functions import maintenance, signals, statistics, trades
from functions.http_api import create_api

app = func.AsgiFunctionApp(app=create_api(), http_auth_level=func.AuthLevel.FUNCTION)
app.register_functions(signals.bp)
app.register_functions(trades.bp)
app.register_functions(maintenance.bp)
app.register_functions(statistics.bp)
