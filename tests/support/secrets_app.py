"""The secrets services wired on a test database, a controllable clock and a key-ring file in a temp dir."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.adapters.keys.keyring_file import FileKeyProvider
from shared.adapters.sql.ciphertexts import SqlCiphertextStore
from shared.adapters.sql.database import SqlDatabase
from shared.clock import FixedClock
from shared.crypto.ciphertexts import AbstractCiphertextStore
from shared.crypto.envelope import EnvelopeCipher
from shared.domain.broker import BrokerConnection
from shared.domain.enums import BrokerType
from shared.domain.tenant import Tenant
from shared.services.credentials import CredentialService
from shared.services.key_rotation import KeyRotationService
from shared.services.tenants import TenantService


@dataclass
class SecretsApp:
    database: SqlDatabase
    clock: FixedClock
    keys: FileKeyProvider
    cipher: EnvelopeCipher
    tenants: TenantService
    credentials: CredentialService
    rotation: KeyRotationService

    def tenant(self) -> Tenant:
        ref = uuid.uuid4().hex[:10]
        return self.tenants.register(email=f"{ref}@example.com", display_name=f"Desk {ref}")

    def broker(self, tenant_id: str, credentials: dict[str, Any] | None = None) -> BrokerConnection:
        broker_id = f"brk_{uuid.uuid4().hex[:10]}"
        envelope = ""
        if credentials is not None:
            envelope = self.credentials.seal_broker_credentials(
                tenant_id=tenant_id, broker_id=broker_id, credentials=credentials)
        connection = BrokerConnection(id=broker_id, tenant_id=tenant_id, broker_type=BrokerType.PAPER,
                                      display_name="Paper", created_at=self.clock.now(),
                                      encrypted_credentials=envelope)
        self.database.transact(lambda uow: uow.brokers.add(connection))
        return connection


def secrets_app(database: SqlDatabase, clock: FixedClock, tmp: Path, *, rotation_days: int = 90,
                store: AbstractCiphertextStore | None = None) -> SecretsApp:
    keys = FileKeyProvider(tmp / "keyring.json", clock=clock)
    cipher = EnvelopeCipher(keys)
    store = store or SqlCiphertextStore(database)
    return SecretsApp(
        database, clock, keys, cipher, TenantService(database, clock), CredentialService(database, cipher, clock),
        KeyRotationService(keys, cipher, store, clock, rotation_days=rotation_days),
    )
