"""Typed application settings.

Every setting is an environment variable (an app setting in Azure); the aliases below are the one
list of their names, and ``local.settings.example.json`` documents each of them. When a
``local.settings.json`` sits in the working directory its ``Values`` are read too, under the
environment, the way Core Tools' ``func start`` reads them.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

LOCAL_SETTINGS_FILE = "local.settings.json"
_RATE = r"^(\s*|\d{1,9}\s*/\s*(second|minute|hour|day)s?)$"
QUEUE_HOLD_SECONDS = 600  # the Functions host keeps a running queue message invisible this long
LOCAL_ENVIRONMENTS = frozenset({"local", "test", "development"})

# Maintenance timer schedules: six-field NCRONTAB (second minute hour day month day-of-week), UTC. The
# timer bindings read them as %NAME% app settings; these are the defaults the local host and infra use.
SCHEDULE_DEFAULTS = {
    "PIPSTER_SCHEDULE_TIERING": "0 30 2 * * *",
    "PIPSTER_SCHEDULE_TTL_CLEANUP": "0 15 * * * *",
    "PIPSTER_SCHEDULE_EVENTS_ARCHIVE": "0 0 3 * * *",
    "PIPSTER_SCHEDULE_KEY_ROTATION": "0 0 4 * * *",
    "PIPSTER_SCHEDULE_BACKUP": "0 5 * * * *",
    "PIPSTER_SCHEDULE_GDPR_PURGE": "0 30 4 * * *",
    "PIPSTER_SCHEDULE_TRADE_EXPIRY": "0 */5 * * * *",
    "PIPSTER_SCHEDULE_CACHE_REPAIR": "0 * * * * *",  # every minute: the cache's staleness bound (docs/cache.md)
    "PIPSTER_SCHEDULE_STATS_FOLD": "*/5 * * * * *",  # every 5 s: the statistics' lag (docs/statistics.md)
}


class _LocalSettingsJson(PydanticBaseSettingsSource):
    """Reads ``Values`` from ``local.settings.json`` (git-ignored), the Functions local convention."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path) -> None:
        super().__init__(settings_cls)
        self._values: dict[str, Any] = {}
        if path.is_file():
            self._values = dict(json.loads(path.read_text(encoding="utf-8")).get("Values", {}))

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:  # pragma: no cover - unused
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        by_alias: dict[str, Any] = {}
        for name, info in self.settings_cls.model_fields.items():
            alias = info.validation_alias if isinstance(info.validation_alias, str) else name
            if alias in self._values and self._values[alias] != "":
                by_alias[name] = self._values[alias]
        return by_alias


class Settings(BaseSettings):
    """Every setting the backbone reads. Handlers never read ``os.environ``; they get a ``Settings``."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    environment: str = Field("local", validation_alias="PIPSTER_ENVIRONMENT")
    data_dir: Path = Field(Path(".pipster"), validation_alias="PIPSTER_DATA_DIR")

    # Relational store
    sql_url: str = Field("", validation_alias="PIPSTER_SQL_URL")
    # Unset: sized from the worker's concurrency (``sql_pool``). Pool x instances must stay under the Azure SQL
    # tier's session limit (error 10928); cap the instances with functionAppScaleLimit or set these.
    sql_pool_size: int | None = Field(None, ge=1, le=100, validation_alias="PIPSTER_SQL_POOL_SIZE")
    sql_max_overflow: int | None = Field(None, ge=0, le=100, validation_alias="PIPSTER_SQL_MAX_OVERFLOW")
    sql_pool_timeout: float = Field(30.0, gt=0, le=300, validation_alias="PIPSTER_SQL_POOL_TIMEOUT")
    # The Python worker runs sync functions on this many threads (the Functions host's own setting).
    worker_threads: int | None = Field(None, ge=1, le=1000, validation_alias="PYTHON_THREADPOOL_THREAD_COUNT")
    sql_retry_attempts: int = Field(5, ge=1, le=20, validation_alias="PIPSTER_SQL_RETRY_ATTEMPTS")
    sql_retry_base_delay: float = Field(5.0, ge=0, le=60, validation_alias="PIPSTER_SQL_RETRY_BASE_DELAY")
    sql_retry_max_delay: float = Field(60.0, ge=0, le=600, validation_alias="PIPSTER_SQL_RETRY_MAX_DELAY")

    # Storage account (queues, blobs, tables). `AzureWebJobsStorage` is the Functions host's own setting;
    # PIPSTER_BLOB_* name another account for Pipster's data; an account URL means identity-based access.
    webjobs_storage: str = Field("UseDevelopmentStorage=true", validation_alias="AzureWebJobsStorage")
    # In Azure the host's storage is identity-based: only the account name is set, no connection string.
    webjobs_storage_account: str = Field("", validation_alias="AzureWebJobsStorage__accountName")
    blob_connection: str = Field("", validation_alias="PIPSTER_BLOB_CONNECTION")
    blob_account_url: str = Field("", validation_alias="PIPSTER_BLOB_ACCOUNT_URL")

    admin_key: SecretStr = Field(SecretStr(""), validation_alias="PIPSTER_ADMIN_KEY")
    # Requests per API key and per client address ("<count>/<second|minute|hour|day>"; empty: no limit).
    rate_limit_per_key: str = Field("600/minute", pattern=_RATE, validation_alias="PIPSTER_RATE_LIMIT_PER_KEY")
    rate_limit_per_address: str = Field("1200/minute", pattern=_RATE,
                                        validation_alias="PIPSTER_RATE_LIMIT_PER_ADDRESS")
    api_max_body_bytes: int = Field(1_048_576, ge=1024, le=268_435_456, validation_alias="PIPSTER_API_MAX_BODY_BYTES")
    appinsights_connection_string: SecretStr = Field(
        SecretStr(""), validation_alias="APPLICATIONINSIGHTS_CONNECTION_STRING"
    )
    backup_retention_days: int = Field(7, ge=1, le=35, validation_alias="PIPSTER_BACKUP_RETENTION_DAYS")
    # Data-encryption keys: a Key Vault secret's versions when a vault URL is set, else a local key-ring file.
    keyvault_url: str = Field("", validation_alias="PIPSTER_KEYVAULT_URL")
    key_secret_name: str = Field(
        "pipster-data-key", pattern=r"^[0-9A-Za-z-]{1,127}$", validation_alias="PIPSTER_KEY_SECRET_NAME"
    )
    key_file: str = Field("", validation_alias="PIPSTER_KEY_FILE")
    key_rotation_days: int = Field(90, ge=1, le=3650, validation_alias="PIPSTER_KEY_ROTATION_DAYS")
    key_refresh_seconds: int = Field(300, ge=1, le=86_400, validation_alias="PIPSTER_KEY_REFRESH_SECONDS")
    # Event store (audit trail): Azure Tables on the storage account above, or Cosmos DB (identity-based).
    events_backend: Literal["tables", "cosmos"] = Field("tables", validation_alias="PIPSTER_EVENTS_BACKEND")
    events_table: str = Field("events", pattern=r"^[A-Za-z][A-Za-z0-9]{2,62}$", validation_alias="PIPSTER_EVENTS_TABLE")
    cosmos_endpoint: str = Field("", validation_alias="PIPSTER_COSMOS_ENDPOINT")
    cosmos_database: str = Field("pipster", min_length=1, max_length=255, validation_alias="PIPSTER_COSMOS_DATABASE")
    cosmos_container: str = Field("events", min_length=1, max_length=255, validation_alias="PIPSTER_COSMOS_CONTAINER")
    cosmos_create: bool = Field(False, validation_alias="PIPSTER_COSMOS_CREATE")
    # Cache and idempotency. An empty Redis URL selects the in-process store (one worker process only).
    # The URL may hold the access key (rediss://:<key>@<name>.redis.cache.windows.net:6380/0): a secret.
    redis_url: SecretStr = Field(SecretStr(""), validation_alias="PIPSTER_REDIS_URL")
    redis_namespace: str = Field("", max_length=100, validation_alias="PIPSTER_REDIS_NAMESPACE")
    redis_timeout: float = Field(0.25, gt=0, le=10, validation_alias="PIPSTER_REDIS_TIMEOUT")
    redis_max_connections: int = Field(50, ge=1, le=1000, validation_alias="PIPSTER_REDIS_MAX_CONNECTIONS")
    redis_breaker_failures: int = Field(3, ge=1, le=100, validation_alias="PIPSTER_REDIS_BREAKER_FAILURES")
    redis_breaker_reset: float = Field(5.0, gt=0, le=600, validation_alias="PIPSTER_REDIS_BREAKER_RESET")
    # In-process copies of the configuration entries, kept true by Redis's invalidation messages (docs/cache.md).
    redis_near_cache: bool = Field(True, validation_alias="PIPSTER_REDIS_NEAR_CACHE")
    # Write-through plus the outbox keep entries fresh (docs/cache.md): the TTL only bounds memory.
    cache_ttl: int = Field(86_400, ge=1, le=7 * 86_400, validation_alias="PIPSTER_CACHE_TTL_SECONDS")
    cache_negative_ttl: int = Field(30, ge=1, le=3_600, validation_alias="PIPSTER_CACHE_NEGATIVE_TTL_SECONDS")
    idempotency_ttl: int = Field(86_400, ge=60, le=30 * 86_400, validation_alias="PIPSTER_IDEMPOTENCY_TTL_SECONDS")
    idempotency_lease: int = Field(300, ge=1, le=3_600, validation_alias="PIPSTER_IDEMPOTENCY_LEASE_SECONDS")
    # Telegram session files (container telegram-sessions): the largest session or zip accepted.
    session_max_bytes: int = Field(256 * 1024 * 1024, ge=1, validation_alias="PIPSTER_SESSION_MAX_BYTES")
    # Broker venues: which host each connector talks to is the operator's choice per venue and environment,
    # never a tenant's (a connection's metadata.environment picks practice/demo or live).
    oanda_practice_url: str = Field("https://api-fxpractice.oanda.com", validation_alias="PIPSTER_OANDA_PRACTICE_URL")
    oanda_live_url: str = Field("https://api-fxtrade.oanda.com", validation_alias="PIPSTER_OANDA_LIVE_URL")
    ig_demo_url: str = Field("https://demo-api.ig.com/gateway/deal", validation_alias="PIPSTER_IG_DEMO_URL")
    ig_live_url: str = Field("https://api.ig.com/gateway/deal", validation_alias="PIPSTER_IG_LIVE_URL")
    # CCXT practice connections: the exchange's testnet (ccxt sandbox mode) or its demo-trading environment.
    ccxt_practice_mode: Literal["testnet", "demo"] = Field("testnet", validation_alias="PIPSTER_CCXT_PRACTICE_MODE")
    # Empty: each exchange's own hosts. Set: every ccxt REST call goes to this origin (an egress proxy).
    ccxt_url_override: str = Field("", validation_alias="PIPSTER_CCXT_URL_OVERRIDE")
    broker_timeout: float = Field(10.0, gt=0, le=60, validation_alias="PIPSTER_BROKER_TIMEOUT_SECONDS")
    broker_retry_attempts: int = Field(3, ge=1, le=10, validation_alias="PIPSTER_BROKER_RETRY_ATTEMPTS")
    broker_retry_base_delay: float = Field(0.5, ge=0, le=10, validation_alias="PIPSTER_BROKER_RETRY_BASE_DELAY")
    broker_retry_max_delay: float = Field(5.0, ge=0, le=60, validation_alias="PIPSTER_BROKER_RETRY_MAX_DELAY")
    broker_instrument_cache: int = Field(86_400, ge=0, le=7 * 86_400,
                                         validation_alias="PIPSTER_BROKER_INSTRUMENT_CACHE_SECONDS")
    # Telegram intake: the Bot API host (an operator's choice, never a tenant's: tests point it at a fake),
    # the public https base URL Telegram posts webhooks to, and the session listener's lease on a session.
    telegram_api_url: str = Field("https://api.telegram.org", validation_alias="PIPSTER_TELEGRAM_API_URL")
    public_base_url: str = Field("", validation_alias="PIPSTER_PUBLIC_BASE_URL")
    listener_lease_seconds: int = Field(60, ge=15, le=60, validation_alias="PIPSTER_LISTENER_LEASE_SECONDS")

    @field_validator("environment")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.strip().lower()

    @field_validator("keyvault_url")
    @classmethod
    def _vault_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith("https://"):
            raise ValueError("must be an https:// vault URL, e.g. https://<vault>.vault.azure.net")
        return value

    @field_validator("oanda_practice_url", "oanda_live_url", "ig_demo_url", "ig_live_url", "ccxt_url_override")
    @classmethod
    def _venue_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s):// URL")
        return value

    @field_validator("telegram_api_url", "public_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s):// base URL")
        return value

    def require_deployable(self) -> None:
        """Outside local environments, refuse to start without the settings a deployed app cannot run
        without: ``RuntimeError`` naming each, raised while the host starts rather than on a first request."""
        if self.is_local:
            return
        missing = [name for name, value in (("PIPSTER_ADMIN_KEY", self.admin_key.get_secret_value()),
                                            ("PIPSTER_KEYVAULT_URL", self.keyvault_url)) if not value]
        if missing:
            raise RuntimeError(f"{', '.join(missing)} must be set outside local environments "
                               f"(PIPSTER_ENVIRONMENT={self.environment!r})")

    @property
    def key_file_path(self) -> Path:
        """The local key-ring file: PIPSTER_KEY_FILE, or ``keyring.json`` under the data dir."""
        return Path(self.key_file) if self.key_file else self.data_dir / "keyring.json"

    @model_validator(mode="after")
    def _lease_within_ttl(self) -> Settings:
        if self.idempotency_lease >= self.idempotency_ttl:
            raise ValueError("PIPSTER_IDEMPOTENCY_LEASE_SECONDS must be shorter than PIPSTER_IDEMPOTENCY_TTL_SECONDS")
        # A crashed run's message comes back after the host's hold; a claim still alive then turns every
        # redelivery into "in progress" until the dequeue count poisons a message nobody processed.
        if self.idempotency_lease >= QUEUE_HOLD_SECONDS:
            raise ValueError(f"PIPSTER_IDEMPOTENCY_LEASE_SECONDS must be shorter than the queue trigger's message "
                             f"hold ({QUEUE_HOLD_SECONDS} s)")
        return self

    @property
    def sql_pool(self) -> tuple[int, int]:
        """(pool size, max overflow): every thread that may run SQL at once gets a connection without waiting.

        A thread holds at most a transaction's connection and, briefly, a read's; the worker runs
        ``PYTHON_THREADPOOL_THREAD_COUNT`` threads (default ``min(32, cpus + 4)``, the thread pool's own).
        """
        threads = self.worker_threads or min(32, (os.cpu_count() or 1) + 4)
        size = self.sql_pool_size or max(5, threads)
        overflow = self.sql_max_overflow if self.sql_max_overflow is not None else max(10, threads)
        return size, overflow

    @property
    def is_local(self) -> bool:
        return self.environment in LOCAL_ENVIRONMENTS

    @property
    def database_url(self) -> str:
        """The configured SQLAlchemy URL, or the embedded default: a SQLite file under the data dir."""
        if self.sql_url:
            return self.sql_url
        return f"sqlite:///{(self.data_dir / 'pipster.db').as_posix()}"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _LocalSettingsJson(settings_cls, Path(LOCAL_SETTINGS_FILE)))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, resolved once (hosts reuse worker processes)."""
    return Settings()
