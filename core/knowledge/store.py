"""The one Knowledge instance of a process (the action server's, and Rasa's for the channels'
notices), reloaded when the file changes, so a content editor's edit shows up on the next
question without a restart. A broken edit is logged (naming the entry) and the last good
version keeps answering. KNOWLEDGE_FILE names another file (tests)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Optional, Tuple

from core.knowledge.base import DEFAULT_PATH, Knowledge
from core.knowledge.schema import KnowledgeError

logger = logging.getLogger(__name__)

_cache: Optional[Tuple[float, Knowledge]] = None


def knowledge_path() -> Path:
    return Path(os.environ.get("KNOWLEDGE_FILE", DEFAULT_PATH))


def knowledge() -> Knowledge:
    global _cache
    path = knowledge_path()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = -1.0
    if _cache is not None and _cache[0] == mtime:
        return _cache[1]
    try:
        loaded = Knowledge.load(path)
    except KnowledgeError as e:
        if _cache is None:
            raise
        logger.error("Knowledge file changed but is invalid, still using the previous version: %s", e)
        return _cache[1]
    _cache = (mtime, loaded)
    return loaded
