"""A channel's own words (``ParserVocabulary``) applied to a message before the built-in parser reads it.

Each listed word, matched case-insensitively as a whole word (runs of spaces inside it match any spacing), is
replaced by the built-in word of its kind: "Achat" becomes "buy", "Objectif" becomes "TP", an ignored word
becomes spaces. The parser then reads the message as it reads any other, so a channel's words get every rule
the built-in ones have (clauses, negation, legs). Words are literal text compiled into one RE2 alternation per
vocabulary, cached, so a tenant's list costs one linear scan per message.
"""

from __future__ import annotations

import functools

import re2

from shared.domain.vocabulary import ParserVocabulary

VOCABULARY_CACHE_SIZE = 1024
_STANDS_FOR = {"ignore": " ", "buy": " buy ", "sell": " sell ", "stop_loss": " SL ", "take_profit": " TP ",
               "entry": " Entry "}


class _Compiled:
    def __init__(self, vocabulary: ParserVocabulary) -> None:
        self.replacement: dict[str, str] = {}
        for kind, stands_for in _STANDS_FOR.items():
            for word in getattr(vocabulary, kind):
                self.replacement[word] = stands_for
        # longest first: "long wave" must win over "long" when both are listed
        words = sorted(self.replacement, key=len, reverse=True)
        alternatives = ("[ \\t]+".join(re2.escape(part) for part in word.split(" ")) for word in words)
        self.regex = re2.compile("(?i)" + "|".join(alternatives)) if words else None

    def apply(self, text: str) -> str:
        if self.regex is None:
            return text
        out, last = [], 0
        for match in self.regex.finditer(text):
            start, end = match.span()
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if before.isalnum() or after.isalnum():  # inside a longer word: "Achat" is not in "Achats2"
                continue
            out += [text[last:start], self.replacement[" ".join(match.group().split()).casefold()]]
            last = end
        return "".join(out) + text[last:] if out else text


@functools.lru_cache(maxsize=VOCABULARY_CACHE_SIZE)
def _compiled(vocabulary: ParserVocabulary) -> _Compiled:
    return _Compiled(vocabulary)


def apply(vocabulary: ParserVocabulary | None, data: bytes) -> bytes:
    """``data`` (UTF-8) with the channel's words replaced by the built-in words they stand for."""
    if vocabulary is None or vocabulary.is_empty:
        return data
    return _compiled(vocabulary).apply(data.decode("utf-8")).encode("utf-8")
