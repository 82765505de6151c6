"""The one partial-update idiom: a frozen ``...Changes`` dataclass per entity whose fields default to ``UNSET``.

A field left ``UNSET`` is not changed; any other value (``None`` included, where the field is nullable) is.
The entity applies its own changes (``entity.apply(changes, now)``) and re-validates itself, so the rules of a
field live in one place whichever door the change came through.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Any, Final, Literal, TypeVar, Union


class Unset(enum.Enum):
    """The type of ``UNSET``: a one-member enum, so ``Maybe[T]`` narrows with ``is UNSET``."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET
T = TypeVar("T")
Maybe = Union[T, Literal[Unset.UNSET]]  # noqa: UP007 (a generic alias of a Literal needs the Union form)


def given(changes: object) -> dict[str, Any]:
    """The fields of a ``...Changes`` dataclass that were set, by name."""
    assert dataclasses.is_dataclass(changes)
    return {f.name: getattr(changes, f.name) for f in dataclasses.fields(changes)
            if getattr(changes, f.name) is not UNSET}
