"""Typed application settings.

Every setting is an environment variable (an app setting in Azure); the aliases below are the one
list of their names, and ``local.settings.example.json`` documents each of them. When a
``local.settings.json`` sits in the working directory its ``Values`` are read too, under the
environment, the way Core Tools' ``func start`` reads them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

LOCAL_SETTINGS_FILE = "local.settings.json"
LOCAL_ENVIRONMENTS = frozenset({"local", "test", "development"})


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
    sql_pool_size: int = Field(5, ge=1, le=100, validation_alias="PIPSTER_SQL_POOL_SIZE")
    sql_max_overflow: int = Field(10, ge=0, le=100, validation_alias="PIPSTER_SQL_MAX_OVERFLOW")
    sql_retry_attempts: int = Field(5, ge=1, le=20, validation_alias="PIPSTER_SQL_RETRY_ATTEMPTS")
    sql_retry_base_delay: float = Field(5.0, ge=0, le=60, validation_alias="PIPSTER_SQL_RETRY_BASE_DELAY")
    sql_retry_max_delay: float = Field(60.0, ge=0, le=600, validation_alias="PIPSTER_SQL_RETRY_MAX_DELAY")

    # Storage account (queues, blobs, tables). `AzureWebJobsStorage` is the Functions host's own setting;
    # PIPSTER_BLOB_* name another account for Pipster's data; an account URL means identity-based access.
    webjobs_storage: str = Field("UseDevelopmentStorage=true", validation_alias="AzureWebJobsStorage")
    blob_connection: str = Field("", validation_alias="PIPSTER_BLOB_CONNECTION")
    blob_account_url: str = Field("", validation_alias="PIPSTER_BLOB_ACCOUNT_URL")

    # Telegram session files (container telegram-sessions): the largest session or zip accepted.
    session_max_bytes: int = Field(256 * 1024 * 1024, ge=1, validation_alias="PIPSTER_SESSION_MAX_BYTES")

    @field_validator("environment")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.strip().lower()

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
