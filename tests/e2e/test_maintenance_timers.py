"""Every maintenance job has a timer with a valid six-field schedule, off at startup, and a CLI twin; so has
the statistics fold (``pipster stats fold``), which runs every few seconds outside the job runner."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from croniter import croniter

from devtools.localhost.bindings import resolve
from devtools.localhost.timers import validate_schedule
from shared.settings import SCHEDULE_DEFAULTS
from tests.support.function_app import bindings, registered

JOBS = ["tiering", "ttl-cleanup", "events-archive", "key-rotation", "backup", "gdpr-purge", "trade-expiry",
        "cache-repair"]


@pytest.mark.parametrize("job", JOBS)
def test_each_job_has_a_six_field_utc_timer_that_does_not_run_on_startup(job: str) -> None:
    name = f"maintenance_{job.replace('-', '_')}"
    (trigger,) = [b for b in bindings(name) if b["type"] == "timerTrigger"]
    assert trigger["schedule"] == f"%PIPSTER_SCHEDULE_{job.replace('-', '_').upper()}%"
    assert not trigger.get("runOnStartup", False)
    validate_schedule(resolve(trigger["schedule"], SCHEDULE_DEFAULTS), name)


def test_the_statistics_fold_runs_every_five_seconds_and_not_on_startup() -> None:
    (trigger,) = [b for b in bindings("statistics_fold") if b["type"] == "timerTrigger"]
    assert trigger["schedule"] == "%PIPSTER_SCHEDULE_STATS_FOLD%"
    assert not trigger.get("runOnStartup", False)
    schedule = validate_schedule(resolve(trigger["schedule"], SCHEDULE_DEFAULTS), "statistics_fold")
    runs = croniter(schedule, datetime(2026, 1, 5, tzinfo=UTC), second_at_beginning=True)
    first, second = runs.get_next(datetime), runs.get_next(datetime)
    assert (second - first).total_seconds() == 5


def test_no_other_timers_exist() -> None:
    timers = [n for n in registered() if any(b["type"] == "timerTrigger" for b in bindings(n))]
    assert sorted(timers) == sorted([*(f"maintenance_{j.replace('-', '_')}" for j in JOBS), "statistics_fold"])


def test_every_setting_a_binding_references_is_deployed_by_the_infrastructure() -> None:
    import json
    import re
    from pathlib import Path

    bicep = (Path(__file__).parents[2] / "infra" / "main.bicep").read_text()
    referenced = {m for name in registered() for m in re.findall(r"%([^%]+)%", json.dumps(bindings(name)))}
    assert referenced, "the timers reference their schedules as app settings"
    assert {s for s in referenced if not re.search(rf"^\s*{s}:", bicep, re.M)} == set()
