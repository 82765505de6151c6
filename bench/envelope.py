"""Envelope cost: sealing/opening vs the bare AES-GCM call, and revealing broker credentials vs reading the row.

Goals (issue 4): an envelope costs <= 8x the bare AES-GCM call (format, key lookup, associated data,
base64); revealing a broker connection's credentials costs <= 2x reading the connection (SQLite).
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bench.harness import compare, report
from shared.adapters.keys.keyring_file import FileKeyProvider
from shared.adapters.sql import migrate
from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.engine import create_engine
from shared.clock import SystemClock
from shared.crypto.envelope import EnvelopeCipher, EnvelopeContext
from shared.domain.broker import BrokerConnection
from shared.domain.enums import BrokerType
from shared.domain.tenant import Tenant
from shared.services.credentials import CredentialService

API_HASH = "0123456789abcdef0123456789abcdef"
CREDENTIALS = {"login": "desk-1", "password": "correct horse battery staple", "account": 123456}


def envelope_case(tmp: Path) -> bool:
    cipher = EnvelopeCipher(FileKeyProvider(tmp / "keyring.json", clock=SystemClock()))
    context = EnvelopeContext(tenant_id="ten_1", entity="Tenants", field="TelegramApiHash", row_id="ten_1")
    envelope = cipher.encrypt(API_HASH, context)
    raw = AESGCM(os.urandom(32))
    plaintext, aad = API_HASH.encode(), b"aad"
    figures = compare({
        "bare AESGCM: urandom nonce + encrypt": lambda: raw.encrypt(os.urandom(12), plaintext, aad),
        "EnvelopeCipher.encrypt": lambda: cipher.encrypt(API_HASH, context),
        "EnvelopeCipher.decrypt_text": lambda: cipher.decrypt_text(envelope, context),
    })
    return report("Envelope vs bare AES-256-GCM (32-char Telegram hash)", figures, goal=8.0)


def reveal_case(tmp: Path) -> bool:
    database = SqlDatabase(create_engine(f"sqlite:///{tmp / 'bench.db'}"))
    migrate.upgrade(database.engine)
    clock = SystemClock()
    credentials = CredentialService(database, EnvelopeCipher(FileKeyProvider(tmp / "ring2.json", clock=clock)), clock)
    now = datetime.now(UTC)
    tenant = Tenant(id="ten_1", email="t1@example.com", display_name="T", created_at=now)
    envelope = credentials.seal_broker_credentials(tenant_id="ten_1", broker_id="brk_1", credentials=CREDENTIALS)
    broker = BrokerConnection(id="brk_1", tenant_id="ten_1", broker_type=BrokerType.PAPER, display_name="P",
                              created_at=now, encrypted_credentials=envelope)

    def seed(uow) -> None:  # type: ignore[no-untyped-def]
        uow.tenants.add(tenant)
        uow.brokers.add(broker)

    database.transact(seed)
    brokers = database.repositories.brokers
    try:
        figures = compare({
            "read the connection (repository)": lambda: brokers.get_by_id(tenant_id="ten_1", broker_id="brk_1"),
            "reveal its credentials (read + open)": lambda: credentials.reveal_broker_credentials(
                tenant_id="ten_1", broker_id="brk_1"),
        })
    finally:
        database.dispose()
    return report("Broker credentials for the executor (SQLite)", figures, goal=2.0)


def main() -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        return all([envelope_case(Path(tmp)), reveal_case(Path(tmp))])
