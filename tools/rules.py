"""Write data/rules.yml from the routing table (core/answers.py, ROUTES): one one-step rule per
intent, so the rules can never disagree with the table. tests/unit/core/test_routing.py fails
when the committed file is not what this writes.

    python -m tools.rules           # rewrite data/rules.yml
    python -m tools.rules --check   # exit 1 if data/rules.yml is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional

from core.answers import ACTION, ROUTES, Response

RULES = Path(__file__).resolve().parent.parent / "data" / "rules.yml"
HEADER = """\
version: "3.1"
# Generated from core/answers.py (ROUTES) by `python -m tools.rules`: do not edit by hand.
# Every intent has one rule, so each reply is predictable. Rules win over stories in any state.
# The rules that depend on the conversation (the crisis conversation) are in data/crisis.yml.
rules:
"""


def _quote(text: str) -> str:
    """`text` as a YAML scalar: plain unless YAML would read it otherwise."""
    if ": " in text or " #" in text or text[0] in "!&*{}[]|>'\"%@`#,?:-":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def render() -> str:
    blocks: List[str] = []
    facts_started = False
    for intent, route in ROUTES.items():
        if isinstance(route, Response):
            rule, actions = route.rule, (route.name, *route.then)
        else:
            rule, actions = f"answer {intent}", (ACTION,)
            if not facts_started:
                blocks.append("# Fact questions: answered from knowledge/knowledge.yml by action_answer.\n")
                facts_started = True
        steps = "".join(f"  - action: {a}\n" for a in actions)
        blocks.append(f"- rule: {_quote(rule)}\n  steps:\n  - intent: {intent}\n{steps}")
    return HEADER + "\n".join(blocks)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        ok = RULES.read_text(encoding="utf-8") == text
        print("data/rules.yml is up to date" if ok else "data/rules.yml is out of date: python -m tools.rules")
        return 0 if ok else 1
    RULES.write_text(text, encoding="utf-8")
    print(f"wrote {RULES.relative_to(RULES.parent.parent)} ({len(ROUTES)} rules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
