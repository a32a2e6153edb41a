"""The contract between the code and the knowledge file's wording: which phrases the replies
are built with and which notices the channels send, with the variables the code fills in.
The loader (core/knowledge/base.py) refuses a file that lacks one or uses another variable.
"""

from __future__ import annotations

from typing import Dict, Tuple

# Notices the channels send on their own (core/notices.py), and what they fill in besides the
# contact numbers.
REQUIRED_NOTICES = ("empty_message", "message_too_long", "not_text", "unavailable")
NOTICE_VARIABLES = ("max_chars",)
# The phrases core/replies.py and core/answers.py use, with the variables they fill in.
PHRASE_VARIABLES: Dict[str, Tuple[str, ...]] = {
    "source": ("publishers",),
    "module_topics": ("topics",),
    "module_button": ("number",),
    "module_button_payload": ("number",),
    "speaker_button": ("name",),
    "no_advice": ("topic", "text"),
    "which_person": ("options",),
    "which_topic": ("options",),
    "not_sure_context": (),
    "ask_modules_button": (),
    "ask_speakers_button": (),
    "not_in_sources_person": ("name",),
    "clarify": (),
    "clarify_again": (),
    "ask_helplines_button": (),
    "yes": (),
    "no_not_in_sources": (),
    "cant_help": (),
    "out_of_scope": (),
    "ask_capabilities_button": (),
    "more_button": (),
    "not_in_sources_about": (),
    "thank_open": (),
}
