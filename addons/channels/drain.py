"""A Rasa instance behind a balancer stops without failing a message sent to it as it stops.

Sanic stops on SIGTERM by closing its listening socket, finishing the requests in progress and
closing the connections that carry none. A request that reaches the instance in that moment
(the balancer had already connected, or the connection was still in the kernel's queue) is
closed without an answer, and HAProxy gives the user a 502: it cannot know whether the turn was
stored, so it does not resend it (seen once in CI: `test_sigterm_to_an_instance_under_load...`).

With DRAIN_SECONDS > 0 (the cluster profile sets it, deploy/cluster.sh), SIGTERM first drains:
for that many seconds the instance goes on serving the requests it has, and answers every new
one, the health check `GET /` included, with a 503 before Rasa sees it, so nothing of it is
stored. HAProxy resends a 503 to another instance (`retry-on conn-failure 503`) and marks this
one DOWN after its failed health checks; then Sanic's own graceful stop runs. A second SIGTERM
(or SIGINT) during the drain stops at once. DRAIN_SECONDS=0, the default, leaves Sanic's stop
as it is (one instance and no balancer: there is no one to hand the messages to).
Installed by every channel (addons/channels/guard.py); tests/unit/addons/test_drain.py,
tests/cluster/test_cluster_faults.py.
"""

from __future__ import annotations

import logging
import os
import signal
from typing import Any, Optional

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

    def begin(self) -> None:
        if self.draining:  # a second signal: stop now
            logger.info("Second stop signal: stopping now")
            if self._timer is not None:
                self._timer.cancel()
            self._stop()
            return
        self.draining = True
        logger.info("Stop signal: refusing new requests for %.1f s, then stopping", self.seconds)
        self._timer = self._loop.call_later(self.seconds, self._stop)

    def refusal(self, request: Any) -> Optional[response.HTTPResponse]:
        """The 503 for a request that arrives while draining; None otherwise."""
        if not self.draining:
            return None
        return response.json(REFUSAL, status=503, headers={"Retry-After": "1"})


def install(bp: Blueprint) -> None:
    """Once per server (several channels call it): when DRAIN_SECONDS > 0, SIGTERM drains."""

    @bp.listener("after_server_start")
    async def start_drain(app: Any, loop: Any) -> None:
        seconds = drain_seconds()
        if seconds <= 0 or getattr(app.ctx, "drain", None) is not None:
            return
        drain = app.ctx.drain = Drain(seconds, app.stop, loop)
        app.register_middleware(drain.refusal, "request")
        for sig in (signal.SIGTERM, signal.SIGINT):  # replaces Sanic's app.stop
            loop.add_signal_handler(sig, drain.begin)
