"""Rasa 3.6's Redis lock store, made safe for several Rasa instances.

Rasa Open Source 3.6's ``RedisLockStore`` changes a conversation's lock with a separate GET and
SET (issuing a ticket) and GET, SET, GET, DEL (returning one). Two instances that receive a
message of the same idle conversation at the same moment can therefore both read "no lock",
both write a lock holding ticket 0, and both go ahead; the SQL tracker store then keeps the
events of whichever saves first and silently drops the other turn (its reply was sent, its
events are not stored). Measured on this project with ``type: redis``: 2 simultaneous messages of
one new conversation, one to each of 2 instances, lost one turn in 5 of 20 tries (docs/deploy.md).
Rasa documents its Pro-only ``ConcurrentRedisLockStore`` as the lock store that is "safe for use
with multiple Rasa server replicas".

This subclass keeps the same Redis keys, lock format, configuration keys and ticket algorithm,
and does every read-modify-write of a lock in one Redis transaction (WATCH/MULTI/EXEC, retried
when another instance changed the lock in between). A lock whose last ticket is returned is
deleted in the same transaction, and each lock key expires with its last ticket, so a lock
left by an instance that died goes away by itself after TICKET_LOCK_LIFETIME seconds.

endpoints.yml::

    lock_store:
      type: addons.lock_store.AtomicRedisLockStore
      url: ${REDIS_HOST}
      port: ${REDIS_PORT}
      password: ${REDIS_PASSWORD}
      db: ${REDIS_DB}
      key_prefix: childsafety
"""

from __future__ import annotations

import json
import time
from typing import Any, Callable, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig


class AtomicRedisLockStore(RedisLockStore):
    """``RedisLockStore`` whose ticket operations are atomic across processes."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        # Rasa builds a lock store named by module path as cls(endpoint_config=...).
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _change(self, conversation_id: Text, change: Callable[[TicketLock], Any]) -> Any:
        """Apply `change` to the stored lock (a new one if none) in one transaction; store the
        result, or delete the lock when it has no live tickets left. Returns what `change` did."""
        key = self.key_prefix + conversation_id
        result: list = []

        def transaction(pipe: Any) -> None:
            raw = pipe.get(key)  # WATCHed: EXEC fails if another client changes the key
            lock = TicketLock.from_dict(json.loads(raw)) if raw else self.create_lock(conversation_id)
            value = change(lock)
            lock.remove_expired_tickets()
            pipe.multi()
            if lock.tickets:
                ttl_ms = max(1, int((max(t.expires for t in lock.tickets) - time.time()) * 1000) + 1000)
                pipe.set(key, lock.dumps(), px=ttl_ms)
            else:
                pipe.delete(key)
            result[:] = [value]

        self.red.transaction(transaction, key)
        return result[0]

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except Exception as e:
            raise LockError(f"Error while acquiring lock. Error:\n{e}") from e

    def update_lock(self, conversation_id: Text) -> None:
        if self.get_lock(conversation_id) is not None:
            self._change(conversation_id, lambda lock: lock.remove_expired_tickets())

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        # finish_serving already deletes the lock when no one else holds a ticket, atomically;
        # the parent's separate "is someone waiting? then delete" could delete a new ticket.
        self.finish_serving(conversation_id, ticket_number)
