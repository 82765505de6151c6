"""The stored columns that hold envelopes, and the associated data each row's envelope is bound to."""

from __future__ import annotations

from dataclasses import dataclass

from shared.crypto.envelope import EnvelopeContext


@dataclass(frozen=True, slots=True)
class SecretColumn:
    """A column of envelopes: ``entity`` is its table, ``field`` its column name."""

    entity: str
    field: str

    def context(self, *, tenant_id: str, row_id: str) -> EnvelopeContext:
        return EnvelopeContext(tenant_id=tenant_id, entity=self.entity, field=self.field, row_id=row_id)


TELEGRAM_API_HASH = SecretColumn("Tenants", "TelegramApiHash")
BROKER_CREDENTIALS = SecretColumn("BrokerConnections", "EncryptedCredentials")
TELEGRAM_BOT_TOKEN = SecretColumn("TelegramBots", "EncryptedBotToken")
# Every column re-encryption visits; a new secret column is added here and in the SQL store's map.
SECRET_COLUMNS = (TELEGRAM_API_HASH, BROKER_CREDENTIALS, TELEGRAM_BOT_TOKEN)
