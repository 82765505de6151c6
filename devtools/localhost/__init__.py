"""The local Functions host: serves the registered FunctionApp without Azure Functions Core Tools.

Everything it runs is read from the app's own binding metadata (``app.get_functions()``), so the wiring
that Azure indexes is the wiring that runs here: the HTTP function's ASGI app under uvicorn, queue
triggers polled from the storage account (Azurite locally) with host.json's dequeue and poison rules,
output bindings delivered, and timer triggers fired on their NCRONTAB schedules.
"""
