"""An in-memory Key Vault behind the real ``azure-keyvault-secrets`` SDK.

No Key Vault emulator runs on our machines, so the tests drive the real ``SecretClient`` (its
pipeline, challenge authentication, retry policy, paging and deserialisation) and replace only its
HTTP transport with ``FakeVaultTransport``, which answers the secrets REST API the way the service
does: ``PUT /secrets/{name}`` (a new version), ``GET /secrets/{name}/{version}`` (an empty version
= the latest), ``GET /secrets/{name}/versions`` (paged with ``nextLink``), the 401 challenge of an
unauthenticated request, and the service's error bodies for 404, 403 and 429 (with Retry-After).
``sleep`` records the waits the retry policy asks for instead of sleeping.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

from azure.core.credentials import AccessToken
from azure.core.pipeline.transport import HttpTransport
from azure.core.rest._http_response_impl import HttpResponseImpl
from azure.core.utils import case_insensitive_dict

VAULT_URL = "https://pipster-test.vault.azure.net"
TOKEN = "fake-access-token"
PAGE_SIZE = 25
_PATH = re.compile(r"^/secrets/(?P<name>[0-9A-Za-z-]+)(?:/(?P<rest>[^/]*))?/?$")


class FakeCredential:
    """A TokenCredential that hands out a fixed token (the real one would ask Entra ID)."""

    def __init__(self) -> None:
        self.calls = 0

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.calls += 1
        return AccessToken(TOKEN, 4_102_444_800)


@dataclass
class StoredVersion:
    version: str
    value: str
    created: int
    enabled: bool = True
    tags: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None


class _Response(HttpResponseImpl):
    """A complete response held in memory."""

    def __init__(self, request: Any, status: int, body: dict[str, Any] | None, headers: dict[str, str]) -> None:
        content = b"" if body is None else json.dumps(body).encode()
        all_headers = {"Content-Type": "application/json; charset=utf-8", "Content-Length": str(len(content))}
        all_headers.update(headers)
        super().__init__(
            request=request, internal_response=None, status_code=status, reason=_REASONS.get(status, "OK"),
            content_type=all_headers["Content-Type"], headers=case_insensitive_dict(all_headers),
            stream_download_generator=None,
        )
        self._content = content

    def close(self) -> None:
        self._is_closed = True


_REASONS = {200: "OK", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests",
            503: "Service Unavailable"}


class FakeVaultTransport(HttpTransport):  # type: ignore[type-arg]
    """The vault's secrets, versions and failure modes; every request is recorded in ``requests``."""

    def __init__(self, now: Any) -> None:
        self._now = now  # callable returning a unix timestamp: the tests' clock
        self.secrets: dict[str, list[StoredVersion]] = {}
        self.requests: list[tuple[str, str]] = []  # (method, path) of authorised requests
        self.sleeps: list[float] = []
        self.failures: list[tuple[int, dict[str, str]]] = []  # queued (status, headers) answers
        self.denied = False

    # transport plumbing
    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> FakeVaultTransport:
        return self

    def __exit__(self, *args: Any) -> None:
        pass

    def sleep(self, duration: float) -> None:
        self.sleeps.append(duration)

    # test controls
    def add_version(self, name: str, value: str, *, created: int | None = None, enabled: bool = True) -> str:
        version = uuid.uuid4().hex
        stamp = int(self._now()) if created is None else created
        self.secrets.setdefault(name, []).append(StoredVersion(version, value, stamp, enabled))
        return version

    def fail_next(self, status: int, times: int = 1, retry_after: str | None = None) -> None:
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        self.failures.extend([(status, headers)] * times)

    def counts(self) -> Counter[tuple[str, str]]:
        return Counter(self.requests)

    # the service
    def send(self, request: Any, **kwargs: Any) -> _Response:
        url = urlparse(request.url)
        if f"{url.scheme}://{url.netloc}" != VAULT_URL or "api-version" not in parse_qs(url.query):
            return _Response(request, 400, _error("BadParameter", "unknown vault or missing api-version"), {})
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            challenge = 'Bearer authorization="https://login.microsoftonline.com/tenant", resource="https://vault.azure.net"'
            return _Response(request, 401, _error("Unauthorized", "Request is missing a Bearer or PoP token."),
                             {"WWW-Authenticate": challenge})
        self.requests.append((request.method, url.path))
        if self.failures:
            status, headers = self.failures.pop(0)
            return _Response(request, status, _error(_CODES[status], "injected failure"), headers)
        if self.denied:
            return _Response(request, 403, _error("Forbidden", "The user does not have secrets get permission."), {})
        match = _PATH.match(url.path)
        if match is None:
            return _Response(request, 404, _error("NotFound", "no such operation"), {})
        name, rest = match["name"], match["rest"] or ""
        if request.method == "PUT" and not rest:
            return self._set(request, name)
        if request.method == "GET" and rest == "versions":
            return self._list(request, name, parse_qs(url.query))
        if request.method == "GET":
            return self._get(request, name, rest)
        return _Response(request, 405, _error("MethodNotAllowed", "not faked"), {})

    def _set(self, request: Any, name: str) -> _Response:
        body = json.loads(request.content if isinstance(request.content, bytes | str) else request.body)
        version = self.add_version(name, body["value"])
        stored = self.secrets[name][-1]
        stored.tags = body.get("tags") or {}
        stored.content_type = body.get("contentType")
        assert stored.version == version
        return _Response(request, 200, self._bundle(name, stored, with_value=True), {})

    def _get(self, request: Any, name: str, version: str) -> _Response:
        versions = self.secrets.get(name, [])
        found = versions[-1] if versions and not version else next((v for v in versions if v.version == version), None)
        if found is None:
            message = f"A secret with (name/id) {name}/{version} was not found in this key vault."
            return _Response(request, 404, _error("SecretNotFound", message), {})
        if not found.enabled:
            return _Response(request, 403, _error("Forbidden", "Operation get is not allowed on a disabled secret."),
                             {})
        return _Response(request, 200, self._bundle(name, found, with_value=True), {})

    def _list(self, request: Any, name: str, query: dict[str, list[str]]) -> _Response:
        if name not in self.secrets:
            return _Response(request, 404, _error("SecretNotFound", f"A secret with (name/id) {name} was not found."),
                             {})
        start = int(query.get("$skiptoken", ["0"])[0])
        page = self.secrets[name][start:start + PAGE_SIZE]
        following = start + PAGE_SIZE
        next_link = None
        if following < len(self.secrets[name]):
            api = query["api-version"][0]
            next_link = f"{VAULT_URL}/secrets/{name}/versions?api-version={api}&$skiptoken={following}"
        items = [self._bundle(name, v, with_value=False) for v in page]
        return _Response(request, 200, {"value": items, "nextLink": next_link}, {})

    @staticmethod
    def _bundle(name: str, stored: StoredVersion, *, with_value: bool) -> dict[str, Any]:
        bundle: dict[str, Any] = {
            "id": f"{VAULT_URL}/secrets/{name}/{stored.version}",
            "attributes": {"enabled": stored.enabled, "created": stored.created, "updated": stored.created,
                           "recoveryLevel": "Recoverable+Purgeable", "recoverableDays": 90},
            "tags": stored.tags,
        }
        if stored.content_type:
            bundle["contentType"] = stored.content_type
        if with_value:
            bundle["value"] = stored.value
        return bundle


_CODES = {403: "Forbidden", 404: "SecretNotFound", 409: "Conflict", 429: "Throttled", 500: "InternalServerError",
          503: "ServiceUnavailable"}


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}
