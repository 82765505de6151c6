"""IG REST trading API: a small httpx client with IG's session tokens and the connector on top of it."""
