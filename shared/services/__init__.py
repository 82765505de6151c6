"""Use cases. They take ports as arguments, own transactions and, after each commit, cache invalidation."""
