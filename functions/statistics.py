"""Timer trigger ``statistics_fold``: the pipeline's signal facts counted into the per-channel day rows,
every few seconds (``%PIPSTER_SCHEDULE_STATS_FOLD%``; see shared/services/stats_fold.py).

Not a maintenance job: it runs far too often for a lease and a MaintenanceRun event per run. The host runs
a timer on one instance at a time, and two folds at once would still count each fact once. A failed run
raises (monitoring shows it); what it did not count stays in the feed for the next run.
"""

from __future__ import annotations

import logging

import azure.functions as func

bp = func.Blueprint()
logger = logging.getLogger(__name__)


@bp.timer_trigger(arg_name="timer", schedule="%PIPSTER_SCHEDULE_STATS_FOLD%", run_on_startup=False)
def statistics_fold(timer: func.TimerRequest) -> None:
    from shared.bootstrap import get_container

    if timer.past_due:
        logger.info("statistics fold is running late (past due)")
    get_container().stats_fold.run()
