"""A person's message reaches a child's socket on any Rasa instance: with Redis configured
(HANDOFF_REDIS_URL, else the production profile's REDIS_HOST / REDIS_PORT / REDIS_PASSWORD /
REDIS_DB), each message to a socket.io room is also published on one Redis channel; every
instance listens and emits it to that room locally (a room without a socket here: nothing
happens). Without Redis (the embedded default, one instance) only the local emit is made."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional

logger = logging.getLogger(__name__)

CHANNEL = "childsafety:handoff:socketio"
INSTANCE = uuid.uuid4().hex
Emit = Callable[[str, Dict[str, Any]], Awaitable[Any]]

_client: Any = None
_task: Optional[asyncio.Task[None]] = None


def redis_url() -> Optional[str]:
    url = os.environ.get("HANDOFF_REDIS_URL", "").strip()
    if url:
        return url
    host = os.environ.get("REDIS_HOST", "").strip()
    if not host:
        return None
    from urllib.parse import quote
    password = os.environ.get("REDIS_PASSWORD", "")
    auth = f":{quote(password, safe='')}@" if password else ""
    return f"redis://{auth}{host}:{os.environ.get('REDIS_PORT', '6379')}/{os.environ.get('REDIS_DB', '0')}"


def enabled() -> bool:
    return _client is not None


async def start(emit: Emit) -> None:
    """Listen for other instances' messages (once per process; nothing without Redis)."""
    global _client, _task
    url = redis_url()
    if not url or _task is not None:
        return
    import redis.asyncio as aioredis

    _client = aioredis.from_url(url)
    pubsub = _client.pubsub()
    await pubsub.subscribe(CHANNEL)

    async def listen() -> None:
        while True:
            try:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                if not message:
                    continue
                data = json.loads(message["data"])
                if data.get("origin") != INSTANCE:
                    await emit(str(data["room"]), dict(data["payload"]))
            except asyncio.CancelledError:
                raise
            except Exception as e:  # Redis away for a moment: keep listening
                logger.error("Handoff fan-out: %s", type(e).__name__)
                await asyncio.sleep(1.0)

    _task = asyncio.get_running_loop().create_task(listen())
    logger.info("Handoff fan-out through Redis: on")


async def stop() -> None:
    global _client, _task
    if _task is not None:
        _task.cancel()
        _task = None
    if _client is not None:
        await _client.close()
        _client = None


async def publish(room: str, payload: Dict[str, Any]) -> None:
    if _client is None:
        return
    try:
        await _client.publish(CHANNEL, json.dumps({"origin": INSTANCE, "room": room, "payload": payload}))
    except Exception as e:
        logger.error("Handoff fan-out: cannot publish (%s)", type(e).__name__)
