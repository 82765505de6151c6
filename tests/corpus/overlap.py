"""Which messages of a new batch match the held-out split, told without showing a held-out message.

A batch collected from sources the search tools cannot name (an unnamed file's id) may come from a held-out source.
Run this before anyone reads the batch's scores: ``python -m tests.corpus.overlap BATCH.jsonl ...`` prints, per
batch line that matches, its file, line number and group, and per group how many lines match; never a held-out
text. A group with a match is left out whole (the split is by source, not by message).

A line matches a held-out message when their texts are equal, when their first 50 characters are, or when at least
80% of the line's prices (three or more) are among the held-out message's: the same post quoted by two files, with
other spacing, emoji or a cut.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.corpus.scoring import cases, splits

_PRICE = re.compile(r"\d+\.\d+|\d{3,}")
PREFIX = 50
SHARED_PRICES = 0.8
PRICES_MIN = 3


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass(frozen=True)
class Reference:
    """The held-out split as the check needs it: whole texts, their openings and their prices."""

    texts: frozenset[str]
    openings: frozenset[str]
    prices: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Reference:
        normed = [_norm(text) for text in texts]
        return cls(frozenset(normed), frozenset(text[:PREFIX] for text in normed),
                   tuple(frozenset(_PRICE.findall(text)) for text in normed))

    def matches(self, text: str) -> bool:
        normed = _norm(text)
        if normed in self.texts or normed[:PREFIX] in self.openings:
            return True
        prices = set(_PRICE.findall(normed))
        return len(prices) >= PRICES_MIN and any(
            len(prices & other) >= SHARED_PRICES * len(prices) for other in self.prices)


def held_out() -> Reference:
    return Reference.of(case["text"] for path in splits().get("heldout", []) for case in cases(path))


def matching_lines(path: Path, reference: Reference) -> list[tuple[int, str]]:
    """(line number, group) of each line of the batch file ``path`` that matches ``reference``."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            record = json.loads(line)
            if reference.matches(record["text"]):
                found.append((number, str(record.get("group", ""))))
    return found


def main(argv: Sequence[str]) -> int:
    reference = held_out()
    groups: Counter[str] = Counter()
    for name in argv:
        for number, group in matching_lines(Path(name), reference):
            groups[group] += 1
            print(f"{name}:{number} matches a held-out message (group {group!r})")
    for group, count in groups.items():
        print(f"leave out group {group!r}: {count} matching line(s)")
    return 1 if groups else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
