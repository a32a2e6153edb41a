"""Components that run inside Rasa itself (not in the action server)."""
