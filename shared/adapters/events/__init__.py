"""Event store adapters: Azure Tables (the embedded default, on Azurite) and Cosmos DB; the Blob cold archive."""
