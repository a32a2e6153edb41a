"""Duty hours: HANDOFF_HOURS, e.g. ``mon-fri 09:00-18:00; sat 10:00-14:00`` in the service's
time zone (HANDOFF_TIMEZONE, default Asia/Almaty, UTC+5 when the zone data is missing). Outside
them nobody counts as on duty, whatever the console says; unset, duty is only the console's
on/off switch."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import List, Optional, Set, Tuple

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_PART = re.compile(r"^\s*(?:([a-z]{3})(?:-([a-z]{3}))?\s+)?(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})\s*$")
Window = Tuple[Set[int], int, int]  # weekdays, start minute, end minute


def parse(spec: str) -> List[Window]:
    """The windows of a HANDOFF_HOURS value; ValueError for one it cannot read."""
    windows: List[Window] = []
    for part in filter(str.strip, spec.lower().split(";")):
        m = _PART.match(part)
        if not m:
            raise ValueError(f"HANDOFF_HOURS: cannot read {part.strip()!r} (e.g. 'mon-fri 09:00-18:00')")
        first, last = m.group(1), m.group(2) or m.group(1)
        if first and (first not in DAYS or last not in DAYS):
            raise ValueError(f"HANDOFF_HOURS: unknown day in {part.strip()!r}")
        if first:
            a, b = DAYS.index(first), DAYS.index(last)
            days = set(range(a, b + 1)) if a <= b else set(range(a, 7)) | set(range(0, b + 1))
        else:
            days = set(range(7))
        start, end = int(m.group(3)) * 60 + int(m.group(4)), int(m.group(5)) * 60 + int(m.group(6))
        windows.append((days, start, end))
    return windows


def zone() -> dt.tzinfo:
    name = os.environ.get("HANDOFF_TIMEZONE", "Asia/Almaty")
    try:
        from zoneinfo import ZoneInfo
        return ZoneInfo(name)
    except Exception:
        return dt.timezone(dt.timedelta(hours=5))


def within(windows: List[Window], now: Optional[dt.datetime] = None) -> bool:
    if not windows:
        return True
    now = now or dt.datetime.now(zone())
    minute = now.hour * 60 + now.minute
    for days, start, end in windows:
        if start <= end and now.weekday() in days and start <= minute < end:
            return True
        over_midnight = start > end  # 20:00-08:00
        if over_midnight and ((now.weekday() in days and minute >= start)
                              or ((now.weekday() - 1) % 7 in days and minute < end)):
            return True
    return False


def on_duty_hours(now: Optional[dt.datetime] = None) -> bool:
    spec = os.environ.get("HANDOFF_HOURS", "").strip()
    return within(parse(spec), now) if spec else True
