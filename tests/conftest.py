import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def run_async(coro):
    """Run a coroutine to the end, like asyncio.run, in a thread of its own: the browser tests'
    Playwright keeps an event loop running in the main thread for the rest of the session,
    and asyncio.run refuses to start inside a running loop."""
    import asyncio
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
