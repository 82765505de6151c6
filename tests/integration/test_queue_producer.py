"""The queue producer on Azurite: base64 on the wire (what the trigger decodes), limits, failures surface."""

from __future__ import annotations

import base64

import pytest
from azure.storage.queue import QueueServiceClient

from shared.adapters.queues.storage_queue import StorageQueueProducer
from shared.ports.queues import MessageTooLargeError, QueueUnavailableError
from tests.support.services import Azurite


def test_messages_arrive_base64_encoded(azurite: Azurite) -> None:
    service = QueueServiceClient.from_connection_string(azurite.connection_string)
    producer = StorageQueueProducer(service)
    message_id = producer.send("producer-test", '{"content": "BUY GOLD ✅"}')
    (received,) = list(service.get_queue_client("producer-test").receive_messages())
    assert received.id == message_id
    assert base64.b64decode(received.content).decode() == '{"content": "BUY GOLD ✅"}'


def test_an_oversized_message_is_refused_before_sending(azurite: Azurite) -> None:
    producer = StorageQueueProducer(QueueServiceClient.from_connection_string(azurite.connection_string))
    with pytest.raises(MessageTooLargeError):
        producer.send("producer-test", "x" * 50_000)


def test_an_unreachable_account_raises_instead_of_dropping() -> None:
    from tests.support.services import free_port

    dead = ("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;"
            f"QueueEndpoint=http://127.0.0.1:{free_port()}/devstoreaccount1;")
    service = QueueServiceClient.from_connection_string(dead, retry_total=0)
    with pytest.raises(QueueUnavailableError):
        StorageQueueProducer(service).send("producer-test", "{}")
