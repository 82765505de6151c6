"""Small field validators shared by the entities. Each raises ``ValidationError`` naming the field."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import IntEnum
from typing import TypeVar

from shared.domain.errors import ValidationError

E = TypeVar("E", bound=IntEnum)

ID_MAX = 50
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
# Checked only after the length cap, so the pattern never runs on long input.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_PHONE = re.compile(r"\+?[0-9][0-9 ()-]*")
_CONTROL = re.compile(r"[\x00-\x1f]")


def entity_id(field: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ValidationError(field, "is required")
    if len(value) > ID_MAX:
        raise ValidationError(field, f"must be at most {ID_MAX} characters")
    if not _ID.fullmatch(value):
        raise ValidationError(field, "may hold only letters, digits, '_', '-' and '.'")
    return value


def required_text(field: str, value: object, max_len: int) -> str:
    """``text`` for a field that must be present: never None."""
    found = text(field, value, max_len)
    assert found is not None  # text() raises for a missing required value
    return found


def text(field: str, value: object, max_len: int, *, required: bool = True) -> str | None:
    if value is None:
        if required:
            raise ValidationError(field, "is required")
        return None
    if not isinstance(value, str):
        raise ValidationError(field, "must be a string")
    value = value.strip()
    if required and not value:
        raise ValidationError(field, "must not be empty")
    # VARCHAR(n) counts bytes on SQL Server's UTF-8 collations: measure the stricter way everywhere.
    if len(value) > max_len or len(value.encode("utf-8")) > max_len:
        raise ValidationError(field, f"must be at most {max_len} characters ({max_len} bytes in UTF-8)")
    if _CONTROL.search(value):
        raise ValidationError(field, "must not contain control characters")
    return value or None


def email(field: str, value: object) -> str:
    checked = text(field, value, 254)  # RFC 5321's limit; the column holds 255
    assert checked is not None
    if not _EMAIL.fullmatch(checked):
        raise ValidationError(field, "is not a valid email address")
    # Uniqueness is case-insensitive: the stored form is lower case, so the unique index enforces it.
    return checked.lower()


def phone(field: str, value: object) -> str | None:
    checked = text(field, value, 50, required=False)
    if checked is not None and not _PHONE.fullmatch(checked):
        raise ValidationError(field, "is not a valid phone number")
    return checked


def enum_value(field: str, enum: type[E], value: object) -> E:
    if isinstance(value, enum):
        return value
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError(field, f"must be one of {_choices(enum)}")
    try:
        return enum(value) if isinstance(value, int) else enum[value.upper()]
    except (ValueError, KeyError):
        raise ValidationError(field, f"must be one of {_choices(enum)}") from None


def _choices(enum: type[IntEnum]) -> str:
    return ", ".join(f"{m.name}={m.value}" for m in enum)


def decimal(field: str, value: object, *, minimum: Decimal, maximum: Decimal, places: int = 2) -> Decimal:
    """A DECIMAL(p, ``places``) value within bounds; more places than the column keeps is an error, not a rounding."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        raise ValidationError(field, "must be a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError(field, "must be a number") from None
    if not number.is_finite():
        raise ValidationError(field, "must be a finite number")
    if number < minimum or number > maximum:
        raise ValidationError(field, f"must be between {minimum} and {maximum}")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        raise ValidationError(field, f"must have at most {places} decimal places")
    return number.quantize(Decimal(1).scaleb(-places))


def aware(field: str, value: datetime | None, *, required: bool = True) -> datetime | None:
    if value is None:
        if required:
            raise ValidationError(field, "is required")
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValidationError(field, "must be a timezone-aware datetime")
    return value


# Instants any store, clock arithmetic (a 90-day default window, a UTC conversion) and client can hold: the
# calendar's own edges (years 1 and 9999) overflow as soon as an offset or a window is applied.
INSTANT_FIRST_YEAR, INSTANT_LAST_YEAR = 1970, 2999


def instant(field: str, value: datetime) -> datetime:
    """``value`` when its year is in [1970, 2999]; else ``ValidationError`` naming ``field``. Compared by year,
    before any arithmetic, so an edge value with an offset cannot overflow the check itself."""
    if not INSTANT_FIRST_YEAR <= value.year <= INSTANT_LAST_YEAR:
        raise ValidationError(field, f"must be between the years {INSTANT_FIRST_YEAR} and {INSTANT_LAST_YEAR}")
    return value


# Free-form JSON (a connection's metadata, credentials) nests at most this deep. Settings need a few levels;
# hundreds parse in 700 bytes and then break every reader that recurses (serialisers give up near 255).
MAX_JSON_DEPTH = 32


def json_depth(field: str, value: object, *, max_depth: int = MAX_JSON_DEPTH) -> object:
    """``value`` when no object or array in it is nested deeper than ``max_depth`` (the value itself is
    level 1); else ``ValidationError`` naming ``field``. Walks without recursion, so any depth is measured."""
    pending: list[tuple[object, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list | tuple) else None
        if children is None:
            continue
        if depth > max_depth:
            raise ValidationError(field, f"must not nest objects or arrays more than {max_depth} levels deep")
        pending.extend((child, depth + 1) for child in children)
    return value
