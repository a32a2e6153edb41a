"""Start the action server after checking the knowledge file.

    python -m actions.server [--port 5055]

A broken knowledge file stops it here with one line naming the entry (exit code 2), not a
traceback from inside a request. Binds to 127.0.0.1 unless SANIC_HOST says otherwise; keeps idle
connections 60 s unless SANIC_KEEP_ALIVE_TIMEOUT says otherwise.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1].strip())
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_PORT", 5055)))
    args = parser.parse_args(argv)

    from core.knowledge.schema import KnowledgeError
    from core.knowledge.store import knowledge, knowledge_path

    try:
        k = knowledge()
    except KnowledgeError as e:
        print(f"action server not started: knowledge file {knowledge_path()} is invalid:\n  {e}",
              file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger(__name__).info(
        "knowledge file OK: %d answers, %d modules, %d people, %d topics, %d contacts",
        len(k.answers), len(k.modules), len(k.people), len(k.topics), len(k.contacts))
    os.environ.setdefault("SANIC_HOST", "127.0.0.1")
    # Rasa opens a new connection per action call; when Rasa is saturated, more than Sanic's
    # default 5 s can pass before it writes the request, Sanic closes the idle connection and
    # the reply is lost (docs/performance.md, "Lost replies"). 60 s keeps such calls alive.
    os.environ.setdefault("SANIC_KEEP_ALIVE_TIMEOUT", "60")
    from rasa_sdk import endpoint

    endpoint.run("actions", port=args.port, cors_origins=[])
    return 0


if __name__ == "__main__":
    sys.exit(main())
