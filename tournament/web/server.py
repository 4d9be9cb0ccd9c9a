"""The classroom's web server: uvicorn serving the application until Ctrl-C, with a
wrapper that ends the pages' live-update streams when it stops."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

__all__ = ["EndStreamsOnStop", "run_server"]


class EndStreamsOnStop:
    """ASGI wrapper: once the server begins to stop (Ctrl-C), the responses still waiting
    on their client (the pages' live-update streams) hear that the client left and are
    ended properly. The server then stops at once and quietly; uvicorn would otherwise
    cancel them after its grace period and log a traceback for each."""

    def __init__(self, app: Any, should_stop: Callable[[], bool]) -> None:
        self.app, self.should_stop = app, should_stop
        self.stopping: asyncio.Event | None = None
        self._watcher: asyncio.Task[None] | None = None

    async def _watch(self, stopping: asyncio.Event) -> None:
        while not self.should_stop():
            await asyncio.sleep(0.1)
        stopping.set()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.stopping is None:  # the first request: the event loop is running
            self.stopping = asyncio.Event()
            self._watcher = asyncio.get_running_loop().create_task(self._watch(self.stopping))
        stopping, sent = self.stopping, {"start": False, "end": False}

        async def receive_or_stop() -> Any:
            if stopping.is_set():
                return {"type": "http.disconnect"}
            message = asyncio.ensure_future(receive())
            stop = asyncio.ensure_future(stopping.wait())
            try:
                await asyncio.wait((message, stop), return_when=asyncio.FIRST_COMPLETED)
                return message.result() if message.done() else {"type": "http.disconnect"}
            finally:
                message.cancel()
                stop.cancel()

        async def watched_send(message: Any) -> None:
            if message["type"] == "http.response.start":
                sent["start"] = True
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                sent["end"] = True
            await send(message)

        await self.app(scope, receive_or_stop, watched_send)
        if stopping.is_set() and sent["start"] and not sent["end"]:
            await send({"type": "http.response.body", "body": b"", "more_body": False})


def run_server(app: Any, host: str, port: int) -> None:
    """Serve until Ctrl-C; open live-update streams are ended then (see
    :class:`EndStreamsOnStop`), other requests get a second to finish."""
    import uvicorn

    server: uvicorn.Server | None = None  # the wrapper asks it whether it is stopping
    config = uvicorn.Config(
        EndStreamsOnStop(app, lambda: server is not None and server.should_exit),
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=1,
        # Idle connections are kept longer than a phone waits between moves: closing one
        # just as the client reuses it fails that request (uvicorn's default is 5 s).
        timeout_keep_alive=120,
    )
    server = uvicorn.Server(config)
    server.run()
