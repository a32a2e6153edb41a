"""Start the trained bot for tests: the action server and Rasa on free loopback ports, with a
temporary SQLite tracker store, and talk to it over the REST channel.

    with BotServers() as bot:
        bot.say("user-1", "how many ombudsmen attended?")  # -> list of reply dicts

Servers are stopped (and their logs kept in the temp dir) when the block ends. Nothing listens
on anything but 127.0.0.1. Both start with the start-up hook of addons/startup on their
PYTHONPATH, as scripts/ and deploy/ start them (addons/patches/lean_imports.py; lean=False or
LEAN_IMPORTS=0: without it).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "child-safety.tar.gz"
STARTUP = ROOT / "addons" / "startup"


def lean_env(env: Dict[str, str]) -> Dict[str, str]:
    """`env` with addons/startup first on PYTHONPATH: what the servers import and never use is
    kept out of memory (addons/patches/lean_imports.py)."""
    rest = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p != str(STARTUP)]
    return {**env, "PYTHONPATH": os.pathsep.join([str(STARTUP), *rest])}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method: str, url: str, body=None, headers: Optional[Dict[str, str]] = None, timeout=60):
    """(status, parsed JSON or text) of one request; HTTP errors are returned, not raised."""
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            status, raw = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode("utf-8", "replace")


class BotServers:
    def __init__(self, actions: bool = True, extra_args: Optional[List[str]] = None,
                 env: Optional[Dict[str, str]] = None, workdir: Optional[Path] = None,
                 credentials: Optional[str] = None, model: Path = MODEL, lean: bool = True) -> None:
        self.with_actions = actions
        self.extra_args = extra_args or []
        self.env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
                    "PYTHONUNBUFFERED": "1", **(env or {})}
        if lean:
            self.env = lean_env(self.env)
        self.dir = workdir or Path(tempfile.mkdtemp(prefix="bot-"))
        self.credentials = credentials
        self.model = model
        self.rasa_port = free_port()
        self.action_port = free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.procs: Dict[str, subprocess.Popen] = {}

    # -- lifecycle --------------------------------------------------------------------------------
    def __enter__(self) -> BotServers:
        if not self.model.exists():
            raise RuntimeError(f"no trained model at {self.model}: run `make train` first")
        (self.dir / "endpoints.yml").write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{self.dir / "tracker.db"}"\n')
        if self.credentials is None:
            self.credentials = str(ROOT / "credentials.yml")
        try:
            if self.with_actions:
                self.start_actions()
            self.start_rasa()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _spawn(self, name: str, args: List[str]) -> subprocess.Popen:
        log = open(self.dir / f"{name}.log", "ab")  # noqa: SIM115  (open for the process's life)
        proc = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.procs[name] = proc
        return proc

    def _wait(self, name: str, url: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.procs[name].poll() is not None:
                raise RuntimeError(f"{name} exited with {self.procs[name].returncode}:\n{self.log(name)[-3000:]}")
            try:
                urllib.request.urlopen(url, timeout=2)
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        raise RuntimeError(f"{name} did not answer at {url} in {timeout:.0f}s:\n{self.log(name)[-3000:]}")

    def start_actions(self) -> None:
        self._spawn("actions", [str(VENV_BIN / "python"), "-m", "actions.server", "--port", str(self.action_port)])
        self._wait("actions", f"http://127.0.0.1:{self.action_port}/health", 120)

    def stop_actions(self) -> None:
        self._stop("actions")

    def start_rasa(self) -> None:
        self._spawn("rasa", [str(VENV_BIN / "rasa"), "run", "--model", str(self.model), "-i", "127.0.0.1",
                             "-p", str(self.rasa_port), "--endpoints", str(self.dir / "endpoints.yml"),
                             "--credentials", self.credentials, *self.extra_args])
        self._wait("rasa", self.url + "/", 300)

    def stop_rasa(self) -> None:
        self._stop("rasa")

    def _stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def stop(self) -> None:
        for name in list(self.procs):
            self._stop(name)

    def log(self, name: str) -> str:
        path = self.dir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    # -- talking ---------------------------------------------------------------------------------
    def post(self, body, raw: bool = False, headers=None):
        return http("POST", self.url + "/webhooks/rest/webhook", body, headers)

    def say(self, sender: str, text: str) -> List[dict]:
        status, replies = self.post({"sender": sender, "message": text})
        assert status == 200, (status, replies)
        return replies

    def text(self, sender: str, text: str) -> str:
        return "\n".join(r.get("text", "") for r in self.say(sender, text))
