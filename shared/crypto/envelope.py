"""AES-256-GCM envelopes: the only form in which a tenant secret reaches a store.

Format (format version 1), one ASCII line, five fields separated by ``:``::

    penv1:<key id>:<key version>:<nonce>:<ciphertext+tag>

- ``penv1``: the format tag; a later format gets a new tag, and an unknown tag is refused.
- ``<key id>``: which key (the Key Vault secret name, or ``local`` for the key-ring file).
- ``<key version>``: which version of it (the Key Vault secret version, or the ring entry's id), so
  envelopes sealed before a rotation stay readable.
- ``<nonce>``: 12 random bytes (96 bits, fresh from the OS for every encryption), base64url, no padding.
- ``<ciphertext+tag>``: the AES-GCM output with its 16-byte tag, base64url, no padding.

The associated data (authenticated, not stored) binds an envelope to where it belongs: the format
tag, key id and version, tenant id, entity (table), field (column) and row id, each prefixed by
its length (``5:penv15:local32:<version>...``). An envelope copied to another tenant, column or
row fails to open. A 32-character Telegram API hash
under a Key Vault key (a 32-hex version) makes a ``121 + len(secret name)``-character envelope
(``pipster-data-key``: 137; the local ring's ``local``: 126), inside ``Tenants.TelegramApiHash``
VARCHAR(255) for any secret name Key Vault allows (at most 127 characters: 248).
"""

from __future__ import annotations

import base64
import os
import re
from collections import Counter
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shared.crypto.errors import EncryptionError, EnvelopeIntegrityError, MalformedEnvelopeError
from shared.crypto.keys import KEY_ID, KEY_VERSION, AbstractKeyProvider, DataKey

FORMAT = "penv1"
NONCE_BYTES = 12
TAG_BYTES = 16
_B64URL = re.compile(r"[A-Za-z0-9_-]+")
_NONCE_CHARS = 16  # 12 bytes in base64url: exactly 16 characters, no padding
_SEALED_MIN_CHARS = 22  # the 16-byte tag alone
_ENVELOPE = re.compile(
    rf"{FORMAT}:(?P<key_id>{KEY_ID.pattern}):(?P<version>{KEY_VERSION.pattern})"
    rf":(?P<nonce>[A-Za-z0-9_-]{{{_NONCE_CHARS}}}):(?P<sealed>[A-Za-z0-9_-]{{{_SEALED_MIN_CHARS},}})"
)
_FORMAT_TAG = re.compile(r"penv[0-9]+")


@dataclass(frozen=True, slots=True)
class EnvelopeContext:
    """Where a secret lives: the associated data its envelope is bound to."""

    tenant_id: str
    entity: str
    field: str
    row_id: str = ""

    def __post_init__(self) -> None:
        for name in ("tenant_id", "entity", "field"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise EncryptionError(f"envelope context: {name} is required")
        if not isinstance(self.row_id, str):
            raise EncryptionError("envelope context: row_id must be a string")

    def associated_data(self, key_id: str, version: str) -> bytes:
        # Each part prefixed by its length: no two different contexts encode alike, whatever they contain.
        parts = (FORMAT, key_id, version, self.tenant_id, self.entity, self.field, self.row_id)
        return "".join([f"{len(part)}:{part}" for part in parts]).encode("utf-8")

    def describe(self) -> str:
        row = f" row {self.row_id}" if self.row_id else ""
        return f"{self.entity}.{self.field}{row} of tenant {self.tenant_id}"


@dataclass(frozen=True, slots=True)
class ParsedEnvelope:
    """An envelope's parts. Nothing here is secret, but none of it is ever logged either."""

    key_id: str
    key_version: str
    nonce: bytes
    sealed: bytes


def key_prefix(key_id: str, version: str) -> str:
    """Every envelope sealed under this key version starts with this text (used to find the others)."""
    return f"{FORMAT}:{key_id}:{version}:"


def parse(envelope: object) -> ParsedEnvelope:
    """Split an envelope into its parts, or raise ``MalformedEnvelopeError`` saying what is wrong with it."""
    match = _ENVELOPE.fullmatch(envelope) if isinstance(envelope, str) else None
    if match is None or not _canonical(match["sealed"]):
        raise MalformedEnvelopeError(_diagnose(envelope))
    sealed = match["sealed"]
    return ParsedEnvelope(
        match["key_id"], match["version"], base64.urlsafe_b64decode(match["nonce"]),
        base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4)),
    )


def _canonical(text: str) -> bool:
    """Whether base64url text without padding is the one spelling of its bytes (unused low bits zero)."""
    rest = len(text) % 4
    return rest == 0 or (rest == 2 and text[-1] in "AQgw") or (rest == 3 and text[-1] in "AEIMQUYcgkosw048")


def _diagnose(envelope: object) -> str:
    """Why ``envelope`` is not a valid one: only ever called on the failure path."""
    if not isinstance(envelope, str) or not envelope:
        return "not an envelope: empty or not text"
    parts = envelope.split(":")
    if not _FORMAT_TAG.fullmatch(parts[0]):
        return "not an envelope: no format tag"
    if parts[0] != FORMAT:
        return f"unsupported envelope format {parts[0]!r} (this code reads {FORMAT!r})"
    if len(parts) != 5:
        return f"malformed envelope: {len(parts)} fields instead of 5 (truncated?)"
    _, key_id, version, nonce, sealed = parts
    if not KEY_ID.fullmatch(key_id) or not KEY_VERSION.fullmatch(version):
        return "malformed envelope: bad key id or key version"
    for what, text in (("nonce", nonce), ("ciphertext", sealed)):
        if not _B64URL.fullmatch(text) or not _canonical(text):
            return f"malformed envelope: {what} is not canonical base64url"
    if len(nonce) != _NONCE_CHARS:
        return f"malformed envelope: nonce is not {NONCE_BYTES} bytes"
    return "malformed envelope: ciphertext shorter than its tag (truncated?)"


class EnvelopeCipher:
    """Seals and opens envelopes with the keys of a ``AbstractKeyProvider``."""

    def __init__(self, keys: AbstractKeyProvider) -> None:
        self.keys = keys
        self._aead: dict[tuple[str, str], AESGCM] = {}
        # Encryptions per key version in this process: random 96-bit nonces stay safe up to 2**32 per key
        # (NIST SP 800-38D); rotation every 90 days keeps every version far below that.
        self.encryptions: Counter[tuple[str, str]] = Counter()

    def encrypt(self, plaintext: str | bytes, context: EnvelopeContext, *, key: DataKey | None = None) -> str:
        """Seal ``plaintext`` for ``context`` under ``key`` (default: the current key version)."""
        if isinstance(plaintext, str):
            plaintext = plaintext.encode("utf-8")
        if not isinstance(plaintext, bytes):
            raise EncryptionError("only text or bytes can be encrypted")
        if not isinstance(context, EnvelopeContext):
            raise EncryptionError("an EnvelopeContext is required")
        key = key or self.keys.current()
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._cipher(key).encrypt(nonce, plaintext, context.associated_data(key.key_id, key.version))
        self.encryptions[(key.key_id, key.version)] += 1
        return key_prefix(key.key_id, key.version) + _b64encode(nonce) + ":" + _b64encode(sealed)

    def decrypt(self, envelope: str, context: EnvelopeContext) -> bytes:
        """Open an envelope sealed for ``context``; a ``DecryptionError`` subclass on any failure."""
        parsed = parse(envelope)
        key = self.keys.get(key_id=parsed.key_id, version=parsed.key_version)
        try:
            return self._cipher(key).decrypt(
                parsed.nonce, parsed.sealed, context.associated_data(parsed.key_id, parsed.key_version))
        except InvalidTag:
            raise EnvelopeIntegrityError(
                f"cannot decrypt {context.describe()}: integrity check failed (the envelope was altered, or was "
                "sealed with another key or for another tenant, entity, field or row)") from None

    def decrypt_text(self, envelope: str, context: EnvelopeContext) -> str:
        plaintext = self.decrypt(envelope, context)
        try:
            return plaintext.decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedEnvelopeError(f"{context.describe()} does not hold UTF-8 text") from None

    def reencrypt(self, envelope: str, context: EnvelopeContext, *, key: DataKey) -> str | None:
        """The envelope re-sealed under ``key``, or None when it already is under that key version."""
        parsed = parse(envelope)
        if (parsed.key_id, parsed.key_version) == (key.key_id, key.version):
            return None
        return self.encrypt(self.decrypt(envelope, context), context, key=key)

    def _cipher(self, key: DataKey) -> AESGCM:
        cached = self._aead.get((key.key_id, key.version))
        if cached is None:
            cached = self._aead[(key.key_id, key.version)] = AESGCM(key.material)
        return cached


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
