"""Each router's one service, as a typed FastAPI dependency (overridable by tests through ``app.state``).

The composition root is imported on the first request, not when the host indexes the app: indexing stays
fast and never touches a backend. Only this module knows the container; routes see their service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

if TYPE_CHECKING:
    from shared.bootstrap import Container
    from shared.services.audit_log import AuditLog
    from shared.services.auth import Authenticator
    from shared.services.brokers import BrokerService
    from shared.services.channels import ChannelService
    from shared.services.credentials import CredentialService
    from shared.services.event_queries import EventQueryService
    from shared.services.ingest import IngestService
    from shared.services.operations import OperationsService
    from shared.services.replay import ReplayService
    from shared.services.review import ReviewService
    from shared.services.sessions import SessionService
    from shared.services.stats import StatsService
    from shared.services.telegram_bots import TelegramBotService
    from shared.services.telegram_webhook import TelegramWebhookService
    from shared.services.tenants import TenantService
    from shared.services.trades import TradeService
    from shared.services.trading import TradingService


def _container(request: Request) -> Container:
    container: Container = request.app.state.container_provider()
    return container


def process_container() -> Container:
    from shared.bootstrap import get_container

    return get_container()


def tenant_service(request: Request) -> TenantService:
    return _container(request).tenants


def channel_service(request: Request) -> ChannelService:
    return _container(request).channels


def trading_service(request: Request) -> TradingService:
    return _container(request).trading


def trade_service(request: Request) -> TradeService:
    return _container(request).trades


def broker_service(request: Request) -> BrokerService:
    return _container(request).brokers


def credential_service(request: Request) -> CredentialService:
    return _container(request).credentials


def session_service(request: Request) -> SessionService:
    return _container(request).session_files


def event_query_service(request: Request) -> EventQueryService:
    return _container(request).event_queries


def ingest_service(request: Request) -> IngestService:
    return _container(request).ingest


def telegram_bot_service(request: Request) -> TelegramBotService:
    return _container(request).telegram_bots


def telegram_webhook_service(request: Request) -> TelegramWebhookService:
    return _container(request).telegram_webhook


def operations_service(request: Request) -> OperationsService:
    return _container(request).operations


def stats_service(request: Request) -> StatsService:
    return _container(request).stats


def replay_service(request: Request) -> ReplayService:
    return _container(request).replay


def review_service(request: Request) -> ReviewService:
    return _container(request).review


def authenticator(request: Request) -> Authenticator:
    return _container(request).authenticator


def audit_log(request: Request) -> AuditLog:
    """Not a route dependency: the audited route class records after the response is built."""
    return _container(request).audit_log


TenantServiceDep = Annotated["TenantService", Depends(tenant_service)]
ChannelServiceDep = Annotated["ChannelService", Depends(channel_service)]
TradingServiceDep = Annotated["TradingService", Depends(trading_service)]
TradeServiceDep = Annotated["TradeService", Depends(trade_service)]
BrokerServiceDep = Annotated["BrokerService", Depends(broker_service)]
CredentialServiceDep = Annotated["CredentialService", Depends(credential_service)]
SessionServiceDep = Annotated["SessionService", Depends(session_service)]
EventQueryServiceDep = Annotated["EventQueryService", Depends(event_query_service)]
IngestServiceDep = Annotated["IngestService", Depends(ingest_service)]
TelegramBotServiceDep = Annotated["TelegramBotService", Depends(telegram_bot_service)]
TelegramWebhookServiceDep = Annotated["TelegramWebhookService", Depends(telegram_webhook_service)]
OperationsServiceDep = Annotated["OperationsService", Depends(operations_service)]
StatsServiceDep = Annotated["StatsService", Depends(stats_service)]
ReplayServiceDep = Annotated["ReplayService", Depends(replay_service)]
ReviewServiceDep = Annotated["ReviewService", Depends(review_service)]
AuthenticatorDep = Annotated["Authenticator", Depends(authenticator)]
