"""A channel's own words for the built-in parser: extra ignore, side and level words.

Some channels write in a language or a house style the built-in vocabulary does not know ("Achat", "Objectif",
"Sortie"), or use a word the parser misreads (a strategy called "Long Wave"). A tenant lists such words per
channel; the parser reads each one as the built-in word of its kind (docs/parser.md). Words are literal text,
never patterns, so a tenant cannot make the parser slow; sizes are bounded for the same reason.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from shared.domain.errors import ValidationError

WORDS_PER_KIND_MAX = 50
WORD_CHARS_MAX = 40
# JSON name -> attribute; the order is the order of to_json.
KINDS = {"ignore": "ignore", "buy": "buy", "sell": "sell", "stopLoss": "stop_loss", "takeProfit": "take_profit",
         "entry": "entry"}


def _word(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError(field, "must be a list of strings")
    word = " ".join(value.split()).casefold()  # one spelling per word: case and runs of spaces do not matter
    if not 0 < len(word) <= WORD_CHARS_MAX:
        raise ValidationError(field, f"words must be 1-{WORD_CHARS_MAX} characters")
    if any(unicodedata.category(ch).startswith("C") for ch in word):
        raise ValidationError(field, "words must not contain control or invisible characters")
    if not any(ch.isalpha() for ch in word):
        raise ValidationError(field, "words must contain a letter (a number is never a keyword)")
    return word


def _words(field: str, values: object) -> tuple[str, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ValidationError(field, "must be a list of strings")
    words = tuple(dict.fromkeys(_word(field, v) for v in values))
    if len(words) > WORDS_PER_KIND_MAX:
        raise ValidationError(field, f"must hold at most {WORDS_PER_KIND_MAX} words")
    return words


@dataclass(frozen=True, slots=True)
class ParserVocabulary:
    """Extra words per kind, case-folded and de-duplicated; a word belongs to one kind only."""

    ignore: tuple[str, ...] = ()
    buy: tuple[str, ...] = ()
    sell: tuple[str, ...] = ()
    stop_loss: tuple[str, ...] = ()
    take_profit: tuple[str, ...] = ()
    entry: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        seen: dict[str, str] = {}
        for name, attribute in KINDS.items():
            field = f"vocabulary.{name}"
            words = _words(field, getattr(self, attribute))
            object.__setattr__(self, attribute, words)
            for word in words:
                if word in seen:
                    raise ValidationError(field, f"'{word}' is already listed under {seen[word]}")
                seen[word] = name

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, attribute) for attribute in KINDS.values())

    def to_json(self) -> dict[str, list[str]]:
        return {name: list(getattr(self, attribute)) for name, attribute in KINDS.items()}

    @classmethod
    def from_json(cls, data: object) -> ParserVocabulary:
        """Read the ``to_json`` form; missing kinds are empty, unknown ones refused (a typo would be ignored)."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValidationError("vocabulary", "must be a JSON object")
        unknown = sorted(set(data) - set(KINDS))
        if unknown:
            raise ValidationError(f"vocabulary.{unknown[0]}", f"is not one of {', '.join(KINDS)}")
        values: dict[str, Any] = {KINDS[name]: data[name] or () for name in data}
        return cls(**values)
