"""Timer triggers for the maintenance jobs: each calls the same service as ``pipster jobs run NAME``.

Schedules are six-field NCRONTAB in UTC, read from app settings (``%PIPSTER_SCHEDULE_*%``; defaults in
``shared.settings.SCHEDULE_DEFAULTS``); ``runOnStartup`` is off: it would fire on every restart and scale-out.
A failed job raises, so the run shows as failed in monitoring.
"""

from __future__ import annotations

import logging

import azure.functions as func

bp = func.Blueprint()
logger = logging.getLogger(__name__)


def run_job(name: str, timer: func.TimerRequest) -> None:
    from shared.bootstrap import get_container

    if timer.past_due:
        logger.warning("maintenance job %s is running late (past due)", name)
    report = get_container().jobs.run(name)
    logger.info("maintenance job %s finished: %s", name, report)


@bp.timer_trigger(arg_name="timer", schedule="%PIPSTER_SCHEDULE_TIERING%", run_on_startup=False)
def maintenance_tiering(timer: func.TimerRequest) -> None:
    run_job("tiering", timer)


@bp.timer_trigger(arg_name="timer", schedule="%PIPSTER_SCHEDULE_TTL_CLEANUP%", run_on_startup=False)
def maintenance_ttl_cleanup(timer: func.TimerRequest) -> None:
    run_job("ttl-cleanup", timer)


@bp.timer_trigger(arg_name="timer", schedule="%PIPSTER_SCHEDULE_EVENTS_ARCHIVE%", run_on_startup=False)
def maintenance_events_archive(timer: func.TimerRequest) -> None:
    run_job("events-archive", timer)


@bp.timer_trigger(arg_name="timer", schedule="%PIPSTER_SCHEDULE_KEY_ROTATION%", run_on_startup=False)
def maintenance_key_rotation(timer: func.TimerRequest) -> None:
    run_job("key-rotation", timer)


@bp.timer_trigger(arg_name="timer", schedule="%PIPSTER_SCHEDULE_BACKUP%", run_on_startup=False)
def maintenance_backup(timer: func.TimerRequest) -> None:
    run_job("backup", timer)


@bp.timer_trigger(arg_name="timer", schedule="%PIPSTER_SCHEDULE_GDPR_PURGE%", run_on_startup=False)
def maintenance_gdpr_purge(timer: func.TimerRequest) -> None:
    run_job("gdpr-purge", timer)


@bp.timer_trigger(arg_name="timer", schedule="%PIPSTER_SCHEDULE_TRADE_EXPIRY%", run_on_startup=False)
def maintenance_trade_expiry(timer: func.TimerRequest) -> None:
    run_job("trade-expiry", timer)


@bp.timer_trigger(arg_name="timer", schedule="%PIPSTER_SCHEDULE_CACHE_REPAIR%", run_on_startup=False)
def maintenance_cache_repair(timer: func.TimerRequest) -> None:
    run_job("cache-repair", timer)

