"""Tenant secrets: stored only as envelopes, revealed in memory only for the code that uses them.

The Telegram API hash of a tenant and the credentials of a broker connection are sealed before they
reach the unit of work, and opened only by ``reveal_*`` (the listener and the executor). What those
return hides its secret from repr/str, so a stray log line or traceback shows no plaintext.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from shared.clock import Clock
from shared.crypto.columns import BROKER_CREDENTIALS, TELEGRAM_API_HASH
from shared.crypto.envelope import EnvelopeCipher
from shared.domain import rules
from shared.domain.broker import BrokerConnection
from shared.domain.errors import NotFoundError, ValidationError
from shared.domain.tenant import Tenant
from shared.ports.cache_outbox import CacheChange, CachedEntity
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.transactions import TransactionRunner
from shared.services.cache_invalidation import CacheInvalidator, write

logger = logging.getLogger(__name__)

# Telegram's api_hash (my.telegram.org) is 32 hexadecimal characters.
_API_HASH = re.compile(r"[0-9a-fA-F]{32}")
# Leaves room for the envelope's base64 growth inside BrokerConnections' credential limit.
BROKER_CREDENTIALS_MAX_BYTES = 32_768


@dataclass(frozen=True, slots=True)
class TelegramCredentials:
    """What the Telegram listener needs to sign in as the tenant; repr shows no secret."""

    api_id: int
    api_hash: str = field(repr=False)
    phone_number: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class BrokerCredentials(Mapping[str, Any]):
    """A broker connection's credentials as the executor reads them (a read-only mapping); repr shows only keys."""

    broker_id: str
    secrets: Mapping[str, Any] = field(repr=False)  # not ``values``: that would shadow Mapping.values()

    def __getitem__(self, key: str) -> Any:
        return self.secrets[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.secrets)

    def __len__(self) -> int:
        return len(self.secrets)

    def __repr__(self) -> str:
        return f"BrokerCredentials(broker_id={self.broker_id!r}, keys={sorted(self.secrets)!r})"

    __str__ = __repr__


class CredentialService:
    """Sets and reveals tenant secrets; nothing here logs a value, only which row changed."""

    def __init__(self, db: TransactionRunner, cipher: EnvelopeCipher, clock: Clock,
                 cache: CacheInvalidator | None = None) -> None:
        self._db = db
        self._cipher = cipher
        self._clock = clock
        self._cache = cache  # a cached tenant carries the Telegram API id: its writes invalidate it

    def get_telegram_credentials(self, *, tenant_id: str) -> Tenant:
        """The tenant whose Telegram API id and phone number (never the hash) the caller may show."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        tenant = self._db.repositories.tenants.get_by_id(tenant_id=tenant_id)
        if tenant is None:
            raise NotFoundError("tenant", tenant_id, field="tenant_id")
        return tenant

    # Telegram
    def set_telegram_credentials(
        self, *, tenant_id: str, api_id: int, api_hash: str, phone_number: str | None = None
    ) -> Tenant:
        """Store a tenant's Telegram API id, phone number and (sealed) API hash."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        if isinstance(api_id, bool) or not isinstance(api_id, int) or not 0 < api_id < 2**31:
            raise ValidationError("telegram_api_id", "must be a positive 32-bit integer")
        if not isinstance(api_hash, str) or not _API_HASH.fullmatch(api_hash):
            raise ValidationError("telegram_api_hash", "must be 32 hexadecimal characters")
        phone_number = rules.phone("telegram_phone_number", phone_number)
        envelope = self._cipher.encrypt(api_hash, TELEGRAM_API_HASH.context(tenant_id=tenant_id, row_id=tenant_id))
        rules.text("telegram_api_hash", envelope, 255)  # the column is VARCHAR(255): 121 + len(key id) chars

        def work(uow: AbstractUnitOfWork) -> Tenant:
            tenant = self._tenant(uow, tenant_id)
            tenant.ensure_active()
            tenant.telegram_api_id = api_id
            tenant.telegram_api_hash = envelope
            tenant.telegram_phone_number = phone_number
            uow.tenants.update(tenant)
            return tenant

        tenant = write(self._db, self._cache, work, CacheChange(CachedEntity.TENANT, tenant_id),
                       what="set telegram credentials")
        logger.info("telegram credentials set for tenant %s", tenant_id)
        return tenant

    def clear_telegram_credentials(self, *, tenant_id: str) -> Tenant:
        tenant_id = rules.entity_id("tenant_id", tenant_id)

        def work(uow: AbstractUnitOfWork) -> Tenant:
            tenant = self._tenant(uow, tenant_id)
            tenant.telegram_api_id = tenant.telegram_api_hash = tenant.telegram_phone_number = None
            uow.tenants.update(tenant)
            return tenant

        tenant = write(self._db, self._cache, work, CacheChange(CachedEntity.TENANT, tenant_id),
                       what="clear telegram credentials")
        logger.info("telegram credentials cleared for tenant %s", tenant_id)
        return tenant

    def reveal_telegram_credentials(self, *, tenant_id: str) -> TelegramCredentials:
        """Decrypt in memory; ``NotFoundError`` when the tenant has none, ``DecryptionError`` if unreadable."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        tenant = self._db.repositories.tenants.get_by_id(tenant_id=tenant_id)
        if tenant is None:
            raise NotFoundError("tenant", tenant_id, field="tenant_id")
        if not tenant.telegram_api_hash or tenant.telegram_api_id is None:
            raise NotFoundError("telegram credentials", tenant_id, field="telegram_api_hash")
        context = TELEGRAM_API_HASH.context(tenant_id=tenant_id, row_id=tenant_id)
        api_hash = self._cipher.decrypt_text(tenant.telegram_api_hash, context)
        return TelegramCredentials(tenant.telegram_api_id, api_hash, tenant.telegram_phone_number)

    # Brokers
    def seal_broker_credentials(self, *, tenant_id: str, broker_id: str, credentials: Mapping[str, Any]) -> str:
        """The envelope for a new connection's ``encrypted_credentials`` (for code that creates connections)."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        broker_id = rules.entity_id("broker_id", broker_id)
        plaintext = _credentials_json(credentials)
        return self._cipher.encrypt(plaintext, BROKER_CREDENTIALS.context(tenant_id=tenant_id, row_id=broker_id))

    def set_broker_credentials(
        self, *, tenant_id: str, broker_id: str, credentials: Mapping[str, Any]
    ) -> BrokerConnection:
        """Replace a broker connection's credentials (sealed) and stamp UpdatedAt."""
        envelope = self.seal_broker_credentials(tenant_id=tenant_id, broker_id=broker_id, credentials=credentials)

        def work(uow: AbstractUnitOfWork) -> BrokerConnection:
            connection = uow.brokers.get_by_id(tenant_id=tenant_id, broker_id=broker_id)
            if connection is None:
                raise NotFoundError("broker connection", broker_id, field="broker_id")
            self._tenant(uow, tenant_id).ensure_active()
            connection.encrypted_credentials = envelope
            connection.updated_at = self._clock.now()
            uow.brokers.update(connection)
            return connection

        connection = self._db.transact(work, what="set broker credentials")
        logger.info("broker credentials set for connection %s of tenant %s", broker_id, tenant_id)
        return connection

    def reveal_broker_credentials(self, *, tenant_id: str, broker_id: str) -> BrokerCredentials:
        """Decrypt in memory for the executor; ``NotFoundError`` if absent, ``DecryptionError`` if unreadable."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        broker_id = rules.entity_id("broker_id", broker_id)
        connection = self._db.repositories.brokers.get_by_id(tenant_id=tenant_id, broker_id=broker_id)
        if connection is None:
            raise NotFoundError("broker connection", broker_id, field="broker_id")
        if not connection.encrypted_credentials:
            raise NotFoundError("broker credentials", broker_id, field="credentials")
        return self.open_broker_credentials(connection)

    def open_broker_credentials(self, connection: BrokerConnection) -> BrokerCredentials:
        """Decrypt the credentials of a connection the caller has already loaded (no second read);
        a connection without credentials (the paper broker) opens to an empty mapping."""
        if not connection.encrypted_credentials:
            return BrokerCredentials(connection.id, {})
        context = BROKER_CREDENTIALS.context(tenant_id=connection.tenant_id, row_id=connection.id)
        values = json.loads(self._cipher.decrypt_text(connection.encrypted_credentials, context))
        return BrokerCredentials(connection.id, values)

    @staticmethod
    def _tenant(uow: AbstractUnitOfWork, tenant_id: str) -> Tenant:
        tenant = uow.tenants.get_by_id(tenant_id=tenant_id)
        if tenant is None:
            raise NotFoundError("tenant", tenant_id, field="tenant_id")
        return tenant


def _credentials_json(credentials: Mapping[str, Any]) -> str:
    if not isinstance(credentials, Mapping) or not credentials:
        raise ValidationError("credentials", "must be a non-empty JSON object")
    if not all(isinstance(k, str) and k for k in credentials):
        raise ValidationError("credentials", "keys must be non-empty strings")
    rules.json_depth("credentials", dict(credentials))
    try:
        text = json.dumps(dict(credentials), separators=(",", ":"), allow_nan=False, sort_keys=True)
    except (TypeError, ValueError):
        raise ValidationError("credentials", "must be JSON-serialisable") from None
    if len(text.encode("utf-8")) > BROKER_CREDENTIALS_MAX_BYTES:
        raise ValidationError("credentials", f"must be at most {BROKER_CREDENTIALS_MAX_BYTES} bytes as JSON")
    return text
