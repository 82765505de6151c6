"""Use cases. They take ports as arguments, own transactions and (later) cache invalidation."""
