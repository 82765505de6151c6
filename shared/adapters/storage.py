"""Azure Storage clients (blob, queue, table) from settings, for every adapter on the storage account.

A connection string (Azurite's ``UseDevelopmentStorage=true`` included) or, in production, an account
URL with the app's managed identity. SDKs are imported here, lazily, so an app that does not use a
service never pays for importing its SDK.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shared.adapters.identity import azure_credential
from shared.settings import Settings

if TYPE_CHECKING:
    from azure.data.tables import TableServiceClient
    from azure.storage.blob import BlobServiceClient
    from azure.storage.queue import QueueServiceClient

# Azurite's documented development account; the key is public, not a secret.
_DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
DEVELOPMENT_STORAGE = (
    "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
    f"AccountKey={_DEV_KEY};"
    "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"
    "QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;"
    "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;"
)


def expand(connection: str) -> str:
    """``UseDevelopmentStorage=true`` is a Functions shorthand the Python SDKs do not all understand."""
    return DEVELOPMENT_STORAGE if connection.strip().lower() == "usedevelopmentstorage=true" else connection


# The SDKs' default retries wait 15 s, 30 s, 60 s (queues, blobs) or up to 120 s (tables) before giving up:
# a request handler or a queue worker would hang for minutes on an unreachable account. Three tries in
# a few seconds, then the caller's own policy (a 503, a queue retry, the worker's backoff) takes over.
_RETRY = {"initial_backoff": 1, "increment_base": 2, "retry_total": 2, "random_jitter_range": 1}
# A socket that connects to a restarting account, or reads from one that died mid-answer, must fail in
# seconds rather than hang a queue worker or a request for the transport's default minute.
_TIMEOUTS = {"connection_timeout": 5, "read_timeout": 30}
_TABLE_RETRY: dict[str, Any] = {"retry_total": 3, "retry_backoff_factor": 1.0, "retry_backoff_max": 5, **_TIMEOUTS}


def _storage_retry(module: Any) -> dict[str, Any]:
    return {"retry_policy": module.ExponentialRetry(**_RETRY), **_TIMEOUTS}


def _account_url(settings: Settings, service: str) -> str:
    """The account URL of ``service`` (blob/queue/table) from PIPSTER_BLOB_ACCOUNT_URL's blob endpoint."""
    url = settings.blob_account_url
    return url if service == "blob" else url.replace(".blob.", f".{service}.")


def data_connection(settings: Settings) -> str:
    """The connection string for Pipster's data: PIPSTER_BLOB_CONNECTION, else AzureWebJobsStorage."""
    return expand(settings.blob_connection or settings.webjobs_storage)


def blob_service(settings: Settings) -> BlobServiceClient:
    from azure.storage import blob
    from azure.storage.blob import BlobServiceClient

    if settings.blob_account_url:
        return BlobServiceClient(settings.blob_account_url, credential=azure_credential(), **_storage_retry(blob))
    return BlobServiceClient.from_connection_string(data_connection(settings), **_storage_retry(blob))


def table_service(settings: Settings) -> TableServiceClient:
    from azure.data.tables import TableServiceClient

    if settings.blob_account_url:
        return TableServiceClient(_account_url(settings, "table"), credential=azure_credential(), **_TABLE_RETRY)
    return TableServiceClient.from_connection_string(data_connection(settings), **_TABLE_RETRY)


def queue_service(settings: Settings) -> QueueServiceClient:
    """Queues live on the Functions host's own account, as the triggers read them: a connection string
    locally (``AzureWebJobsStorage``), the managed identity in Azure (``AzureWebJobsStorage__accountName``)."""
    return queue_service_for(settings.webjobs_storage, settings.webjobs_storage_account)


def queue_service_for(connection: str, account_name: str = "") -> QueueServiceClient:
    from azure.storage import queue
    from azure.storage.queue import QueueServiceClient

    if account_name:
        return QueueServiceClient(f"https://{account_name}.queue.core.windows.net", credential=azure_credential(),
                                  **_storage_retry(queue))
    return QueueServiceClient.from_connection_string(expand(connection), **_storage_retry(queue))
