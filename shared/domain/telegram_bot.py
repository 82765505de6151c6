"""A tenant's Telegram bot: the Bot API intake. The token is sealed; the webhook secret is only hashed.

The webhook secret is the ``secret_token`` Telegram echoes in ``X-Telegram-Bot-Api-Secret-Token`` on every
update. It exists in plaintext only on its way to Telegram (``setWebhook``): a new one is drawn each time the
webhook is set, and only its SHA-256 is stored, so neither a database dump nor a log can forge an update.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from shared.domain.errors import ValidationError

# <bot id>:<35 characters> as BotFather issues it; the id part is the bot's user id.
_TOKEN = re.compile(r"([0-9]{5,16}):[A-Za-z0-9_-]{30,64}")
# Telegram accepts 1-256 characters of A-Z, a-z, 0-9, '_' and '-' as a secret_token.
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ("message", "edited_message", "channel_post", "edited_channel_post")


def bot_id_of(token: object) -> int:
    """The bot's id from its token; ``ValidationError`` naming ``botToken`` when it is not a bot token."""
    match = _TOKEN.fullmatch(token) if isinstance(token, str) else None
    if match is None:
        raise ValidationError("botToken", "must be a bot token as BotFather gives it (<bot id>:<secret>)")
    return int(match.group(1))


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)  # 256 random bits in Telegram's secret_token alphabet


@dataclass
class TelegramBot:
    tenant_id: str
    bot_id: int
    encrypted_token: str = field(repr=False)
    created_at: datetime
    updated_at: datetime
    webhook_secret_hash: str | None = field(default=None, repr=False)
    webhook_set_at: datetime | None = None

    def accepts(self, presented: str | None) -> bool:
        """Constant-time check of the secret Telegram sent; False when no webhook was set yet."""
        expected = self.webhook_secret_hash or ""
        given = secret_hash(presented) if presented else ""
        # Compared whatever the inputs, so a missing header or webhook costs what a wrong one does.
        return hmac.compare_digest(given.encode(), expected.encode()) and bool(expected) and bool(presented)
