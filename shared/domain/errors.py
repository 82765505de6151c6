"""Domain errors. They know nothing of HTTP or SQL; the edges map them once."""

from __future__ import annotations


class DomainError(Exception):
    """Base class for every business-rule violation."""


class ValidationError(DomainError):
    """A value broke a rule; ``field`` names the offending field."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class InvalidStateError(ValidationError):
    """The entity's current state does not allow the operation (e.g. a status transition)."""


class NotFoundError(DomainError):
    """No such entity, or it belongs to another tenant (the two are indistinguishable on purpose)."""

    def __init__(self, entity: str, key: object, field: str = "id") -> None:
        super().__init__(f"{entity} {key!r} not found")
        self.entity = entity
        self.key = key
        self.field = field


class ConflictError(DomainError):
    """The write would break a uniqueness rule; ``field`` names the conflicting field."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
