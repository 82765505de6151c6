"""Span-only RE2 searches on bytes, for the parser's hot loop.

google-re2's ``search`` wraps every call in a generator and a ``_Match`` object; for a tokenizer that
searches once per token that wrapper costs more than the DFA itself (bench/parsing.py). These helpers call
the compiled RE2 object underneath (``_Regexp._regexp.Match``, stable across google-re2 1.x, which
requirements.txt pins) and fall back to the public API if that attribute ever goes away.
"""

from __future__ import annotations

from collections.abc import Callable

import re2

_UNANCHORED = re2._Anchor.UNANCHORED
_ANCHOR_START = re2._Anchor.ANCHOR_START
NO_MATCH = (-1, -1)


def find(regex: re2._Regexp, data: bytes, pos: int = 0) -> tuple[int, int]:
    """(start, end) of the first match of ``regex`` in ``data`` at or after ``pos``; ``NO_MATCH`` if none."""
    if pos > len(data):
        return NO_MATCH  # (RE2 would log "invalid startpos" to stderr; a price rewritten longer, "-3554k" as 3554000)
    native = getattr(regex, "_regexp", None)
    if native is not None:
        span: tuple[int, int] = native.Match(_UNANCHORED, data, pos, len(data))[0]
        return span
    match = regex.search(data, pos)
    return NO_MATCH if match is None else match.span()


def finder(regex: re2._Regexp) -> Callable[[bytes, int], tuple[int, int]]:
    """``find`` bound to one regex, for a loop that searches with it once per token: the native method is looked
    up once, not per call."""
    native = getattr(regex, "_regexp", None)
    if native is None:
        return lambda data, pos: find(regex, data, pos)
    match, unanchored = native.Match, _UNANCHORED

    def bound(data: bytes, pos: int) -> tuple[int, int]:
        span: tuple[int, int] = match(unanchored, data, pos, len(data))[0]
        return span

    return bound


def match_at(regex: re2._Regexp, data: bytes, pos: int) -> tuple[int, int]:
    """(start, end) of a match of ``regex`` starting exactly at ``pos``; ``NO_MATCH`` if none."""
    if pos > len(data):
        return NO_MATCH  # (as in find)
    native = getattr(regex, "_regexp", None)
    if native is not None:
        span: tuple[int, int] = native.Match(_ANCHOR_START, data, pos, len(data))[0]
        return span
    match = regex.match(data, pos)
    return NO_MATCH if match is None else match.span()


def found(regex: re2._Regexp, data: bytes) -> bool:
    native = getattr(regex, "_regexp", None)
    if native is not None:  # (find's body, inlined: the parser asks this about eight times a message)
        return bool(native.Match(_UNANCHORED, data, 0, len(data))[0][0] >= 0)
    return regex.search(data) is not None


def search(regex: re2._Regexp, data: bytes) -> re2._Match | None:
    """``regex.search(data)``, for a search that mostly fails: google-re2 builds its match object (a generator
    and the groups) before it knows, so a native span search decides first."""
    return regex.search(data) if found(regex, data) else None


def match(regex: re2._Regexp, data: bytes) -> re2._Match | None:
    """``regex.match(data)``, likewise for an anchored search that mostly fails."""
    return regex.match(data) if match_at(regex, data, 0)[0] >= 0 else None


def groupdict(regex: re2._Regexp, data: bytes) -> dict[str, bytes | None] | None:
    """``regex.search(data).groupdict()`` from the native spans (no match object built); None when no match."""
    native = getattr(regex, "_regexp", None)
    if native is None:
        match = regex.search(data)
        return None if match is None else match.groupdict()
    found = native.Match(_UNANCHORED, data, 0, len(data))
    if found[0][0] < 0:
        return None
    return {name: None if found[index][0] < 0 else data[found[index][0]:found[index][1]]
            for name, index in regex.groupindex.items()}


def without_captures(pattern: str) -> str:
    """``pattern`` with every capturing group made non-capturing (``(x)``, ``(?P<name>x)`` become ``(?:x)``), for a
    regex only ever asked whether it matches: RE2 reports every group's span on each call, and for a union of 27
    groups that cost about a microsecond a message (bench/parsing.py's channel pattern pays it too)."""
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":  # an escaped character (a bracket too) is a literal
            out.append(pattern[index:index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            literal = index + 1 + (pattern[index + 1:index + 2] == "^")
            if pattern[literal:literal + 1] == "]":  # "[]...]", "[^]...]": the first "]" is a member
                out.append(pattern[index:literal + 1])
                index = literal + 1
                continue
        elif char == "(" and pattern.startswith("(?P<", index):
            out.append("(?:")
            index = pattern.index(">", index) + 1
            continue
        elif char == "(" and not pattern.startswith("(?", index):
            out.append("(?:")
            index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


def count(regex: re2._Regexp, data: bytes) -> int:
    """How many non-overlapping matches ``data`` holds."""
    total, pos = 0, 0
    while True:
        start, end = find(regex, data, pos)
        if start < 0:
            return total
        total += 1
        pos = end if end > start else start + 1
