"""A Rasa instance behind a balancer stops without failing a message sent to it as it stops.

Sanic stops on SIGTERM by closing its listening socket, finishing the requests in progress and
closing the connections that carry none. A request that reaches the instance in that moment
(the balancer had already connected, or the connection was still in the kernel's queue) is
closed without an answer, and HAProxy gives the user a 502: it cannot know whether the turn was
stored, so it does not resend it (seen once in CI: `test_sigterm_to_an_instance_under_load...`).

With DRAIN_SECONDS > 0 (the cluster profile sets it, deploy/cluster.sh), SIGTERM first drains:
for that many seconds the instance goes on serving the requests it has, and answers every new
one, the health check `GET /` included, with a 503 before Rasa sees it, so nothing of it is
stored. "The requests it has" are those on the connections open when the signal came, read or
not yet read: a client that had sent its message gets the answer (CI once saw 6 of 20 messages
sent straight to a stopping instance refused because Rasa had not yet read them); a connection
opened after the signal is new. Every answer given while draining closes its connection, so a
balancer's kept-alive connection carries no further request. HAProxy resends a 503 to another
instance (`retry-on conn-failure 503`) and marks this one DOWN after its failed health checks;
then Sanic's own graceful stop runs. A second SIGTERM
(or SIGINT) during the drain stops at once. DRAIN_SECONDS=0, the default, leaves Sanic's stop
as it is (one instance and no balancer: there is no one to hand the messages to).
Installed by every channel (addons/channels/guard.py); tests/unit/addons/test_drain.py,
tests/cluster/test_cluster_faults.py.
"""

from __future__ import annotations

import logging
import os
import signal
from typing import Any, Optional, Set

from sanic import Blueprint, response

logger = logging.getLogger(__name__)

REFUSAL = {"error": "this server is stopping: send the message again (another server will answer)"}


def drain_seconds(environ: Any = os.environ) -> float:
    """DRAIN_SECONDS from the environment; 0 (off) when unset, negative or not a number."""
    try:
        return max(0.0, float(environ.get("DRAIN_SECONDS", "0")))
    except ValueError:
        return 0.0


class Drain:
    """The drain of one server: `begin` on the first SIGTERM, `refusal` for each new request."""

    def __init__(self, seconds: float, stop: Any, loop: Any) -> None:
        self.seconds, self._stop, self._loop = seconds, stop, loop
        self.draining = False
        self._timer: Optional[Any] = None
        self._connections: Optional[Set[Any]] = None  # the server's open connections (Sanic's set)
        self._before: Set[Any] = set()  # those open when the signal came

    def begin(self) -> None:
        if self.draining:  # a second signal: stop now
            logger.info("Second stop signal: stopping now")
            if self._timer is not None:
                self._timer.cancel()
            self._stop()
            return
        self.draining = True
        self._before = set(self._connections or ())
        logger.info("Stop signal: refusing new requests for %.1f s, then stopping", self.seconds)
        self._timer = self._loop.call_later(self.seconds, self._stop)

    def refusal(self, request: Any) -> Optional[response.HTTPResponse]:
        """The 503 for a request on a connection opened after the signal; None otherwise."""
        connection = getattr(request, "protocol", None)
        if not self.draining:
            if self._connections is None:  # Sanic keeps one set of open connections per server
                self._connections = getattr(connection, "connections", None)
            return None
        if connection is not None and connection in self._before:
            return None
        return response.json(REFUSAL, status=503, headers={"Retry-After": "1"})

    def closing(self, request: Any, _response: Any) -> None:
        """While draining, the connection closes after its answer (no request reuses it)."""
        if self.draining and getattr(request, "stream", None) is not None:
            request.stream.keep_alive = False


def install(bp: Blueprint) -> None:
    """Once per server (several channels call it): when DRAIN_SECONDS > 0, SIGTERM drains."""

    @bp.listener("after_server_start")
    async def start_drain(app: Any, loop: Any) -> None:
        seconds = drain_seconds()
        if seconds <= 0 or getattr(app.ctx, "drain", None) is not None:
            return
        drain = app.ctx.drain = Drain(seconds, app.stop, loop)
        app.register_middleware(drain.refusal, "request")
        app.register_middleware(drain.closing, "response")
        for sig in (signal.SIGTERM, signal.SIGINT):  # replaces Sanic's app.stop
            loop.add_signal_handler(sig, drain.begin)
