"""Delete stored conversations: those idle for more than N days, or one sender's.

    .venv/bin/python tools/retention.py --older-than-days 30      (default: RETENTION_DAYS or 30)
    .venv/bin/python tools/retention.py --sender SENDER_ID
    add --dry-run to count without deleting; --endpoints FILE for another tracker store

It reads the tracker store from endpoints.yml (SQLite by default; PostgreSQL works the same)
and deletes whole conversations: a sender whose newest event is older than the cut-off loses
all its events, so no half-conversations are left. Prints what it deleted.

What insights keep goes the same way (tools/insights/keep.py): the review queue's messages and
the exported candidates older than the cut-off, or the sender's, are dropped from review/
(--review FOLDER for another; the insights report holds counts only and is kept).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Optional

import sqlalchemy as sa
import yaml

ROOT = Path(__file__).resolve().parent.parent


def database_url(endpoints: Path) -> str:
    config = yaml.safe_load(os.path.expandvars(endpoints.read_text(encoding="utf-8"))) or {}
    store = config.get("tracker_store") or {}
    if str(store.get("type", "")).upper() != "SQL":
        raise SystemExit(f"error: {endpoints} has no SQL tracker_store; nothing is stored to delete")
    dialect = store.get("dialect", "sqlite")
    db = store.get("db", "rasa.db")
    if dialect == "sqlite":
        path = Path(db)
        return f"sqlite:///{path if path.is_absolute() else endpoints.parent / path}"
    return str(sa.engine.URL.create(dialect, username=store.get("username"), password=store.get("password"),
                                    host=store.get("url"), port=store.get("port"), database=db))


def delete(url: str, older_than_days: Optional[float] = None, sender: Optional[str] = None,
           dry_run: bool = False, now: Optional[float] = None) -> dict:
    """Delete conversations; returns {"senders": n, "events": n}."""
    engine = sa.create_engine(url)
    events = sa.table("events", sa.column("sender_id"), sa.column("timestamp"))
    with engine.begin() as conn:
        if not sa.inspect(conn).has_table("events"):
            return {"senders": 0, "events": 0}
        if sender is not None:
            senders = [sender] if conn.execute(
                sa.select(sa.func.count()).select_from(events).where(events.c.sender_id == sender)).scalar() else []
        else:
            cutoff = (now or time.time()) - older_than_days * 86400
            newest = sa.select(events.c.sender_id).group_by(events.c.sender_id).having(
                sa.func.max(events.c.timestamp) < cutoff)
            senders = [row[0] for row in conn.execute(newest)]
        if not senders:
            return {"senders": 0, "events": 0}
        where = events.c.sender_id.in_(senders)
        count = conn.execute(sa.select(sa.func.count()).select_from(events).where(where)).scalar()
        if not dry_run:
            conn.execute(sa.delete(events).where(where))
    return {"senders": len(senders), "events": count}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Delete stored conversations.")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--older-than-days", type=float, default=None)
    what.add_argument("--sender")
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--review", type=Path, default=ROOT / "review", help="what `make review` keeps")
    args = parser.parse_args(argv)
    days = args.older_than_days
    if args.sender is None and days is None:
        days = float(os.environ.get("RETENTION_DAYS", 30))
    if days is not None and days < 0:
        parser.error("--older-than-days must be 0 or more")
    result = delete(database_url(args.endpoints), days, args.sender, args.dry_run)
    verb = "would delete" if args.dry_run else "deleted"
    scope = f"sender {args.sender!r}" if args.sender is not None else f"conversations idle for more than {days:g} days"
    print(f"{verb} {result['events']} events of {result['senders']} conversation(s): {scope}")
    if not args.dry_run and args.review.is_dir():
        from tools.insights.keep import forget

        dropped = forget(args.review, days, args.sender)
        print(f"deleted {dropped['queue_items']} review-queue message(s) and {dropped['candidates']} "
              f"candidate example(s) of the same from {args.review}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
