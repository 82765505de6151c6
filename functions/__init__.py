"""Triggers only: thin adapters that decode input, call a service from ``shared`` and encode output."""
