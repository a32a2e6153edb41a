"""Which tracker store insights read, and its events, one conversation at a time.

A store is named by an SQLAlchemy URL (``sqlite:///conversations.db``,
``postgresql://user@host/rasa``), an endpoints file (``endpoints.yml``: its SQL tracker_store,
as `make forget` reads it) or a SQLite file. Rasa's SQLTrackerStore keeps one row per event in
the table ``events`` (sender_id, type_name, timestamp, intent_name, action_name, data); only
the rows insights need are read (user and bot events, and actions other than action_listen),
without the JSON of the action rows, ordered by conversation, so memory stays small.
"""

from __future__ import annotations

import sqlite3
from itertools import groupby
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

from tools.retention import ROOT, database_url

Row = Tuple[str, Optional[float], Optional[str], Optional[str]]  # type_name, timestamp, action_name, data
SKIPPED_ACTIONS = ("action_listen", "action_session_start", "action_unlikely_intent")
QUERY = (
    "SELECT sender_id, type_name, timestamp, action_name, "
    "CASE WHEN type_name = 'action' THEN NULL ELSE data END "
    "FROM events WHERE type_name IN ('user', 'bot') OR (type_name = 'action' AND action_name NOT IN "
    "('action_listen', 'action_session_start', 'action_unlikely_intent')) ORDER BY sender_id, id"
)
BATCH = 20000


def store_url(store: Optional[str] = None) -> str:
    """The SQLAlchemy URL of `store` (a URL, an endpoints file or a SQLite file; default: the
    tracker store of the project's endpoints.yml)."""
    if not store:
        return database_url(ROOT / "endpoints.yml")
    if "://" in store:
        return store
    path = Path(store)
    if path.suffix in (".yml", ".yaml"):
        return database_url(path)
    if not path.exists():
        raise SystemExit(f"error: no tracker store at {path}")
    return f"sqlite:///{path.resolve()}"


def _sqlite_path(url: str) -> Optional[str]:
    return url[len("sqlite:///"):] if url.startswith("sqlite:///") else None


def _rows_sqlite(path: str) -> Iterator[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='events'").fetchone():
            return
        cursor = conn.execute(QUERY)
        while True:
            batch = cursor.fetchmany(BATCH)
            if not batch:
                return
            yield from batch
    finally:
        conn.close()


def _rows_sqlalchemy(url: str) -> Iterator[tuple]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("events"):
            return
        result = conn.execution_options(stream_results=True).execute(sa.text(QUERY))
        while True:
            batch = result.fetchmany(BATCH)
            if not batch:
                return
            yield from (tuple(row) for row in batch)


def rows(url: str) -> Iterator[tuple]:
    """(sender_id, type_name, timestamp, action_name, data) of the events insights read."""
    path = _sqlite_path(url)
    return _rows_sqlite(path) if path else _rows_sqlalchemy(url)


def conversations(url: str) -> Iterator[Tuple[str, List[Row]]]:
    """(sender_id, its rows in order) for every conversation of the store."""
    for sender, group in groupby(rows(url), key=lambda r: r[0]):
        yield sender, [r[1:] for r in group]
