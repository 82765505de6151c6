"""Entities, value objects, rules and errors: pure Python, no I/O."""
