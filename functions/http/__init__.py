"""The configuration API: FastAPI routers, auth, problem+json errors. Thin: every rule lives in ``shared``."""
