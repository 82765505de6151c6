"""Validation of tenant-supplied signal patterns on RE2 (linear time: no catastrophic backtracking).

A pattern is checked when it is saved, so a broken or hostile one never reaches the pipeline. RE2 has
no backreferences or look-around; we surface its own reason rather than silently falling back to ``re``.
"""

from __future__ import annotations

import re as _stdlib_re

import re2

from shared.domain.errors import ValidationError

PATTERN_MAX_LENGTH = 4000
# RE2's compiled program size is its measure of cost; realistic signal patterns stay below 500.
PROGRAM_SIZE_MAX = 2000
REQUIRED_GROUPS = frozenset({"symbol", "side"})
# ``action``: a follow-up's instruction ("close all", "SL to BE"), read by the follow-up reader.
KNOWN_GROUPS = frozenset({"symbol", "side", "entry", "entry_low", "entry_high", "sl", "tp", "order_type", "action"})
_TP_N = _stdlib_re.compile(r"tp[1-9][0-9]?")


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # the reason is returned to the caller; RE2 would also print it to stderr
    return options


def compile_pattern(pattern: str, field: str = "regex_pattern") -> re2._Regexp:
    """Compile ``pattern`` under RE2 or raise ``ValidationError`` naming ``field`` with RE2's reason."""
    if len(pattern) > PATTERN_MAX_LENGTH:
        raise ValidationError(field, f"must be at most {PATTERN_MAX_LENGTH} characters")
    try:
        compiled = re2.compile(pattern, _options())
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise ValidationError(field, f"RE2 rejects the pattern: {reason}") from None
    if compiled.programsize > PROGRAM_SIZE_MAX:
        size = compiled.programsize
        raise ValidationError(field, f"pattern is too complex (RE2 program size {size} > {PROGRAM_SIZE_MAX})")
    groups = set(compiled.groupindex)
    unknown = sorted(g for g in groups - KNOWN_GROUPS if not _TP_N.fullmatch(g))
    if unknown:
        raise ValidationError(field, f"unknown named groups {unknown}; allowed: {sorted(KNOWN_GROUPS)} and tp1..tp99")
    missing = sorted(REQUIRED_GROUPS - groups)
    if missing:
        raise ValidationError(field, f"missing required named groups {missing}")
    return compiled


def validate_pattern(pattern: str, field: str = "regex_pattern") -> None:
    """An empty pattern selects the built-in parser; anything else must compile under the rules above."""
    if pattern:
        compile_pattern(pattern, field)
