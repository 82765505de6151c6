"""`make demo` runs `pipster demo`: the whole backbone in a throwaway folder, ending with a readable timeline."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PIPSTER = Path(sys.executable).parent / "pipster"


def test_the_demo_runs_end_to_end_and_prints_its_timeline(tmp_path: Path) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    done = subprocess.run([str(PIPSTER), "demo", "--app-dir", str(REPO)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    for line in ("SignalReceived  Buy XAUUSD", "TradeExecuted   Buy 1 XAUUSD -> Filled", "Duplicate",
                 "rule=blacklist", "rule=session", "NotASignal", "paper orders (1)", "channel statistics",
                 "managed-trade timeline", "TradeClosed    TakeProfit", "TradeModified  breakeven",
                 "Buy XAUUSD Closed, realised P&L 48 USD", "PartClosed  leg 2  price=2365, units=1"):
        assert line in out, line
