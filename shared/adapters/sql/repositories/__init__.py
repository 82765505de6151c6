"""SQLAlchemy Core implementations of the repository ports, one module per aggregate."""

from shared.adapters.sql.repositories.brokers import SqlBrokerConnectionRepository
from shared.adapters.sql.repositories.channels import SqlChannelConfigurationRepository
from shared.adapters.sql.repositories.tenants import SqlTenantRepository
from shared.adapters.sql.repositories.trading import SqlTradingConfigurationRepository

__all__ = [
    "SqlBrokerConnectionRepository",
    "SqlChannelConfigurationRepository",
    "SqlTenantRepository",
    "SqlTradingConfigurationRepository",
]
