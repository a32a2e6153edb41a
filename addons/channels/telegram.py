"""Rasa's own Telegram channel (rasa/core/channels/telegram.py, aiogram 2.15), guarded like the
web channels (guard.py), with a webhook safe to expose. docs/telegram.md: setup, and why each
choice. credentials.yml, with no secret: ``addons.channels.telegram.TelegramInput:``; from the
environment: TELEGRAM_TOKEN, TELEGRAM_SECRET_TOKEN (required), TELEGRAM_BOT_NAME,
TELEGRAM_WEBHOOK_URL, TELEGRAM_API_URL (a local Bot API server, e.g. tools/fake_telegram.py).

Unlike Rasa's: an update without the secret header gets 403; getMe runs once, not per update;
the webhook is set with the secret once the server runs, in Sanic's loop (not asyncio.run());
language_code is the language hint until the conversation has a language; buttons are an inline
keyboard whose press comes back as the payload, an answer gets 👍 👎 (telegram_feedback.py); text
is plain, split at paragraphs only over 4096 characters; non-text gets a notice; groups get only "write to me in private".
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import re
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.exceptions import TelegramAPIError, ValidationError
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput
from rasa.core.channels.telegram import TelegramOutput as RasaTelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons.channels.guard import Guarded, conversation_language
from addons.channels.telegram_feedback import FeedbackOutput
from core import detect
from core.knowledge.store import knowledge
from core.notices import notice

logger = logging.getLogger(__name__)
Handler = Callable[[UserMessage], Awaitable[Any]]

ENV = {"token": "TELEGRAM_TOKEN", "secret": "TELEGRAM_SECRET_TOKEN", "bot_name": "TELEGRAM_BOT_NAME",
       "webhook_url": "TELEGRAM_WEBHOOK_URL", "api_url": "TELEGRAM_API_URL"}
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
LIMIT, CALLBACK_BYTES = 4096, 64  # characters of a message (UTF-16 units, as Telegram counts); bytes of callback_data
COMMANDS = ("start", "help")
LANG_COMMANDS = ("lang", "language")
_COMMAND = re.compile(r"^/(\w+)(?:@(\w+))?(?:\s+(.*))?$", re.DOTALL)
_SECRET = re.compile(r"^[A-Za-z0-9_-]{16,256}$")
_PARAMETER = re.compile(r"^[A-Za-z0-9_-]{0,64}$")
# service messages a private chat can have (a pinned message, the auto-delete timer...): no reply
SERVICE = frozenset({"pinned_message", "message_auto_delete_timer_changed", "write_access_allowed",
                     "connected_website", "successful_payment", "users_shared", "chat_shared"})
# Until knowledge/knowledge.yml has the notices `private_chat_only` and `private_chat_button`.
PRIVATE_ONLY = {
    "en": "I answer only in a private chat, so that others in this group do not see what you write to me. Tap my name to write to me there.",
    "ru": "Я отвечаю только в личном чате, чтобы другие участники группы не видели, что ты мне пишешь. Нажми на мое имя, чтобы написать мне там.",
    "kk": "Мен тек жеке чатта жауап беремін, сонда топтағы басқалар маған не жазғаныңды көрмейді. Маған сол жерде жазу үшін менің атымды бас.",
}
PRIVATE_BUTTON = {"en": "Write to me privately", "ru": "Написать мне лично", "kk": "Маған жеке жазу"}


def telegram_language(code: Any) -> Optional[str]:
    """en, ru or kk for a Telegram language_code ("ru", "en-US", "kk"); None for any other."""
    lang = code.replace("_", "-").split("-")[0].lower() if isinstance(code, str) else None
    return lang if lang in detect.LANGUAGES else None


def secret_ok(given: Any, secret: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode(), secret.encode())


def units(text: str) -> int:  # the length of `text` as Telegram counts it: UTF-16 units, an emoji is 2
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = LIMIT) -> List[str]:
    """`text` in messages of at most `limit`: cut at the last paragraph that fits, else line,
    else sentence, else word, else anywhere."""
    parts, text = [], (text or "").strip()
    while units(text) > limit:
        window = text[:limit]
        while units(window) > limit:
            window = window[:-1]
        cut = next((window.rfind(sep) + len(sep) for sep in ("\n\n", "\n", ". ", " ")
                    if window.rfind(sep) > 0), len(window))
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return parts + ([text] if text else [])


def command_text(text: str) -> str:
    """The text Rasa gets for a message that is a "/command" (see the module's docstring)."""
    if not text.lstrip().startswith("/"):
        return text
    m = _COMMAND.match(text.strip())
    if m is None:
        return text.lstrip().lstrip("/")
    name, rest = m.group(1).lower(), (m.group(3) or "").strip()
    if name in COMMANDS:  # "/start" and a deep-link parameter, or words written after the command
        return f"/{name}" if _PARAMETER.match(rest) else rest
    if name in LANG_COMMANDS and rest.isalpha():
        return f"/{name} {rest}"
    return f"{m.group(1)} {rest}".strip()


def addressed(msg: Dict[str, Any], bot_name: Optional[str], bot_id: int) -> bool:
    """Whether a group message is for this bot: a command (to it or to no bot in particular),
    an @mention of it, a reply to one of its messages, or the bot being added."""
    text, name = str(msg.get("text") or msg.get("caption") or ""), (bot_name or "").lower()
    m = _COMMAND.match(text.strip())
    if m:
        return (m.group(2) or "").lower() == name if m.group(2) else m.group(1).lower() in COMMANDS + LANG_COMMANDS
    replied = (msg.get("reply_to_message") or {}).get("from") or {}
    joined = [u.get("id") for u in msg.get("new_chat_members") or [] if isinstance(u, dict)]
    return bool(name and f"@{name}" in text.lower()) or replied.get("id") == bot_id or bot_id in joined


def fixed_notice(notice_id: str, lang: str, built_in: Dict[str, str]) -> str:
    """Notice `notice_id` of the knowledge file if it has one, else the built-in text."""
    with contextlib.suppress(Exception):  # e.g. no knowledge file: the built-in text
        return notice(notice_id, lang) if notice_id in knowledge().notices else built_in[lang]
    return built_in[lang]


class TelegramOutput(FeedbackOutput, RasaTelegramOutput):
    """Rasa's Telegram output (an aiogram Bot): long texts split, buttons and 👍 👎 as an inline keyboard."""

    MAX_KEYS = 10000

    def __init__(self, access_token: Text, api_url: Optional[Text] = None) -> None:
        server = TelegramAPIServer.from_base(api_url) if api_url else TELEGRAM_PRODUCTION
        super(RasaTelegramOutput, self).__init__(access_token, timeout=30, server=server)  # aiogram's Bot
        self._payloads: OrderedDict[str, str] = OrderedDict()

    def callback_data(self, payload: str) -> str:
        if len(("t:" + payload).encode()) <= CALLBACK_BYTES:
            return "t:" + payload
        key = "k:" + hashlib.blake2s(payload.encode(), digest_size=12).hexdigest()
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        if len(self._payloads) > self.MAX_KEYS:
            self._payloads.popitem(last=False)
        return key

    def payload_of(self, data: str, markup: Any = None) -> str:
        """The text a button press stands for; `markup` is the keyboard it was pressed on."""
        if data.startswith("t:"):
            return data[2:]
        if not data.startswith("k:"):
            return data
        if data in self._payloads:
            return self._payloads[data]
        rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
        titles = [b.get("text") for row in rows or [] for b in row if b.get("callback_data") == data]
        return str(titles[0]) if titles else ""

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.send_text_with_buttons(recipient_id, text, [])

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     button_type: Optional[Text] = None, **kwargs: Any) -> None:
        markup = InlineKeyboardMarkup()
        for b in buttons:
            title = str(b.get("title") or b.get("payload") or "")
            if b.get("url"):
                markup.row(InlineKeyboardButton(title, url=str(b["url"])))
            elif title and b.get("payload"):
                markup.row(InlineKeyboardButton(title, callback_data=self.callback_data(str(b["payload"]))))
        parts, keyboard = split_message(text), self.feedback_markup(markup if markup.inline_keyboard else None)
        for i, part in enumerate(parts):  # the keyboard goes with the last part
            await self.send_message(recipient_id, part, reply_markup=keyboard if i == len(parts) - 1 else None)


class TelegramWebhook(RasaTelegramInput):
    """Rasa's Telegram input with its webhook replaced; TelegramInput adds the guard."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> TelegramWebhook:
        if credentials and set(credentials) & {"access_token", "verify", "token", "secret_token"}:
            raise RasaException("Telegram: the token and secret come from the environment (TELEGRAM_TOKEN, "
                                "TELEGRAM_SECRET_TOKEN), not the credentials file: take them out of it")
        env = {key: os.environ.get(var, "").strip() for key, var in ENV.items()}
        missing = [ENV[key] for key in ("token", "secret") if not env[key]]
        if missing:
            raise RasaException(f"Telegram: {' and '.join(missing)} not set in the environment (docs/telegram.md)")
        if not _SECRET.match(env["secret"]):
            raise RasaException("Telegram: TELEGRAM_SECRET_TOKEN must be 16 to 256 of A-Z a-z 0-9 _ - "
                                "(e.g. `openssl rand -hex 32`)")
        try:
            return cls(env["token"], env["secret"], env["bot_name"].lstrip("@") or None,
                       env["webhook_url"] or None, env["api_url"] or None)
        except ValidationError:
            raise RasaException("Telegram: TELEGRAM_TOKEN is not a bot token (123456:ABC... from @BotFather)") from None

    def __init__(self, access_token: Text, secret: Text, bot_name: Optional[Text] = None,
                 webhook_url: Optional[Text] = None, api_url: Optional[Text] = None) -> None:
        super().__init__(access_token, bot_name, webhook_url, debug_mode=False)
        self.secret, self.api_url = secret, api_url
        self.out = TelegramOutput(access_token, api_url)

    def get_output_channel(self) -> TelegramOutput:
        return self.out

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        bp = Blueprint("telegram_webhook", __name__)

        @bp.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not secret_ok(request.headers.get(SECRET_HEADER), self.secret):
                logger.warning("Telegram webhook: refused a request without the right secret token")
                return response.json({"error": "forbidden"}, status=403)
            update = request.json if request.body else None  # malformed JSON: Sanic answers 400
            if not isinstance(update, dict):
                return response.json({"error": "the body must be a Telegram Update (a JSON object)"}, status=400)
            try:  # never a 500: Telegram would deliver the update again and again
                await self.handle_update(update, on_new_message)
            except TelegramAPIError as e:  # e.g. "Forbidden: bot was blocked by the user"
                logger.warning("Telegram update %s: a reply was refused: %s", update.get("update_id"), e)
            except Exception:
                logger.exception("Telegram update %s failed", update.get("update_id"))
            return response.text("ok")

        bp.listener("after_server_start")(lambda _app, _loop: self.start())
        bp.listener("after_server_stop")(lambda _app, _loop: self.out.session.close())  # the Bot's aiohttp session
        return bp

    async def start(self) -> None:
        """Once, in the server's loop: check the token (getMe), set the webhook with the secret."""
        try:
            me = await self.out.get_me()
            if self.verify and (me.username or "").lower() != self.verify.lower():
                logger.warning("Telegram: TELEGRAM_BOT_NAME is %s, but the token is @%s's", self.verify, me.username)
            self.verify = self.verify or me.username
            if not self.webhook_url:
                logger.info("Telegram: TELEGRAM_WEBHOOK_URL not set; the webhook is left as it is")
                return
            await self.out.request("setWebhook", {"url": self.webhook_url, "secret_token": self.secret,
                                                  "allowed_updates": json.dumps(ALLOWED_UPDATES)})
            logger.info("Telegram: webhook set to %s", self.webhook_url)
        except Exception as e:  # the rest of the server keeps working
            logger.error("Telegram: start-up failed, check TELEGRAM_TOKEN and TELEGRAM_WEBHOOK_URL: %s", e)

    async def handle_update(self, update: Dict[str, Any], on_new_message: Handler) -> None:
        """What one Telegram update gets (the module's docstring says why)."""
        if isinstance(update.get("callback_query"), dict):
            return await self._button(update["callback_query"], on_new_message)
        edited = "message" not in update
        msg = update.get("message") or update.get("edited_message")
        if not isinstance(msg, dict) or not isinstance(msg.get("chat"), dict):
            logger.debug("Telegram update ignored: %s", sorted(update))
            return None
        user = msg["from"] if isinstance(msg.get("from"), dict) else {}
        chat_id, kind, lang = msg["chat"].get("id"), msg["chat"].get("type"), telegram_language(user.get("language_code"))
        if user.get("is_bot") or not isinstance(chat_id, int):
            return None
        if kind != "private":
            if kind in ("group", "supergroup") and not edited and addressed(msg, self.verify, self.out.id):
                await self._private_only(chat_id, lang)
            return None
        text = msg.get("text") if isinstance(msg.get("text"), str) else msg.get("caption")
        if isinstance(text, str):
            return await self._user_message(chat_id, command_text(text), lang, on_new_message)
        if not edited and not SERVICE & set(msg):
            language = detect.reply_language(await conversation_language(str(chat_id)), lang)
            await self.out.send_text_message(str(chat_id), notice("not_text", language))
        return None

    async def _button(self, query: Dict[str, Any], on_new_message: Handler) -> None:
        with contextlib.suppress(TelegramAPIError):  # stops the button's spinner; no harm if it fails
            await self.out.answer_callback_query(str(query.get("id")))
        msg = query["message"] if isinstance(query.get("message"), dict) else {}
        chat = msg["chat"] if isinstance(msg.get("chat"), dict) else {}
        user, data = query["from"] if isinstance(query.get("from"), dict) else {}, query.get("data")
        if chat.get("type") != "private" or not isinstance(chat.get("id"), int) or not isinstance(data, str):
            return
        text = await self.out.pressed(chat["id"], msg, self.out.payload_of(data, msg.get("reply_markup")), command_text)
        if text is not None:  # None: feedback on an earlier answer (its row is taken off)
            await self._user_message(chat["id"], text, telegram_language(user.get("language_code")), on_new_message)

    async def _user_message(self, chat_id: int, text: str, lang: Optional[str], on_new_message: Handler) -> None:
        hint = lang if lang and await conversation_language(str(chat_id)) is None else None
        await on_new_message(UserMessage(text, self.out, str(chat_id), input_channel=self.name(),
                                         metadata={"language": hint} if hint else None))

    async def _private_only(self, chat_id: int, lang: Optional[str]) -> None:
        lang = detect.reply_language(lang)
        button = InlineKeyboardButton(fixed_notice("private_chat_button", lang, PRIVATE_BUTTON),
                                      url=f"https://t.me/{self.verify}")  # a link to the private chat
        await self.out.send_message(chat_id, fixed_notice("private_chat_only", lang, PRIVATE_ONLY),
                                    reply_markup=InlineKeyboardMarkup().row(button) if self.verify else None)


class TelegramInput(Guarded, TelegramWebhook):
    """The Telegram channel: the guard (guard.py) around TelegramWebhook."""
