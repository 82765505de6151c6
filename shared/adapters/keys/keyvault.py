"""Data keys as versions of one Azure Key Vault secret (``azure-keyvault-secrets``).

Each version's value is the base64 of 32 random bytes; rotation is ``set_secret`` (a new version),
and the version id Key Vault assigns is the key version written into every envelope. The SDK is
imported only when a vault is configured (cold start). Its retry policy backs off on 429 (honouring
Retry-After) and 5xx from 1 s up to 16 s; the port's cache keeps serving keys already fetched
while the vault is throttling or down, and no message ever waits on a vault call once its key
version is cached.
"""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from shared.clock import Clock
from shared.crypto.errors import (
    KeyAccessDeniedError,
    KeyConfigurationError,
    KeyStoreError,
    KeyStoreUnavailableError,
    UnknownKeyVersionError,
)
from shared.crypto.keys import KEY_ID, AbstractKeyProvider, DataKey, KeyVersionInfo

logger = logging.getLogger(__name__)

SETTING = "PIPSTER_KEY_SECRET_NAME"
URL_SETTING = "PIPSTER_KEYVAULT_URL"
CONTENT_TYPE = "application/octet-stream; encoding=base64"
TAGS = {"purpose": "pipster-data-encryption-key"}


class SecretClientProtocol(Protocol):
    """The calls this adapter makes on ``azure.keyvault.secrets.SecretClient``."""

    def get_secret(self, name: str, version: str | None = None, **kwargs: Any) -> Any: ...

    def set_secret(self, name: str, value: str, **kwargs: Any) -> Any: ...

    def list_properties_of_secret_versions(self, name: str, **kwargs: Any) -> Iterable[Any]: ...


def build_secret_client(vault_url: str, *, credential: Any = None, **client_options: Any) -> SecretClientProtocol:
    """A ``SecretClient`` with ``DefaultAzureCredential`` (the managed identity in Azure) and bounded retries.

    ``client_options`` reach the SDK (tests pass ``transport=``, the only part they replace).
    """
    from azure.keyvault.secrets import SecretClient

    if credential is None:
        from shared.adapters.identity import azure_credential

        credential = azure_credential()
    # 1 try + 3 retries, waiting Retry-After when the vault sends one, else 1 s doubling up to 16 s
    options: dict[str, Any] = {"retry_total": 3, "retry_status": 3, "retry_backoff_factor": 1.0,
                               "retry_backoff_max": 16}
    options.update(client_options)
    client: SecretClientProtocol = SecretClient(vault_url, credential, **options)
    return client


class KeyVaultKeyProvider(AbstractKeyProvider):
    """Data keys in Key Vault: key id = the secret's name, key version = the secret's version."""

    setting = SETTING

    def __init__(
        self, client: SecretClientProtocol, secret_name: str, *, clock: Clock,
        refresh_after: timedelta = timedelta(minutes=5),
    ) -> None:
        super().__init__(clock=clock, refresh_after=refresh_after)
        if not KEY_ID.fullmatch(secret_name or ""):
            raise KeyConfigurationError(SETTING, "must be 1-127 letters, digits or '-' (a Key Vault secret name)")
        self._client = client
        self._name = secret_name

    @property
    def key_id(self) -> str:
        return self._name

    def _fetch_current_if_any(self) -> DataKey | None:
        try:
            secret = self._call(lambda: self._client.get_secret(self._name))
        except _NotFound:
            return None
        return self._key(secret)

    def _fetch_current(self) -> DataKey:
        key = self._fetch_current_if_any()
        if key is None:
            raise KeyConfigurationError(
                SETTING, f"secret {self._name!r} does not exist in the vault: run `pipster keys rotate` to create it")
        return key

    def _fetch_version(self, version: str) -> DataKey:
        try:
            return self._key(self._call(lambda: self._client.get_secret(self._name, version)))
        except _NotFound:
            raise UnknownKeyVersionError(SETTING, f"secret {self._name!r} has no version {version}") from None

    def _create_version(self, material: bytes) -> DataKey:
        value = base64.b64encode(material).decode("ascii")
        secret = self._call(lambda: self._client.set_secret(self._name, value, content_type=CONTENT_TYPE, tags=TAGS))
        return self._key(secret)

    def _list_versions(self) -> list[KeyVersionInfo]:
        try:
            items = self._call(lambda: list(self._client.list_properties_of_secret_versions(self._name)))
        except _NotFound:
            return []
        return [KeyVersionInfo(self._name, p.version, _aware(p.created_on), bool(p.enabled)) for p in items]

    def _key(self, secret: Any) -> DataKey:
        props = secret.properties
        try:
            material = base64.b64decode(secret.value or "", validate=True)
        except binascii.Error:
            raise KeyConfigurationError(
                SETTING, f"secret {self._name!r} version {props.version} is not base64 key material") from None
        return DataKey(self._name, props.version, _aware(props.created_on), material)

    def _call(self, operation: Any) -> Any:
        """Run one SDK call, translating its errors (status and service error code only: never a value)."""
        from azure.core.exceptions import (
            ClientAuthenticationError,
            HttpResponseError,
            ResourceNotFoundError,
            ServiceRequestError,
            ServiceResponseError,
        )

        try:
            return operation()
        except ResourceNotFoundError:
            raise _NotFound from None
        except ClientAuthenticationError as exc:
            raise KeyAccessDeniedError(SETTING, f"not authorised on the vault ({_code(exc)})") from exc
        except HttpResponseError as exc:
            status = exc.status_code or 0
            if status == 403:
                raise KeyAccessDeniedError(
                    SETTING, f"the identity may not use secret {self._name!r} ({_code(exc)})") from exc
            if status == 409:  # the name belongs to a soft-deleted secret: it cannot be set until recovered or purged
                raise KeyConfigurationError(
                    SETTING, f"secret {self._name!r} is deleted but recoverable in the vault: recover it "
                    "(az keyvault secret recover) or set another name") from exc
            if status == 429 or status >= 500:
                raise KeyStoreUnavailableError(SETTING, f"Key Vault answered {status} ({_code(exc)})") from exc
            raise KeyStoreError(SETTING, f"Key Vault answered {status} ({_code(exc)})") from exc
        except (ServiceRequestError, ServiceResponseError) as exc:
            raise KeyStoreUnavailableError(URL_SETTING, f"Key Vault unreachable ({type(exc).__name__})") from exc


class _NotFound(Exception):
    """Internal: the secret or version does not exist."""


def _code(exc: Any) -> str:
    error = getattr(exc, "error", None)
    return str(getattr(error, "code", None) or exc.status_code or type(exc).__name__)


def _aware(value: datetime | None) -> datetime:
    if value is None:
        return datetime.fromtimestamp(0, UTC)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
