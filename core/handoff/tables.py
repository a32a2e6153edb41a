"""The tables of the handoff store and what a row becomes (store.py has the doc)."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from typing import Any, Dict, Optional

import sqlalchemy as sa  # type: ignore[import-untyped]

MAX_FAILURES = int(os.environ.get("HANDOFF_MAX_FAILURES", 5))
LOCKOUT_SECONDS = float(os.environ.get("HANDOFF_LOCKOUT_SECONDS", 15 * 60))
SESSION_IDLE = float(os.environ.get("HANDOFF_SESSION_IDLE", 30 * 60))
SESSION_MAX = float(os.environ.get("HANDOFF_SESSION_MAX", 12 * 3600))
DUTY_STALE = float(os.environ.get("HANDOFF_DUTY_STALE", 120))  # a console not seen for this long is off duty
ACTIVE = ("queued", "taken")

meta = sa.MetaData()
counsellors = sa.Table(
    "handoff_counsellors", meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(64), nullable=False),      # first name or role, shown to the child
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("failures", sa.Integer, nullable=False, default=0),
    sa.Column("locked_until", sa.Float, nullable=False, default=0.0),
    sa.Column("on_duty", sa.Boolean, nullable=False, default=False),
    sa.Column("seen_at", sa.Float, nullable=False, default=0.0),
    sa.Column("created_at", sa.Float, nullable=False),
)
sessions = sa.Table(
    "handoff_sessions", meta,
    sa.Column("token_hash", sa.String(64), primary_key=True),  # sha256 of the cookie; the cookie is never stored
    sa.Column("counsellor_id", sa.Integer, nullable=False, index=True),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("seen_at", sa.Float, nullable=False),
)
handoffs = sa.Table(
    "handoff_queue", meta,
    sa.Column("id", sa.String(32), primary_key=True),   # what the console sees: never the sender id
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("channel", sa.String(32), nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("audience", sa.String(8), nullable=False),
    sa.Column("status", sa.String(16), nullable=False, index=True),  # queued taken handed_back closed expired left
    sa.Column("counsellor_id", sa.Integer, nullable=True),
    sa.Column("urgent", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("taken_at", sa.Float, nullable=True),
    sa.Column("ended_at", sa.Float, nullable=True),
)
audit = sa.Table(
    "handoff_audit", meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.Float, nullable=False, index=True),
    sa.Column("who", sa.String(64), nullable=False),        # a username, or "child" / "system"
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("handoff_id", sa.String(32), nullable=True),
    sa.Column("address", sa.String(64), nullable=True),
)


@dataclass
class Counsellor:
    id: int
    username: str
    name: str
    on_duty: bool


@dataclass
class Session:
    counsellor: Counsellor
    csrf: str
    token_hash: str


@dataclass
class Handoff:
    id: str
    sender_id: str
    channel: str
    language: str
    audience: str
    status: str
    counsellor_id: Optional[int]
    urgent: bool
    created_at: float
    taken_at: Optional[float]
    ended_at: Optional[float]

    def public(self, now: Optional[float] = None) -> Dict[str, Any]:
        """What the console may show: no sender id."""
        now = now or time.time()
        return {"id": self.id, "status": self.status, "channel": self.channel, "language": self.language,
                "audience": self.audience, "urgent": self.urgent, "waiting_seconds": int(now - self.created_at),
                "taken_at": self.taken_at}


def database_url() -> str:
    url = os.environ.get("HANDOFF_DB_URL", "").strip()
    if url:
        return url
    env = {k: os.environ.get(k, "").strip() for k in ("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD")}
    if env["DB_HOST"] and env["DB_NAME"] and env["DB_USER"]:
        return str(sa.engine.URL.create("postgresql", username=env["DB_USER"], password=env["DB_PASSWORD"] or None,
                                        host=env["DB_HOST"], port=int(env["DB_PORT"] or 5432),
                                        database=env["DB_NAME"]))
    return "sqlite:///handoff.db"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


