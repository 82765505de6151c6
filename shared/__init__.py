"""Pipster's application package: domain, ports, services and adapters, importable without the Functions host."""
