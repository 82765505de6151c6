"""Broker connectors. The paper broker ships built in; real brokers plug in through the factory."""
