"""The HTTP app built on its first call, once, even when first calls race (the host may use several threads)."""

from __future__ import annotations

import asyncio
import threading
import time

from starlette.types import Message, Receive, Scope, Send

from functions.lazy_http import LazyAsgiApp


class _Recorded:
    def __init__(self) -> None:
        self.calls: list[Scope] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls.append(scope)
        await send({"type": "done", "path": scope.get("path")})


def test_nothing_is_built_until_the_first_call_and_then_every_call_reaches_the_one_app() -> None:
    built: list[_Recorded] = []

    def build() -> _Recorded:
        built.append(_Recorded())
        return built[-1]

    lazy = LazyAsgiApp(build)
    assert built == []
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "http.request"}

    async def two_calls() -> None:
        await lazy({"type": "http", "path": "/a"}, receive, send)
        await lazy({"type": "http", "path": "/b"}, receive, send)

    asyncio.run(two_calls())
    assert len(built) == 1 and [c["path"] for c in built[0].calls] == ["/a", "/b"]
    assert sent == [{"type": "done", "path": "/a"}, {"type": "done", "path": "/b"}]


def test_racing_first_calls_build_it_once() -> None:
    builds: list[int] = []

    def slow_build() -> _Recorded:
        builds.append(1)
        time.sleep(0.05)  # wide enough for every thread to arrive while the first build runs
        return _Recorded()

    lazy = LazyAsgiApp(slow_build)
    apps: list[object] = []
    threads = [threading.Thread(target=lambda: apps.append(lazy.app)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1 and len({id(app) for app in apps}) == 1
