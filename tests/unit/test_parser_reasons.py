"""Every doubt the parser can record has a cost and a line in docs/parser.md's table: a reason with no cost would
make the confidence computation fail on the message that raises it, and one without a line leaves an operator
who sees it in the review queue with nothing to read."""

from __future__ import annotations

import re
from pathlib import Path

from shared.parsing import assess

ROOT = Path(__file__).parents[2]
RAISED = re.compile(r"""reasons\.append\(\s*"([a-z_]+)"\s*\)|reasons\.append\(\s*'([a-z_]+)'\s*\)""")


def _raised() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "shared" / "parsing").glob("*.py"):
        for match in RAISED.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1) or match.group(2))
    return found


def test_the_scan_finds_the_reasons_the_reader_raises() -> None:
    assert {"side_inferred", "tp_unreadable", "sl_unreadable", "wide_zone"} <= _raised()


def test_every_reason_raised_has_a_cost() -> None:
    assert _raised() - set(assess.COSTS) == set()


def test_every_reason_with_a_cost_is_documented() -> None:
    table = (ROOT / "docs" / "parser.md").read_text(encoding="utf-8")
    assert [r for r in assess.COSTS if f"| `{r}` |" not in table] == []
