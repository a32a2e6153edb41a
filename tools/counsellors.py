"""Counsellor accounts of the handoff console (docs/handoff.md), in the handoff store
(HANDOFF_DB_URL; else the production profile's PostgreSQL from DB_*; else ./handoff.db).

    python -m tools.counsellors add aigerim --name "Aigerim"   # asks for the password twice
    python -m tools.counsellors passwd aigerim                  # new password, signs them out
    python -m tools.counsellors disable aigerim | enable aigerim | unlock aigerim
    python -m tools.counsellors list
    python -m tools.counsellors audit [--handoff ID] [--limit 50]

A password comes from the prompt, or from stdin with --password-stdin (for scripts); never from
the command line. `name` is what the child sees: a first name or a role ("Counsellor").
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from typing import List, Optional

from core.handoff.store import store


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise SystemExit("the two passwords differ")
    return first


def _when(t: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t)) if t else "-"


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="first name or role, shown to the child")
    add.add_argument("--password-stdin", action="store_true")
    pw = sub.add_parser("passwd")
    pw.add_argument("username")
    pw.add_argument("--password-stdin", action="store_true")
    for name in ("disable", "enable", "unlock"):
        sub.add_parser(name).add_argument("username")
    sub.add_parser("list")
    au = sub.add_parser("audit")
    au.add_argument("--handoff")
    au.add_argument("--limit", type=int, default=50)
    args = parser.parse_args(argv)
    s = store()
    try:
        if args.command == "add":
            s.add_counsellor(args.username, args.name, _password(args))
            print(f"added {args.username.lower()}")
        elif args.command == "passwd":
            print("password changed" if s.set_password(args.username, _password(args)) else "no such account")
        elif args.command in ("disable", "enable"):
            print("done" if s.set_active(args.username, args.command == "enable") else "no such account")
        elif args.command == "unlock":
            print("unlocked" if s.unlock(args.username) else "no such account")
        elif args.command == "list":
            for c in s.list_counsellors():
                state = "active" if c["active"] else "disabled"
                locked = " locked" if c["locked_until"] > time.time() else ""
                duty = " on duty" if c["on_duty"] else ""
                print(f"{c['username']:<20} {c['name']:<20} {state}{locked}{duty} (seen {_when(c['seen_at'])})")
        elif args.command == "audit":
            for row in reversed(s.audit_log(args.limit, args.handoff)):
                print(f"{_when(row['at'])}  {row['who']:<16} {row['action']:<14} {row['handoff_id'] or '-':<16} "
                      f"{row['address'] or ''}")
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
