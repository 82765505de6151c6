"""Key provider adapters: Azure Key Vault secrets (deployed) and a local key-ring file (local runs)."""
