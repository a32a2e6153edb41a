"""The curve of bench/curve.py on its own (`make bench` measures it inside bench/measure.py):

    .venv/bin/python -m bench.curve_run                   # 200 messages, 3 repetitions, both bots
    .venv/bin/python -m bench.curve_run --messages 60 --reps 1 --skip-baseline
    .venv/bin/python -m bench.curve_run --render FILE.json  # the table and the PNG of a saved run
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

from bench.curve import PNG, ROOT, curve, plot, summarize, table
from bench.questions import QUESTIONS


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--quiet", type=float, default=0.3, help="socket.io: seconds without a reply that end a turn")
    parser.add_argument("--no-socketio", action="store_true")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--model", type=Path)
    parser.add_argument("--png", type=Path, default=PNG)
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--render", type=Path, help="only the table and PNG of a JSON written by --json-out")
    args = parser.parse_args(argv)
    if args.render:
        saved = json.loads(args.render.read_text())
        print(table(summarize(saved["runs"]), saved["messages"]))
        plot(saved["runs"], args.png)
        return 0

    import os
    import shutil
    import tempfile

    from bench.measure import Servers, log, make_baseline
    from tools.servers import MODEL

    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
           "FLOOD_SENDER_MESSAGES": os.environ.get("FLOOD_SENDER_MESSAGES", "0")}  # a bench is no person
    runs: Dict[str, List[Dict[str, Any]]] = {"assistant": [], "baseline": []}
    with tempfile.TemporaryDirectory(prefix="bench-curve-") as tmp:
        model = Path(tmp) / "assistant-model.tar.gz"
        shutil.copyfile(args.model or MODEL, model)
        base_dir = Path(tmp) / "baseline"
        base_dir.mkdir()
        base_model = None if args.skip_baseline else make_baseline(base_dir, env)
        base_credentials = base_dir / "credentials-curve.yml"
        base_credentials.write_text("rest:\nsocketio:\n  user_message_evt: user_uttered\n"
                                    "  bot_message_evt: bot_uttered\n  session_persistence: false\n")
        for rep in range(1, args.reps + 1):
            for who, m, cwd, actions, cred in (("assistant", model, ROOT, True, None),
                                               ("baseline", base_model, base_dir, False, str(base_credentials))):
                if m is None:
                    continue
                log(f"-- curve, {who}, repetition {rep}: {args.messages} REST + socket.io messages")
                with Servers(m, cwd, actions, cred, env=env) as bot:
                    for text in QUESTIONS[:5]:
                        bot.post({"sender": "curve-warmup", "message": text})
                    runs[who].append(curve(bot, args.messages, f"{who}-{rep}", not args.no_socketio, args.quiet))
                log(f"   {runs[who][-1]['figures']}")
    summary = summarize(runs)
    print(table(summary, args.messages))
    plot(runs, args.png)
    result = {"messages": args.messages, "reps": args.reps, "summary": summary, "runs": runs}
    if args.json_out:
        args.json_out.write_text(json.dumps(result))
    print(json.dumps({"messages": args.messages, "reps": args.reps, "summary": summary}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
