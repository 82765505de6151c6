"""Azure Blob Storage adapters (Telegram session files)."""
