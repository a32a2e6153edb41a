"""Feedback in Telegram (addons/channels/feedback.py): an answer from the knowledge file gets an
inline row "👍 👎" under its last part (never a crisis reply, never any other reply); a press
sends the feedback payload, as the widget does, and takes the row off that message.

A Telegram message keeps its buttons, so a press could come long after the answer; feedback is
about the bot message just before it, so a press is passed on only while that answer is still
the conversation's latest bot message with no user message since (read from the tracker
store); otherwise the row is just removed.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any, Callable, Dict, List, Optional, Text

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.exceptions import TelegramAPIError

from addons.channels.feedback import PAYLOADS, feedback_value, marks

logger = logging.getLogger(__name__)
LABELS = {"up": "👍", "down": "👎"}
CALLBACKS = {"t:" + payload for payload in PAYLOADS.values()}  # TelegramOutput.callback_data's short form


async def answer_is_latest(sender_id: Text) -> bool:
    """Whether the latest message of the conversation (user or bot) is an answer one may rate,
    read from the tracker store of the running Rasa server; True when there is no server
    (unit tests), False when the look-up fails."""
    try:
        from sanic import Sanic

        agent = Sanic.get_app().ctx.agent
    except Exception:
        return True
    try:
        tracker = await agent.tracker_store.retrieve(sender_id)
        for event in reversed(list(tracker.events) if tracker else []):
            if getattr(event, "type_name", None) == "user":
                return False
            if getattr(event, "type_name", None) == "bot":
                return "answer" in marks(dict(event.metadata or {}))
    except Exception:
        logger.exception("Telegram feedback: the conversation could not be read")
    return False


def without_feedback(markup: Any) -> Optional[Dict[str, Any]]:
    """An inline keyboard (as Telegram sends it back) without the feedback row; None if empty."""
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    kept: List[Any] = [row for row in rows or [] if not any(
        isinstance(b, dict) and b.get("callback_data") in CALLBACKS for b in row)]
    return {"inline_keyboard": kept} if kept else None


class FeedbackOutput:
    """Mixin for the Telegram output, before the aiogram Bot: while an answer is sent,
    `feedback_markup` adds the 👍 👎 row to the keyboard of its last part."""

    _rate = False

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self._rate = "answer" in marks(message)  # before Rasa's send_response pops it apart
        try:
            await super().send_response(recipient_id, message)  # type: ignore[misc]
        finally:
            self._rate = False

    def feedback_markup(self, markup: Optional[InlineKeyboardMarkup]) -> Optional[InlineKeyboardMarkup]:
        if not self._rate:
            return markup
        markup = markup or InlineKeyboardMarkup()
        markup.row(*(InlineKeyboardButton(LABELS[v], callback_data="t:" + p) for v, p in PAYLOADS.items()))
        return markup

    async def pressed(self, chat_id: int, message: Dict[str, Any], payload: str,
                      as_text: Callable[[str], str]) -> Optional[str]:
        """What a button press on `message` sends: `as_text(payload)` for a quick reply; for 👍 or
        👎 the row comes off the message, and the payload is sent only when the press is about
        the conversation's latest answer (else None)."""
        if not feedback_value(payload):
            return as_text(payload)
        if message.get("message_id") is not None:
            with contextlib.suppress(TelegramAPIError):
                await self.edit_message_reply_markup(  # type: ignore[attr-defined]
                    chat_id, message["message_id"], reply_markup=without_feedback(message.get("reply_markup")))
        return PAYLOADS[feedback_value(payload)] if await answer_is_latest(str(chat_id)) else None
