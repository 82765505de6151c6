"""Errors of the secrets machinery. None of them ever carries plaintext, key material or a ciphertext.

Split the way Powertools' data-masking errors are (key problems apart from value problems), for
AES-GCM: a key store that cannot serve a key, a key that is wrong for its purpose, and an envelope
that cannot be opened.
"""

from __future__ import annotations


class SecretsError(Exception):
    """Base class for every encryption, decryption and key-store failure."""


class KeyStoreError(SecretsError):
    """The key store could not serve a key; ``setting`` names the setting that points at it."""

    def __init__(self, setting: str, reason: str) -> None:
        super().__init__(f"{setting}: {reason}")
        self.setting = setting
        self.reason = reason


class KeyStoreUnavailableError(KeyStoreError):
    """The key store is unreachable or throttling (transient: retry later)."""


class KeyAccessDeniedError(KeyStoreError):
    """The identity may not read or write the keys (401/403 from Key Vault)."""


class KeyConfigurationError(KeyStoreError):
    """The configured key store is unusable: missing key, wrong key length, unsafe file mode, bad file."""


class DecryptionError(SecretsError):
    """An envelope could not be opened; the plaintext is never returned in part."""


class MalformedEnvelopeError(DecryptionError):
    """The stored value is not a well-formed envelope of a supported format version (truncated, garbled)."""


class EnvelopeIntegrityError(DecryptionError):
    """Authentication failed: the envelope was altered, or the key or the context (tenant/entity/field) is wrong."""


class UnknownKeyVersionError(KeyStoreError, DecryptionError):
    """The envelope names a key id or version the key store does not have."""


class EncryptionError(SecretsError):
    """A value could not be sealed (bad context, or a plaintext of the wrong type)."""
