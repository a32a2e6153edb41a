"""Components that run inside Rasa itself (not in the action server)."""

from addons import speedups  # noqa: F401  (faster validation of action replies)
