"""Rate limits of the console, per key (a client address, a session), in this process: a
sliding window of the last `per` seconds. A cluster multiplies them by its instances."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from typing import Deque, Dict


class Limit:
    def __init__(self, count: int, per: float) -> None:
        self.count, self.per = count, per
        self._hits: Dict[str, Deque[float]] = defaultdict(deque)

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        hits = self._hits[key]
        while hits and hits[0] <= now - self.per:
            hits.popleft()
        if len(hits) >= self.count:
            return False
        hits.append(now)
        if len(self._hits) > 10000:  # forget idle keys
            for k in [k for k, v in self._hits.items() if not v][:5000]:
                del self._hits[k]
        return True
