"""`make insights`: read the tracker store, write the insights report (counts only).

    .venv/bin/python -m tools.insights.report                       # the store of endpoints.yml
    .venv/bin/python -m tools.insights.report --store conversations.db --out reports/insights

Writes OUT/insights.json (every number) and OUT/index.html (the charts, inline SVG, and under
each the table of its numbers). The page loads nothing: no script, no font, no image from any
file or host (its Content-Security-Policy forbids it). No message text and no sender id is in
either file. docs/insights.md: what each number means.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from tools.insights import charts
from tools.insights.aggregate import Insights
from tools.insights.store import ROOT, conversations, store_url
from tools.insights.turns import turns

OUT = ROOT / "reports" / "insights"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#111}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2.2rem;border-top:1px solid #ccc;padding-top:1rem}
.tiles{display:flex;flex-wrap:wrap;gap:.6rem;padding:0;list-style:none}
.tiles li{border:2px solid #1f4e79;border-radius:.4rem;padding:.4rem .8rem}.tiles b{display:block;font-size:1.3rem}
figure{margin:0}svg{max-width:100%;height:auto}table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #bbb;padding:.15rem .5rem;text-align:right}th:first-child,td:first-child{text-align:left}
details{margin:.4rem 0}.note{color:#333;max-width:48rem}"""
Section = Tuple[str, str, str, str, Sequence[str], List[Sequence[Any]]]  # id, title, note, svg, head, rows


def describe(url: str) -> str:
    """The store, without user name, password or path: its dialect (and a SQLite file's name)."""
    dialect = url.split(":", 1)[0]
    return f"{dialect} ({Path(url.split('///', 1)[1]).name})" if url.startswith("sqlite:///") else dialect


def analyse(url: str, tz_hours: float = 5.0) -> Dict[str, Any]:
    return Insights(tz_hours=tz_hours).add_all(turns(rows) for _, rows in conversations(url)).result()


def _pct(x: float) -> str:
    return f"{x * 100:.1f} %"


def day_sections(r: Dict[str, Any]) -> List[Section]:
    rows, days = r["per_day"], [d["day"] for d in r["per_day"]]
    col = {k: [d[k] for d in rows] for k in rows[0]} if rows else {}
    return [
        ("per-day", "Conversations and messages per day", "A message is a user message other than feedback; "
         "a conversation counts on the day of its first message.",
         charts.lines(days, [("conversations", col["conversations"]), ("messages", col["messages"])], "count"),
         ("day", "conversations", "messages"), [(d["day"], d["conversations"], d["messages"]) for d in rows]),
        ("honesty-per-day", "Honest fallbacks and out of scope, per day", "Share of the day's messages the assistant "
         "said it did not understand (fallback) or could not help with (out of scope).",
         charts.lines(days, [("fallback", col["fallback_rate"]), ("out of scope", col["out_of_scope_rate"])],
                      "share of messages", percent=True),
         ("day", "messages", "fallbacks", "fallback rate", "out of scope", "out-of-scope rate"),
         [(d["day"], d["messages"], d["fallbacks"], _pct(d["fallback_rate"]), d["out_of_scope"],
           _pct(d["out_of_scope_rate"])) for d in rows]),
        ("crisis-per-day", "Crisis replies, disclosures and corrections per day", "Counts only. A correction is "
         "\u201cthat's not what I meant\u201d right after a crisis reply: a wrong crisis guess.",
         charts.lines(days, [("crisis replies", col["crisis_replies"]), ("disclosures", col["disclosures"]),
                             ("corrections", col["corrections"])], "count"),
         ("day", "crisis replies", "disclosures", "corrections"),
         [(d["day"], d["crisis_replies"], d["disclosures"], d["corrections"]) for d in rows]),
    ] if rows else []


def _counts(ident: str, title: str, note: str, counts: Dict[str, int], label: str, top: int = 20) -> Section:
    items = list(counts.items())[:top]
    return (ident, title, note, charts.hbar([k for k, _ in items], [v for _, v in items], label),
            ("", label), items)


def breakdown_sections(r: Dict[str, Any]) -> List[Section]:
    langs = r["per_language"]
    out = [_counts("languages", "Languages", "Messages per language (the language detector's tag; a greeting "
                   "takes the language of the conversation).", r["languages"]["messages"], "messages"),
           _counts("channels", "Channels", "Messages per channel (rest: the terminal and REST clients; socketio: "
                   "the web widget).", r["channels"]["messages"], "messages"),
           _counts("intents", "What is asked: intents", "Messages per intent, the 20 most frequent.",
                   r["intents"], "messages")]
    if langs:
        out.append(("honesty-per-language", "Honest fallbacks and out of scope, per language", "Share of the "
                    "messages in each language.",
                    charts.grouped(list(langs), [("fallback", [v["fallback_rate"] for v in langs.values()]),
                                                 ("out of scope", [v["out_of_scope_rate"] for v in langs.values()])],
                                   "share of messages", percent=True),
                    ("language", "messages", "fallbacks", "fallback rate", "out of scope", "out-of-scope rate"),
                    [(k, v["messages"], v["fallbacks"], _pct(v["fallback_rate"]), v["out_of_scope"],
                      _pct(v["out_of_scope_rate"])) for k, v in langs.items()]))
    if r["crisis"]["disclosures_by_kind"]:
        out.append(_counts("crisis-kinds", "Disclosures by kind of harm", "Counts only, from the safety net's "
                           "kind of harm.", r["crisis"]["disclosures_by_kind"], "disclosures"))
    return out


def quality_sections(r: Dict[str, Any]) -> List[Section]:
    out: List[Section] = []
    fb = r["feedback"][:20]
    if fb:
        out.append(("feedback", "Feedback per answer (helpful or not)", "Helpful or not, as the user said "
                    "after an answer; the ratio is the share of \U0001F44D.",
                    charts.stacked([f["answer"] for f in fb], [("helpful", [f["up"] for f in fb]),
                                                               ("not helpful", [f["down"] for f in fb])],
                                   "feedback", [_pct(f["ratio"]) for f in fb]),
                    ("answer", "helpful", "not helpful", "ratio"),
                    [(f["answer"], f["up"], f["down"], _pct(f["ratio"])) for f in fb]))
    tr = r["trouble"]
    if tr:
        out.append(("trouble", "Answers most often followed by a rephrasing or a \"not helpful\"", "A rephrasing: the next "
                    "message says the same in other words within 5 minutes.",
                    charts.stacked([t["answer"] for t in tr], [("rephrased", [t["rephrased"] for t in tr]),
                                                               ("not helpful", [t["down"] for t in tr])],
                                   "times", [f"of {t['shown']} ({_pct(t['rate'])})" for t in tr]),
                    ("answer", "shown", "rephrased", "not helpful", "rate"),
                    [(t["answer"], t["shown"], t["rephrased"], t["down"], _pct(t["rate"])) for t in tr]))
    length = r["length"]
    if length["histogram"]:
        out.append(("length", f"Conversation length (median {length['median']:g} messages)",
                    f"Messages per conversation; mean {length['mean']:g}, 90th percentile {length['p90']:g}.",
                    charts.histogram(length["histogram"], length["median"], "messages in the conversation"),
                    ("messages", "conversations"), list(length["histogram"].items())))
    return out


def _table(head: Sequence[str], rows: List[Sequence[Any]]) -> str:
    cells = "".join(f"<th scope=col>{html.escape(str(h))}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def render(r: Dict[str, Any], source: str) -> str:
    t = r["totals"]
    tiles = [("conversations", t["conversations"]), ("messages", t["messages"]), ("fallbacks", t["fallbacks"]),
             ("out of scope", t["out_of_scope"]), ("crisis replies", t["crisis_replies"]),
             ("corrections of crisis guesses", t["corrections"]), ("rated helpful", t["feedback_up"]),
             ("rated not helpful", t["feedback_down"]), ("median length", r["length"]["median"])]
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content='width=device-width'>"
             f"<meta http-equiv=Content-Security-Policy content=\"{CSP}\"><title>Insights</title><style>{STYLE}</style>"
             f"</head><body><h1>Insights: the child-safety assistant</h1><p class=note>From {html.escape(source)}, "
             f"{html.escape(r.get('generated', ''))}; days in UTC{r['timezone_hours']:+g}. Counts only: no message text, no "
             "sender id. What each number means: docs/insights.md.</p><ul class=tiles>"]
    parts += [f"<li><b>{html.escape(str(v))}</b>{html.escape(k)}</li>" for k, v in tiles]
    parts.append("</ul>")
    for ident, title, note, svg, head, rows in day_sections(r) + breakdown_sections(r) + quality_sections(r):
        parts.append(f"<section id={ident} aria-labelledby={ident}-h><h2 id={ident}-h>{html.escape(title)}</h2>"
                     f"<p class=note>{html.escape(note)}</p><figure role=img aria-label=\"{html.escape(title)} "
                     f"(the numbers are in the table below)\">{svg}</figure><details open><summary>The numbers"
                     f"</summary>{_table(head, rows)}</details></section>")
    parts.append("</body></html>\n")
    return "".join(parts)


def write(r: Dict[str, Any], out: Path, source: str) -> Tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    (out / "insights.json").write_text(json.dumps(r, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "index.html").write_text(render(r, source), encoding="utf-8")
    return out / "insights.json", out / "index.html"


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description="Write the insights report (HTML + JSON) from the tracker store.")
    p.add_argument("--store", help="an SQLAlchemy URL, an endpoints file or a SQLite file (default: endpoints.yml)")
    p.add_argument("--out", type=Path, default=OUT)
    p.add_argument("--tz", type=float, default=5.0, help="hours from UTC of the deployment's days (5: Kazakhstan)")
    args = p.parse_args(argv)
    t0 = time.monotonic()
    url = store_url(args.store)
    result = analyse(url, args.tz)
    result["generated"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    result["source"] = describe(url)
    counted = time.monotonic() - t0
    paths = write(result, args.out, result["source"])
    print(f"{result['totals']['conversations']} conversations, {result['totals']['messages']} messages: "
          f"counted in {counted:.1f} s, written in {time.monotonic() - t0 - counted:.1f} s -> "
          + ", ".join(str(p) for p in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
