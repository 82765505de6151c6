"""Every maintenance job has a timer with a valid six-field schedule, off at startup, and a CLI twin."""

from __future__ import annotations

import pytest

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


def test_no_other_timers_exist() -> None:
    timers = [n for n in registered() if any(b["type"] == "timerTrigger" for b in bindings(n))]
    assert sorted(timers) == sorted(f"maintenance_{j.replace('-', '_')}" for j in JOBS)


def test_every_setting_a_binding_references_is_deployed_by_the_infrastructure() -> None:
    import json
    import re
    from pathlib import Path

    bicep = (Path(__file__).parents[2] / "infra" / "main.bicep").read_text()
    referenced = {m for name in registered() for m in re.findall(r"%([^%]+)%", json.dumps(bindings(name)))}
    assert referenced, "the timers reference their schedules as app settings"
    assert {s for s in referenced if not re.search(rf"^\s*{s}:", bicep, re.M)} == set()
