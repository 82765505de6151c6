"""The interfaces every adapter implements, one module per port.

Business code depends on these, never on an SDK; ``shared.bootstrap`` picks the adapters.
"""
