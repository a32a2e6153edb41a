"""What the handoff keeps: counsellor accounts, console sessions, duty, the queue of
conversations that asked for a person (and who took them), and the audit log. No Rasa import:
both the action server (to tell a child who is on duty and queue them) and every Rasa instance
(the console, the guard) use it.

The database is HANDOFF_DB_URL (a SQLAlchemy URL); without it the production profile's
PostgreSQL when DB_HOST/DB_NAME/DB_USER/DB_PASSWORD are set (deploy/cluster.sh), else the SQLite
file handoff.db in the working directory. Every change that two instances could race on is one
conditional UPDATE (take, end, expire), so it happens once.

No message text is ever stored here: the conversation itself stays in Rasa's tracker store.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from typing import Any, Dict, List, Optional

import sqlalchemy as sa  # type: ignore[import-untyped]
from sqlalchemy.engine import Engine, make_url  # type: ignore[import-untyped]
from sqlalchemy.exc import SQLAlchemyError  # type: ignore[import-untyped]

from core.handoff import hours, passwords
from core.handoff.tables import (
    ACTIVE,
    DUTY_STALE,
    LOCKOUT_SECONDS,
    MAX_FAILURES,
    SESSION_IDLE,
    SESSION_MAX,
    Counsellor,
    Handoff,
    Session,
    audit,
    counsellors,
    database_url,
    handoffs,
    hash_token,
    meta,
    sessions,
)

logger = logging.getLogger(__name__)

class HandoffStore:
    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url or database_url()
        kwargs: Dict[str, Any] = {"future": True}
        if make_url(self.url).get_backend_name() == "sqlite":
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 15}
        else:
            kwargs.update(pool_pre_ping=True, pool_size=2, max_overflow=5)
        self.engine: Engine = sa.create_engine(self.url, **kwargs)
        self._create()

    def _create(self) -> None:
        for attempt in range(3):  # several instances starting at once may race on CREATE TABLE
            try:
                meta.create_all(self.engine, checkfirst=True)
                return
            except SQLAlchemyError:
                if attempt == 2:
                    raise
                time.sleep(0.5 + attempt)

    # -- accounts ---------------------------------------------------------------------------------
    def add_counsellor(self, username: str, name: str, password: str) -> int:
        problem = passwords.password_problem(password)
        if problem:
            raise ValueError(problem)
        if not username.strip() or not name.strip():
            raise ValueError("a username and a name are needed")
        with self.engine.begin() as c:
            r = c.execute(counsellors.insert().values(
                username=username.strip().lower(), name=name.strip()[:64], password_hash=passwords.hash_password(password),
                active=True, failures=0, locked_until=0.0, on_duty=False, seen_at=0.0, created_at=time.time()))
            return int(r.inserted_primary_key[0])

    def set_password(self, username: str, password: str) -> bool:
        problem = passwords.password_problem(password)
        if problem:
            raise ValueError(problem)
        with self.engine.begin() as c:
            r = c.execute(counsellors.update().where(counsellors.c.username == username.lower())
                          .values(password_hash=passwords.hash_password(password), failures=0, locked_until=0.0))
            c.execute(sessions.delete().where(sessions.c.counsellor_id.in_(
                sa.select(counsellors.c.id).where(counsellors.c.username == username.lower()))))
            return bool(r.rowcount)

    def set_active(self, username: str, active: bool) -> bool:
        with self.engine.begin() as c:
            r = c.execute(counsellors.update().where(counsellors.c.username == username.lower())
                          .values(active=active, on_duty=False if not active else counsellors.c.on_duty))
            if not active:
                c.execute(sessions.delete().where(sessions.c.counsellor_id.in_(
                    sa.select(counsellors.c.id).where(counsellors.c.username == username.lower()))))
            return bool(r.rowcount)

    def unlock(self, username: str) -> bool:
        with self.engine.begin() as c:
            r = c.execute(counsellors.update().where(counsellors.c.username == username.lower())
                          .values(failures=0, locked_until=0.0))
            return bool(r.rowcount)

    def list_counsellors(self) -> List[Dict[str, Any]]:
        with self.engine.connect() as c:
            rows = c.execute(sa.select(counsellors.c.username, counsellors.c.name, counsellors.c.active,
                                       counsellors.c.on_duty, counsellors.c.seen_at, counsellors.c.locked_until)
                             .order_by(counsellors.c.username)).mappings().all()
        return [dict(r) for r in rows]

    # -- sign in and sessions -----------------------------------------------------------------------
    def login(self, username: str, password: str) -> tuple[Optional[str], str]:
        """(session token, "ok") or (None, why: "bad" | "locked")."""
        now = time.time()
        with self.engine.connect() as c:
            row = c.execute(sa.select(counsellors).where(counsellors.c.username == username.strip().lower())
                            ).mappings().first()
        if row is None or not row["active"]:
            passwords.verify(None, password)  # the same time as a real check
            return None, "bad"
        if row["locked_until"] > now:
            return None, "locked"
        if not passwords.verify(row["password_hash"], password):
            failures = row["failures"] + 1
            locked = now + LOCKOUT_SECONDS if failures >= MAX_FAILURES else 0.0
            with self.engine.begin() as c:
                c.execute(counsellors.update().where(counsellors.c.id == row["id"])
                          .values(failures=0 if locked else failures, locked_until=locked))
            return None, "locked" if locked else "bad"
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as c:
            c.execute(counsellors.update().where(counsellors.c.id == row["id"]).values(failures=0, locked_until=0.0))
            c.execute(sessions.insert().values(token_hash=hash_token(token), counsellor_id=row["id"],
                                               csrf=secrets.token_urlsafe(32), created_at=now, seen_at=now))
            c.execute(sessions.delete().where(sessions.c.seen_at < now - SESSION_IDLE))
        return token, "ok"

    def session(self, token: Optional[str], touch: bool = True) -> Optional[Session]:
        """The live session of this cookie value, or None (unknown, idle too long, too old)."""
        if not token or len(token) > 200:
            return None
        now, h = time.time(), hash_token(token)
        with self.engine.connect() as c:
            row = c.execute(sa.select(sessions, counsellors.c.username, counsellors.c.name, counsellors.c.on_duty,
                                      counsellors.c.active)
                            .join(counsellors, counsellors.c.id == sessions.c.counsellor_id)
                            .where(sessions.c.token_hash == h)).mappings().first()
        if row is None:
            return None
        if not row["active"] or row["seen_at"] < now - SESSION_IDLE or row["created_at"] < now - SESSION_MAX:
            self.logout(token)
            return None
        if touch and now - row["seen_at"] > 5:
            with self.engine.begin() as c:
                c.execute(sessions.update().where(sessions.c.token_hash == h).values(seen_at=now))
        return Session(Counsellor(row["counsellor_id"], row["username"], row["name"], bool(row["on_duty"])),
                       row["csrf"], h)

    def logout(self, token: str) -> None:
        with self.engine.begin() as c:
            c.execute(sessions.delete().where(sessions.c.token_hash == hash_token(token)))

    # -- duty -------------------------------------------------------------------------------------
    def set_duty(self, counsellor_id: int, on: bool) -> None:
        with self.engine.begin() as c:
            c.execute(counsellors.update().where(counsellors.c.id == counsellor_id)
                      .values(on_duty=on, seen_at=time.time()))

    def seen(self, counsellor_id: int) -> None:
        with self.engine.begin() as c:
            c.execute(counsellors.update().where(counsellors.c.id == counsellor_id).values(seen_at=time.time()))

    def on_duty(self) -> int:
        """How many counsellors are on duty now: switched on, their console seen lately, in the hours."""
        if not hours.on_duty_hours():
            return 0
        with self.engine.connect() as c:
            return int(c.execute(sa.select(sa.func.count()).select_from(counsellors).where(
                counsellors.c.on_duty.is_(True), counsellors.c.active.is_(True),
                counsellors.c.seen_at > time.time() - DUTY_STALE)).scalar_one())

    # -- the queue --------------------------------------------------------------------------------
    @staticmethod
    def _handoff(row: Any) -> Handoff:
        return Handoff(**{k: row[k] for k in Handoff.__dataclass_fields__})

    def active_for(self, sender_id: str) -> Optional[Handoff]:
        with self.engine.connect() as c:
            row = c.execute(sa.select(handoffs).where(handoffs.c.sender_id == sender_id,
                                                      handoffs.c.status.in_(ACTIVE))
                            .order_by(handoffs.c.created_at.desc())).mappings().first()
        return self._handoff(row) if row else None

    def get(self, handoff_id: str) -> Optional[Handoff]:
        with self.engine.connect() as c:
            row = c.execute(sa.select(handoffs).where(handoffs.c.id == handoff_id)).mappings().first()
        return self._handoff(row) if row else None

    def enqueue(self, sender_id: str, channel: str, language: str, audience: str) -> Handoff:
        """The conversation's queued or taken handoff, a new queued one if it has none."""
        found = self.active_for(sender_id)
        if found:
            return found
        h = Handoff(id=secrets.token_hex(8), sender_id=sender_id, channel=channel[:32], language=language[:8],
                    audience=audience[:8], status="queued", counsellor_id=None, urgent=False, created_at=time.time(),
                    taken_at=None, ended_at=None)
        with self.engine.begin() as c:
            c.execute(handoffs.insert().values(**h.__dict__))
        self.record("child", "queued", h.id)
        return h

    def position(self, handoff: Handoff) -> int:
        """1 for the first in the queue."""
        with self.engine.connect() as c:
            return int(c.execute(sa.select(sa.func.count()).select_from(handoffs).where(
                handoffs.c.status == "queued", handoffs.c.created_at <= handoff.created_at)).scalar_one())

    def queue(self) -> List[Handoff]:
        with self.engine.connect() as c:
            rows = c.execute(sa.select(handoffs).where(handoffs.c.status == "queued")
                             .order_by(handoffs.c.urgent.desc(), handoffs.c.created_at)).mappings().all()
        return [self._handoff(r) for r in rows]

    def taken_by(self, counsellor_id: int) -> List[Handoff]:
        with self.engine.connect() as c:
            rows = c.execute(sa.select(handoffs).where(handoffs.c.status == "taken",
                                                       handoffs.c.counsellor_id == counsellor_id)
                             .order_by(handoffs.c.taken_at)).mappings().all()
        return [self._handoff(r) for r in rows]

    def take(self, handoff_id: str, counsellor_id: int) -> bool:
        """True when this counsellor got it (it was queued); False when someone else was faster."""
        with self.engine.begin() as c:
            r = c.execute(handoffs.update().where(handoffs.c.id == handoff_id, handoffs.c.status == "queued")
                          .values(status="taken", counsellor_id=counsellor_id, taken_at=time.time()))
            return bool(r.rowcount == 1)

    def end(self, handoff_id: str, status: str, counsellor_id: Optional[int] = None) -> bool:
        """Queued or taken (by `counsellor_id`, when given) -> `status`, once."""
        where = [handoffs.c.id == handoff_id, handoffs.c.status.in_(ACTIVE)]
        if counsellor_id is not None:
            where += [handoffs.c.status == "taken", handoffs.c.counsellor_id == counsellor_id]
        with self.engine.begin() as c:
            r = c.execute(handoffs.update().where(*where).values(status=status, ended_at=time.time()))
            return bool(r.rowcount == 1)

    def mark_urgent(self, sender_id: str) -> Optional[Handoff]:
        found = self.active_for(sender_id)
        if found:
            with self.engine.begin() as c:
                c.execute(handoffs.update().where(handoffs.c.id == found.id).values(urgent=True))
            found.urgent = True
        return found

    # -- audit ------------------------------------------------------------------------------------
    def record(self, who: str, action: str, handoff_id: Optional[str] = None, address: Optional[str] = None) -> None:
        """One line of the audit log: who did what to which handoff, when (never any text)."""
        try:
            with self.engine.begin() as c:
                c.execute(audit.insert().values(at=time.time(), who=who[:64], action=action[:32],
                                                handoff_id=handoff_id, address=(address or "")[:64] or None))
        except SQLAlchemyError as e:
            logger.error("Handoff audit log: cannot write (%s)", type(e).__name__)
        logger.info("handoff audit: %s %s %s", who, action, handoff_id or "-")

    def audit_log(self, limit: int = 200, handoff_id: Optional[str] = None) -> List[Dict[str, Any]]:
        q = sa.select(audit).order_by(audit.c.id.desc()).limit(limit)
        if handoff_id:
            q = q.where(audit.c.handoff_id == handoff_id)
        with self.engine.connect() as c:
            return [dict(r) for r in c.execute(q).mappings().all()]


_stores: Dict[str, HandoffStore] = {}
_lock = threading.Lock()


def store(url: Optional[str] = None) -> HandoffStore:
    """One store per database URL per process (made on first use, not at import)."""
    url = url or database_url()
    with _lock:
        if url not in _stores:
            _stores[url] = HandoffStore(url)
        return _stores[url]
