"""Scoring the built-in parser against the labelled corpus (tests/corpus/, conventions in docs/parser.md).

Each line of a ``*.jsonl`` file: ``{"text", "expected": signal or null, "also": [further signals]?, ...}``.
A split is ``synthetic.jsonl`` or every file of one directory (``tuned/``, ``heldout/``). The held-out split
comes from sources the parser was never tuned on: nobody working on the parser reads it.

What counts, per message:

- a **false trade**: a parse that would open a trade (not held for review) on a message labelled null, or
  one whose (symbol, side) is not among the labelled signals: a wrong side, a wrong symbol, an extra signal;
- **exact**: a signal message whose parses equal the label in all seven fields, "also" signals in order
  (a held parse counts when its fields are exact); a null message is right when it opens no trade;
- **held**: some parse of the message is below the review threshold;
- **wrong levels**: a traded parse (not held) whose symbol and side are labelled but whose levels, order type
  or targets are not those of any signal labelled with that symbol and side. Not a false trade in the issue's
  sense (the market and direction are right), but a trade a careful reader would have placed otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared.domain.signal import REVIEW_BELOW_CONFIDENCE_DEFAULT, NotASignal, ParsedSignal
from shared.parsing import SignalParser

CORPUS = Path(__file__).resolve().parent
FIELDS = ("symbol", "side", "order_type", "entry", "entry_range", "stop_loss", "take_profits")


def splits() -> dict[str, list[Path]]:
    """Split name -> its files; a split with no file yet (held-out before the merge) is left out."""
    found: dict[str, list[Path]] = {}
    for directory in sorted(p for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_")):
        files = sorted(directory.glob("*.jsonl"))
        if files:
            found[directory.name] = files
    for loose in sorted(CORPUS.glob("*.jsonl")):
        found[loose.stem] = [loose]
    return found


def cases(path: Path) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            case = json.loads(line)
            case["where"] = f"{path.relative_to(CORPUS)}:{number}"
            yield case


def as_label(signal: ParsedSignal) -> dict[str, Any]:
    """A parse in the corpus's snake_case shape, via the event JSON (so the JSON form is what is compared)."""
    data = json.loads(json.dumps(signal.to_json()))
    return {"symbol": data["symbol"], "side": data["side"], "order_type": data["orderType"], "entry": data["entry"],
            "entry_range": data["entryRange"], "stop_loss": data["stopLoss"], "take_profits": data["takeProfits"]}


def _same(found: Any, expected: Any) -> bool:
    """Numbers compare by value (the label may write 4112 where the parse says 4112.0)."""
    return json.dumps(found) == json.dumps(expected) or found == expected


@dataclass
class Outcome:
    where: str
    text: str
    expected: list[dict[str, Any]]
    found: list[dict[str, Any]] | str  # the parses, or NotASignal's reason
    held: bool
    exact: bool
    false_trade: bool
    fields: dict[str, int] = field(default_factory=dict)  # per field: labelled signals read right
    wrong_levels: int = 0  # traded parses with a labelled symbol and side but other levels

    def describe(self) -> str:
        text = self.text.replace("\n", " | ")[:110]
        return f"{self.where}: {text!r}\n    expected {self.expected or None}\n    found    {self.found}"


def score(case: dict[str, Any], parser: SignalParser, threshold: float = REVIEW_BELOW_CONFIDENCE_DEFAULT) -> Outcome:
    expected = [case["expected"], *(case.get("also") or [])] if case["expected"] else []
    expected = [{k: e[k] for k in FIELDS} for e in expected]
    result = parser.parse_all(case["text"])
    if isinstance(result, NotASignal):
        return Outcome(case["where"], case["text"], expected, result.reason, held=False, exact=not expected,
                       false_trade=False, fields=dict.fromkeys(FIELDS, 0))
    found = [as_label(s) for s in result]
    traded = [label for label, signal in zip(found, result, strict=True) if not signal.needs_review(threshold)]
    wanted = [(e["symbol"], e["side"]) for e in expected]
    false_trade = any((t["symbol"], t["side"]) not in wanted for t in traded)
    wrong_levels = sum(1 for t in traded if (t["symbol"], t["side"]) in wanted and not any(
        all(_same(t[name], e[name]) for name in FIELDS) for e in expected))
    fields = {name: sum(1 for e, f in zip(expected, found, strict=False) if _same(f[name], e[name]))
              for name in FIELDS}
    exact = bool(expected) and len(found) == len(expected) and all(fields[name] == len(expected) for name in FIELDS)
    if not expected:
        false_trade = bool(traded)
    return Outcome(case["where"], case["text"], expected, found, held=len(traded) < len(found), exact=exact,
                   false_trade=false_trade, fields=fields, wrong_levels=wrong_levels)


@dataclass
class SplitScore:
    name: str
    outcomes: list[Outcome]

    @property
    def signals(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.expected]

    @property
    def exact_rate(self) -> float:
        signals = self.signals
        return sum(o.exact for o in signals) / len(signals) if signals else 1.0

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.signals if not o.exact]

    @property
    def false_trades(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.false_trade]

    @property
    def held(self) -> int:
        return sum(o.held for o in self.outcomes)

    @property
    def wrong_levels(self) -> int:
        return sum(o.wrong_levels for o in self.outcomes)

    def field_rates(self) -> dict[str, float]:
        total = sum(len(o.expected) for o in self.signals)
        return {name: sum(o.fields[name] for o in self.signals) / total if total else 1.0 for name in FIELDS}


def score_split(name: str, files: list[Path], parser: SignalParser | None = None) -> SplitScore:
    parser = parser or SignalParser()
    return SplitScore(name, [score(case, parser) for path in files for case in cases(path)])
