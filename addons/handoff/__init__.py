"""Handoff from the assistant to a person (a counsellor) and back, inside Rasa: docs/handoff.md.
The store (accounts, sessions, duty, queue, audit) is core/handoff/, shared with the action
server (actions/handoff.py) and tools/counsellors.py.

console.py     the counsellor console, a Rasa input channel at /webhooks/console/
api.py         what each console request does      security.py  cookie, CSRF, limits, headers
conversation.py  the Rasa side: pause / resume events, history, pushing to the child's channel
fanout.py      socket.io delivery across instances (Redis)   limits.py  rate limits
guard_hook.py  what a paused conversation's message gets (the guard calls it)
"""
