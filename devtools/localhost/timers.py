"""Timer triggers on their six-field NCRONTAB schedules (UTC), one thread each, never overlapping."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from azure.functions.timer import TimerRequest
from croniter import croniter

from devtools.localhost.bindings import BindingError, FunctionSpec
from devtools.localhost.invoke import invoke

logger = logging.getLogger(__name__)


def validate_schedule(schedule: str, function: str) -> str:
    """Azure's NCRONTAB has six fields, seconds first; a five-field cron would silently mean something else."""
    if len(schedule.split()) != 6 or not croniter.is_valid(schedule, second_at_beginning=True):
        raise BindingError(f"{function}: schedule {schedule!r} is not a six-field NCRONTAB expression")
    return schedule


class TimerTriggerWorker:
    """Fires one timer function at each scheduled instant until ``stop`` is set.

    Runs never overlap: a run that outlasts its interval makes the next one late (``past_due``) rather
    than concurrent, and instants missed meanwhile collapse into that one run, as in the host.
    """

    def __init__(self, spec: FunctionSpec, schedule: str, stop: threading.Event, *,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC), run_on_startup: bool = False) -> None:
        self.spec = spec
        self.schedule = validate_schedule(schedule, spec.name)
        self._stop = stop
        self._now = now
        self._run_on_startup = run_on_startup
        self.runs = 0

    def run(self) -> None:
        if self._run_on_startup:
            self._fire(past_due=False)
        schedule = croniter(self.schedule, self._now(), second_at_beginning=True)
        due: datetime = schedule.get_next(datetime)
        while not self._stop.is_set():
            wait = (due - self._now()).total_seconds()
            if wait > 0:
                self._stop.wait(min(wait, 1.0))
                continue
            past_due = -wait > 1.0
            self._fire(past_due=past_due)
            schedule = croniter(self.schedule, self._now(), second_at_beginning=True)
            due = schedule.get_next(datetime)

    def _fire(self, *, past_due: bool) -> None:
        self.runs += 1
        try:
            invoke(self.spec, TimerRequest(past_due=past_due))
            logger.info("timer %s ran (past_due=%s)", self.spec.name, past_due)
        except Exception:  # noqa: BLE001 - timers have no retry: log it and wait for the next instant
            logger.exception("timer %s failed", self.spec.name)
