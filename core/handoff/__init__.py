"""What the handoff to a counsellor keeps, shared by the action server (who is on duty, the
queue), every Rasa instance (the console, the guard) and tools/counsellors.py; no Rasa import.
docs/handoff.md. tables.py: the tables; store.py: accounts, sessions, duty, queue, audit;
passwords.py: scrypt hashes; hours.py: duty hours."""
