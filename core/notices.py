"""The notices the channels send on their own (empty message, too long, not text, no reply),
from the knowledge file's `notices`, in the language asked for. A notice never fails: if the
file cannot be read, a plain apology in English is sent instead (and the error logged)."""

from __future__ import annotations

import logging
from typing import Any, Optional

from core.knowledge.schema import KnowledgeError
from core.knowledge.store import knowledge

logger = logging.getLogger(__name__)

BUILT_IN = "Sorry, I can't answer right now. Please try again."


def notice(notice_id: str, lang: Optional[str] = None, **variables: Any) -> str:
    """Notice `notice_id` in `lang`, with `variables` filled in."""
    try:
        return knowledge().notice(notice_id, lang, **variables)
    except (KnowledgeError, KeyError) as e:
        logger.error("Cannot read notice %r from the knowledge file: %s", notice_id, e)
        return BUILT_IN
