"""What each console request does (console.py routes them; security.py has the checks). A
counsellor sees the queue (no text, no sender id) and reads and writes only the conversations
they took; every read and action goes to the audit log."""

from __future__ import annotations

import asyncio
import logging
import os
import time
import unicodedata
from typing import Any, Dict, List, Optional, Tuple

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons.handoff import conversation as conv
from addons.handoff.security import REPLY_LIMIT, address, db, error
from core.handoff.store import HandoffStore, store
from core.handoff.tables import Handoff, Session

logger = logging.getLogger(__name__)

MAX_REPLY = 2000
SWEEP_SECONDS = float(os.environ.get("HANDOFF_SWEEP_SECONDS", 10))
ENDINGS = {"handback": ("handed_back", "utter_handoff_handed_back"), "close": ("closed", "utter_handoff_closed")}


def clean_reply(text: Any) -> Optional[str]:
    """A counsellor's reply without control characters, 1 to MAX_REPLY characters; else None."""
    if not isinstance(text, str):
        return None
    text = unicodedata.normalize("NFC", text.encode("utf-8", "replace").decode("utf-8"))
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")).strip()
    return text if 0 < len(text) <= MAX_REPLY else None


def me_of(session: Session) -> Dict[str, Any]:
    c = session.counsellor
    return {"me": {"username": c.username, "name": c.name, "on_duty": c.on_duty}, "csrf": session.csrf}


class ConsoleApi:
    def __init__(self) -> None:
        self._store: Optional[HandoffStore] = None
        self._reads: Dict[Tuple[str, str], float] = {}

    @property
    def store(self) -> HandoffStore:
        if self._store is None:
            self._store = store()
        return self._store

    async def audit(self, who: str, action: str, handoff_id: Optional[str] = None,
                    request: Optional[Request] = None) -> None:
        await db(self.store.record, who, action, handoff_id, address(request) if request else None)

    # -- duty, the queue, a conversation ----------------------------------------------------------
    async def duty(self, request: Request, session: Session) -> HTTPResponse:
        on = bool(request.json.get("on"))
        await db(self.store.set_duty, session.counsellor.id, on)
        await self.audit(session.counsellor.username, "duty_on" if on else "duty_off", None, request)
        if not on:
            await self.sweep(request.app)
        return response.json({"on_duty": on})

    async def state(self, request: Request, session: Session) -> Dict[str, Any]:
        me, now = session.counsellor, time.time()
        if me.on_duty:
            await db(self.store.seen, me.id)
        queue: List[Handoff] = await db(self.store.queue)
        mine: List[Handoff] = await db(self.store.taken_by, me.id)
        await self._read_once(session, "read_queue", "", 300)
        out: Dict[str, Any] = {**me_of(session), "on_duty_count": await db(self.store.on_duty),
                               "queue": [h.public(now) for h in queue], "mine": [h.public(now) for h in mine]}
        open_id = request.args.get("open")
        if open_id:
            out["conversation"] = await self._conversation(request, session, open_id[:32], mine)
        return out

    async def _conversation(self, request: Request, session: Session, open_id: str,
                            mine: List[Handoff]) -> Dict[str, Any]:
        h = next((m for m in mine if m.id == open_id), None)
        if h is None:
            await self.audit(session.counsellor.username, "refused_read", open_id, request)
            ended = await db(self.store.get, open_id)
            mine_before = ended is not None and ended.counsellor_id == session.counsellor.id
            return {"id": open_id, "status": ended.status if mine_before else None,
                    "error": None if mine_before else "this conversation is not yours"}
        try:
            after = max(0, int(request.args.get("after") or 0))
        except ValueError:
            after = 0
        tracker = await conv.tracker_of(request.app, h.sender_id)
        if tracker is None:
            return {"messages": [], "count": 0, "paused": False, **h.public()}
        # not paused any more: the child restarted the conversation (/restart), so it has ended
        if not tracker.is_paused() and await db(self.store.end, h.id, "left", session.counsellor.id):
            await self.audit("child", "left", h.id)
        await self._read_once(session, "read", h.id, 0 if after == 0 else 300)
        return {"messages": conv.history(tracker, after), "count": conv.event_count(tracker),
                "paused": tracker.is_paused(), **h.public()}

    async def _read_once(self, session: Session, action: str, handoff_id: str, every: float) -> None:
        """Reads are audited once per `every` seconds per session (the console polls)."""
        key, now = (session.token_hash + action, handoff_id), time.monotonic()
        if every and now - self._reads.get(key, -1e9) < every:
            return
        self._reads[key] = now
        if len(self._reads) > 10000:
            self._reads.clear()
        await self.audit(session.counsellor.username, action, handoff_id or None)

    # -- take, reply, hand back, close ------------------------------------------------------------
    async def act(self, request: Request, session: Session, verb: str) -> HTTPResponse:
        handoff_id = request.json.get("id")
        ok_id = isinstance(handoff_id, str) and 0 < len(handoff_id) <= 32
        h: Optional[Handoff] = await db(self.store.get, handoff_id) if ok_id else None
        if h is None:
            return error(404, "no such conversation")
        me = session.counsellor
        if verb == "take":
            return await self._take(request, session, h)
        if h.status != "taken" or h.counsellor_id != me.id:  # another counsellor's, or not taken
            await self.audit(me.username, f"refused_{verb}", h.id, request)
            return error(403, "this conversation is not yours")
        if verb == "reply":
            text = clean_reply(request.json.get("text"))
            if text is None:
                return error(400, f"a reply is 1 to {MAX_REPLY} characters of text")
            if not REPLY_LIMIT.allow(session.token_hash):
                return error(429, "too many replies in a minute")
            await conv.person_says(request.app, h.sender_id, h.channel, me.name, text)
            await self.audit(me.username, "reply", h.id, request)
            return response.json({"ok": True})
        status, wording = ENDINGS[verb]
        if not await db(self.store.end, h.id, status, me.id):
            return error(409, "this conversation has already ended")
        await conv.say(request.app, h.sender_id, h.channel, wording, before=[conv.resume()], name=me.name)
        await self.audit(me.username, status, h.id, request)
        logger.info("Handoff %s %s by %s", h.id, status, me.username)
        return response.json({"ok": True, "status": status})

    async def _take(self, request: Request, session: Session, h: Handoff) -> HTTPResponse:
        me = session.counsellor
        if not await db(self.store.take, h.id, me.id):
            await self.audit(me.username, "refused_take", h.id, request)
            return error(409, "someone else has taken it, or it has ended")
        await conv.say(request.app, h.sender_id, h.channel, "utter_handoff_joined", before=[conv.pause()],
                       name=me.name)
        await self.audit(me.username, "take", h.id, request)
        logger.info("Handoff %s taken by %s", h.id, me.username)
        return response.json({"ok": True})

    # -- nobody on duty any more ------------------------------------------------------------------
    async def sweep(self, app: Sanic) -> int:
        """Children still waiting when nobody is on duty (the last went off, or their console went
        quiet) are told so, with the helplines; returns how many. Each is told once in a cluster
        (queued -> expired is one conditional UPDATE)."""
        if await db(self.store.on_duty) > 0:
            return 0
        told = 0
        for h in await db(self.store.queue):
            if not await db(self.store.end, h.id, "expired"):
                continue
            await self.audit("system", "expired", h.id)
            try:
                await conv.say(app, h.sender_id, h.channel, "utter_handoff_expired")
                await conv.say(app, h.sender_id, h.channel, "utter_crisis_talk")
                told += 1
            except Exception as e:
                logger.error("Handoff %s: cannot tell the child nobody is on duty (%s)", h.id, type(e).__name__)
        return told

    async def sweep_forever(self, app: Sanic) -> None:
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            try:
                await self.sweep(app)
            except asyncio.CancelledError:
                raise
            except Exception as e:
                logger.error("Handoff sweep failed (%s)", type(e).__name__)
