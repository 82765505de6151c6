"""Cache and idempotency adapters: Redis (``redis`` client) and an in-process TTL store with the same semantics."""
