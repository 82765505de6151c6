"""Signal parsing throughput: the built-in parser and a channel pattern, per message, beside the cost of ONE
RE2 search on the same message; and RE2 on ``str`` versus on UTF-8 ``bytes``.

Messages: this repository's parsing corpus (tests/unit/parsing_corpus.jsonl: signals and non-signals in many
layouts), cycled so every call parses a different message.

Goals: the built-in parser within 60x of one RE2 search (it makes one RE2 search per token, about eight per
message, plus a few screening searches, and builds the Decimal levels) and a channel pattern within 8x (one
search plus normalisation); bytes at least 1.3x faster than str for the same RE2 work, which is why the parser
encodes once.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import re2

from bench.harness import compare, report
from shared.parsing import SignalParser, lexicon

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "unit" / "parsing_corpus.jsonl"
CHANNEL_PATTERN = (r"(?i)(?P<side>buy|sell|long|short)\s*(?P<order_type>limit|stop)?\s*(?P<symbol>[a-z/]{6,7})"
                   r"[^\d]*(?P<entry>\d+(?:\.\d+)?)(?:[\s\S]*?sl\D*(?P<sl>\d+(?:\.\d+)?))?"
                   r"(?:[\s\S]*?tp\d?\D*(?P<tp1>\d+(?:\.\d+)?))?")
BASELINE = re2.compile(r"(?i)\b(?:buy|sell|long|short)\b")


def _messages() -> list[str]:
    return [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _cycling(items: list, fn: Callable) -> Callable[[], object]:
    source = itertools.cycle(items)
    return lambda: fn(next(source))


def main() -> bool:
    texts = _messages()
    data = [t.encode("utf-8") for t in texts]
    parser = SignalParser()
    channel = re2.compile(CHANNEL_PATTERN)
    baseline = _cycling(data, BASELINE.search)
    builtin_figures = compare({
        "one RE2 search on the bytes (baseline)": baseline,
        "built-in parser (str in, encode once)": _cycling(texts, parser.parse),
    })
    ok = report(f"built-in parser per message ({len(texts)} corpus messages, cycled)", builtin_figures, goal=60.0)
    pattern_figures = compare({
        "one RE2 search on the bytes (baseline)": baseline,
        "channel pattern parser (str in, cached)": _cycling(
            texts, lambda t: parser.parse(t, pattern=CHANNEL_PATTERN, channel_key="ch")),
    })
    ok = report("channel pattern parser per message", pattern_figures, goal=8.0) and ok
    tokens = compare({
        "tokenizer pass on str": _cycling(texts, lambda t: sum(1 for _ in lexicon.TOKENS.finditer(t))),
        "tokenizer pass on bytes": _cycling(data, lambda d: sum(1 for _ in lexicon.TOKENS.finditer(d))),
    })
    ok = report("RE2 tokenizer: str (baseline) vs bytes", tokens, goal=1 / 1.3) and ok
    search = compare({
        "channel pattern search on str": _cycling(texts, channel.search),
        "channel pattern search on bytes": _cycling(data, channel.search),
    })
    ok = report("RE2 channel pattern: str (baseline) vs bytes", search, goal=1 / 1.3) and ok
    per_message = builtin_figures["built-in parser (str in, encode once)"]
    print(f"\n  built-in parser throughput on one core: {1e6 / per_message:,.0f} messages/s")
    return ok
