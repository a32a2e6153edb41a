"""The production profile (deploy/cluster.sh) for tests and benches: start it in a temp dir,
reach its parts, stop it.

    with Cluster(instances=2) as c:
        c.lb_url, c.rasa_urls          # the balancer, each Rasa instance (all on 127.0.0.1)
        c.user_texts(sender)           # the user messages PostgreSQL stored, in order
        c.kill("rasa-1")               # SIGKILL one process of the cluster
        c.set_active(1)                # HAProxy sends to the first instance only (others: maint)

Everything is stopped when the block ends (the logs stay in the temp dir, the database goes).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from tools.servers import ROOT, http

SCRIPT = ROOT / "deploy" / "cluster.sh"


class Cluster:
    def __init__(self, instances: int = 2, action_servers: int = 2,
                 env: Optional[Dict[str, str]] = None, start_timeout: float = 600) -> None:
        self.instances = instances
        self.dir = Path(tempfile.mkdtemp(prefix="cluster-"))
        self.dir.chmod(0o755)  # the postgres user must reach the data dir inside it
        self.env = {**os.environ, "CLUSTER_DIR": str(self.dir), "ACTION_SERVERS": str(action_servers),
                    **(env or {})}
        self.start_timeout = start_timeout
        self.settings: Dict[str, str] = {}

    # -- lifecycle --------------------------------------------------------------------------------
    def __enter__(self) -> Cluster:
        try:
            out = subprocess.run([str(SCRIPT), "start", str(self.instances)], cwd=ROOT, env=self.env,
                                 capture_output=True, text=True, timeout=self.start_timeout)
        except subprocess.TimeoutExpired as e:
            self.stop()
            raise RuntimeError(f"cluster did not start in {self.start_timeout:.0f}s:\n{e.stdout}\n{e.stderr}") from e
        if out.returncode != 0:
            self.stop()
            raise RuntimeError(f"deploy/cluster.sh start failed:\n{out.stdout}\n{out.stderr}")
        self.start_output = out.stdout
        for line in (self.dir / "cluster.env").read_text().splitlines():
            key, _, value = line.partition("=")
            self.settings[key] = shlex.split(value)[0] if value else ""
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        subprocess.run([str(SCRIPT), "stop"], cwd=ROOT, env=self.env, capture_output=True, timeout=180)
        pgdata = self.dir / "pgdata"
        if pgdata.is_dir():
            shutil.rmtree(pgdata, ignore_errors=True)

    # -- where things are -------------------------------------------------------------------------
    @property
    def lb_url(self) -> str:
        return self.settings["LB_URL"]

    @property
    def rasa_urls(self) -> List[str]:
        return self.settings["RASA_URLS"].split(",")

    def pid(self, name: str) -> int:
        return int((self.dir / "run" / f"{name}.pid").read_text())

    def kill(self, name: str) -> int:
        """SIGKILL one process of the cluster (e.g. "rasa-1"); returns its pid."""
        pid = self.pid(name)
        os.kill(pid, signal.SIGKILL)
        return pid

    def log(self, name: str) -> str:
        path = self.dir / "logs" / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def say(self, url: str, sender: str, text: str) -> Tuple[int, object]:
        return http("POST", url.rstrip("/") + "/webhooks/rest/webhook", {"sender": sender, "message": text})

    # -- PostgreSQL -------------------------------------------------------------------------------
    def db(self):
        import psycopg2

        s = self.settings
        return psycopg2.connect(host=s["DB_HOST"], port=s["DB_PORT"], dbname=s["DB_NAME"],
                                user=s["DB_USER"], password=s["DB_PASSWORD"])

    def events(self, sender_like: str) -> List[Tuple[str, str, Optional[str], dict]]:
        """(sender_id, type_name, action_name, data) of the stored events, in insertion order."""
        with self.db() as conn, conn.cursor() as cur:
            cur.execute("SELECT sender_id, type_name, action_name, data FROM events "
                        "WHERE sender_id LIKE %s ORDER BY id", (sender_like,))
            rows = cur.fetchall()
        conn.close()
        return [(s, t, a, json.loads(d)) for s, t, a, d in rows]

    def user_texts(self, sender: str) -> List[str]:
        return [d.get("text") for _, t, _, d in self.events(sender) if t == "user"]

    # -- HAProxy ----------------------------------------------------------------------------------
    def haproxy(self, command: str) -> str:
        """One command on HAProxy's admin socket (e.g. "show stat")."""
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(self.settings["HAPROXY_SOCKET"])
            s.sendall(command.encode() + b"\n")
            chunks = []
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def servers(self, backend: str = "rasa") -> Dict[str, Dict[str, str]]:
        """HAProxy's statistics of each server of `backend`: status, stot (requests), wretr, ..."""
        raw = urllib.request.urlopen(self.settings["STATS_URL"] + ";csv", timeout=5).read().decode()
        rows = list(csv.DictReader(io.StringIO(raw.lstrip("# "))))
        return {r["svname"]: r for r in rows
                if r["pxname"] == backend and r["svname"] not in ("FRONTEND", "BACKEND")}

    def set_active(self, n: int) -> None:
        """Let HAProxy send to the first n Rasa instances only; the others go to maintenance."""
        for i in range(1, self.instances + 1):
            self.haproxy(f"set server rasa/rasa{i} state {'ready' if i <= n else 'maint'}")
