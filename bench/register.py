"""The register of the replies (issue 16): a message written by an adult in Russian or Kazakh is
answered without "ты" / "сен" forms, a child's without "Вы" / "Сіз" forms. Two figures per set
of tests/heldout/context/{adult,child}_{ru,kk}.yml: who core/register.py says is writing, and
whether the reply itself is in the right register (a fact reply with no pronoun at all is in
either). Played over REST against the trained bot, one fresh conversation per message."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any, Dict, List

import yaml

from core.register import audience

# second-person forms; "сенім" (trust, as in "сенім телефоны") is not "сен"
_INFORMAL = re.compile(r"(?<!\w)(ты|тебя|тебе|тобой|твой|твоя|твоё|твое|твои|твоего|твоей|твоих|твоим|твоими|твою"
                       r"|сен|сені|саған|сенің|сенде|сенен|сенімен|сенiң)(?!\w)", re.IGNORECASE)
_FORMAL = re.compile(r"(?<!\w)(вы|вас|вам|вами|ваш|ваша|ваше|ваши|вашего|вашей|ваших|вашим|вашими|вашу"
                     r"|сіз|сізді|сізге|сіздің|сізде|сізден|сізбен)(?!\w)", re.IGNORECASE)


def reply_fits(want: str, text: str) -> bool:
    """The reply has no form of the other register."""
    return not (_INFORMAL if want == "adult" else _FORMAL).search(text)


def play(bot: Any, sets: Path) -> Dict[str, List[Dict[str, Any]]]:
    out: Dict[str, List[Dict[str, Any]]] = {}
    for path in sorted([*sets.glob("adult_*.yml"), *sets.glob("child_*.yml")]):
        want = path.stem.split("_")[0]
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            text = bot.text(f"register-{uuid.uuid4().hex[:12]}", item["say"])
            out.setdefault(path.stem, []).append({"say": item["say"], "detected": (audience(item["say"]) or "child") == want,
                                                  "reply_fits": reply_fits(want, text), "reply": text})
    return out


def lines(results: Dict[str, List[Dict[str, Any]]]) -> List[str]:
    out = ["## The register: messages written by adults (polite) and by children", "",
           "Who core/register.py says is writing (the `audience` slot), and whether the reply is in the "
           "right register: for an adult no \"ты\"/\"сен\" form, for a child no \"Вы\"/\"Сіз\" form "
           "(bench/register.py; a reply with no pronoun fits either). Target: 95 % of the adults' messages.", "",
           "| set | messages | writer recognised | % | reply in the right register | % |", "|---|---|---|---|---|---|"]
    wrong = []
    for name, items in results.items():
        n, det, fit = len(items), sum(i["detected"] for i in items), sum(i["reply_fits"] for i in items)
        out.append(f"| {name} | {n} | {det} | {100 * det / max(1, n):.1f} | {fit} | {100 * fit / max(1, n):.1f} |")
        wrong += [f"- {name}: \"{i['say']}\"" for i in items if not i["reply_fits"]]
    return out + (["", "Replies in the wrong register:", ""] + wrong if wrong else [])
