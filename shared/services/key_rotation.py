"""Key rotation and re-encryption: the services behind ``pipster keys`` and the maintenance timers.

``rotate`` adds a key version when the current one is older than the rotation period (or when
forced); earlier versions stay readable. ``reencrypt`` then moves every stored envelope to the
current version, one batch per transaction. Each swap is a compare-and-swap on the old envelope, so
a row the application changed meanwhile keeps its newer value; rows already under the current key
are never selected, so a run that stopped (crash, time budget) resumes where it left off and a second
run finds nothing to do. A row that cannot be opened is reported and left untouched.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from shared.clock import Clock
from shared.crypto.ciphertexts import AbstractCiphertextStore, CiphertextSwap
from shared.crypto.columns import SECRET_COLUMNS
from shared.crypto.envelope import EnvelopeCipher, key_prefix
from shared.crypto.errors import DecryptionError
from shared.crypto.keys import AbstractKeyProvider

logger = logging.getLogger(__name__)

DEFAULT_ROTATION_DAYS = 90
DEFAULT_BATCH_SIZE = 200


@dataclass(frozen=True, slots=True)
class RotationReport:
    rotated: bool
    key_id: str
    current_version: str
    previous_version: str | None
    current_created_at: datetime
    next_rotation_due: datetime

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ReencryptionReport:
    key_id: str
    current_version: str
    scanned: int = 0
    rewritten: int = 0
    changed_meanwhile: int = 0  # rows updated by someone else between read and swap: left as they are
    unreadable: list[str] = field(default_factory=list)  # "<entity>.<field>:<row id>", never the value
    complete: bool = False  # every column visited to the end (not stopped by max_batches)
    remaining: int = 0  # envelopes still under another key version after this run

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class KeyRotationService:
    """Rotates the data key and re-encrypts stored envelopes under the current version."""

    def __init__(
        self, keys: AbstractKeyProvider, cipher: EnvelopeCipher, store: AbstractCiphertextStore, clock: Clock,
        *, rotation_days: int = DEFAULT_ROTATION_DAYS,
    ) -> None:
        if rotation_days < 1:
            raise ValueError("rotation_days must be at least 1")
        self._keys = keys
        self._cipher = cipher
        self._store = store
        self._clock = clock
        self._period = timedelta(days=rotation_days)

    def rotate(self, *, force: bool = False) -> RotationReport:
        """A new key version if the current one is due (or ``force``, or none exists yet)."""
        current = self._keys.peek_current(fresh=True)  # another process may have rotated a moment ago
        due = current is None or self._clock.now() - current.created_at >= self._period
        if not (due or force):
            assert current is not None
            return RotationReport(False, current.key_id, current.version, None, current.created_at,
                                  current.created_at + self._period)
        key = self._keys.rotate()
        logger.info("data key %s rotated from version %s to %s", key.key_id,
                    current.version if current else None, key.version)
        return RotationReport(True, key.key_id, key.version, current.version if current else None, key.created_at,
                              key.created_at + self._period)

    def status(self) -> dict[str, Any]:
        """Key versions (metadata only) and, per column, the envelopes not yet under the current version."""
        current = self._keys.peek_current()
        report: dict[str, Any] = {
            "key_id": self._keys.key_id,
            "current_version": current.version if current else None,
            "next_rotation_due": current.created_at + self._period if current else None,
            "versions": [{"version": v.version, "created_at": v.created_at, "enabled": v.enabled}
                         for v in self._keys.versions()],
        }
        if current is not None:
            prefix = key_prefix(current.key_id, current.version)
            report["not_under_current_version"] = {
                f"{c.entity}.{c.field}": self._store.count(column=c, excluding_prefix=prefix) for c in SECRET_COLUMNS}
        return report

    def reencrypt(self, *, batch_size: int = DEFAULT_BATCH_SIZE, max_batches: int | None = None) -> ReencryptionReport:
        """Move every stored envelope to the current key version, ``batch_size`` rows per transaction."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        key = self._keys.current()
        prefix = key_prefix(key.key_id, key.version)
        report = ReencryptionReport(key.key_id, key.version)
        batches = 0
        stopped = False
        for column in SECRET_COLUMNS:
            after: str | None = None
            while not stopped:
                if max_batches is not None and batches >= max_batches:
                    stopped = True
                    break
                page = self._store.scan(column=column, excluding_prefix=prefix, after_row_id=after, limit=batch_size)
                if not page:
                    break
                batches += 1
                swaps = []
                for stored in page:
                    context = column.context(tenant_id=stored.tenant_id, row_id=stored.row_id)
                    try:
                        new = self._cipher.reencrypt(stored.envelope, context, key=key)
                    except DecryptionError as exc:
                        logger.error("cannot re-encrypt %s: %s", context.describe(), type(exc).__name__)
                        report.unreadable.append(f"{column.entity}.{column.field}:{stored.row_id}")
                        continue
                    if new is not None:
                        swaps.append(CiphertextSwap(stored.row_id, stored.envelope, new))
                changed = self._store.compare_and_swap(column=column, swaps=swaps)
                report.scanned += len(page)
                report.rewritten += changed
                report.changed_meanwhile += len(swaps) - changed
                after = page[-1].row_id
        report.complete = not stopped
        report.remaining = sum(self._store.count(column=c, excluding_prefix=prefix) for c in SECRET_COLUMNS)
        logger.info("re-encryption under %s version %s: %d scanned, %d rewritten, %d changed meanwhile, "
                    "%d unreadable, %d remaining, complete=%s", key.key_id, key.version, report.scanned,
                    report.rewritten, report.changed_meanwhile, len(report.unreadable), report.remaining,
                    report.complete)
        return report
