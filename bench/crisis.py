"""The crisis figures of `make report`: recall on the harder disclosures, distress that must not
be a crisis, off-topic requests that must not be one either (tests/heldout/crisis_fresh*/, written
apart from the data), and the false-alarm rate of every held-out set: non-crisis messages that
would get the crisis reply. Measuring (`step`) and the report's lines (`lines`).

"Help" is any intent whose reply gives the helplines with 112: the crisis reply itself, the
quick replies typed as words ("I'm in danger now"), the safe word. Live figures count a guess
below the FallbackClassifier's threshold as nlu_fallback, as the user would see it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Dict, List, Optional

from bench.evaluate import FRESH_FILES, HELDOUT_FILES, HELP, RASA, ROOT, examples_of, load_predictions, run

LANG_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}

# The sets crisis/, crisis_fresh/, crisis_fresh2/ and crisis_fresh3/ (sessions 1-5) were each read
# and tuned on after they were measured; in session 7 they were retired into data_harm/, the harm
# classifier's training data (addons/nlu/harm.py), and are no longer held out.
# crisis_fresh4/ (session 6; the thresholds were chosen on it in session 7) and crisis_fresh6/
# (session 8; read to write the hyperbole patterns) were retired into data_harm/ in session 8.
# crisis_fresh5/ was written in session 7 by a sixth helper (before the thresholds were chosen,
# without seeing the data or the other sets); its failures were read after it was measured, and
# nothing was tuned on it. crisis_fresh7/ (session 8) and crisis_fresh8/ (session 9, measured once
# and then read) were read in session 9 to write patterns and data, and retired into data_harm/.
# crisis_fresh9/ was written in session 9 by another helper, after the changes it measures, and
# was not read before it was measured. crisis_fresh10/ and crisis_fresh11/ (session 10, long
# messages: parents' everyday questions told at length, long disclosures) were each written by a
# new helper and measured once before anything was chosen on them; then read: the thresholds for
# long messages (addons/nlu/weigh.py) and two patterns come from them.
# They were retired into data_harm/ in session 12. crisis_fresh12/ (session 11, long messages,
# first read with session 10's model) was read in session 12 to write the farewell and topic
# patterns and the long-question rule (addons/nlu/weigh.py `pattern_stands`); crisis_fresh13/
# was written in session 12 by another helper before those changes, and not read.
FOLDERS = ("crisis_fresh5", "crisis_fresh9", "crisis_fresh12", "crisis_fresh13")


def files(folder: str) -> Dict[str, List[Path]]:
    d = ROOT / "tests" / "heldout" / folder
    return {lang: [d / f"{kind}_{lang}.yml" for kind in ("disclosures", "distress", "offtopic")] for lang in LANG_NAMES}
DEAD_ENDS = {"nlu_fallback", "out_of_scope"}  # "I didn't understand" / "I can't help with that"


def _live(p: dict, threshold: float) -> str:
    guess = p["intent_prediction"]
    return guess["name"] if (guess.get("confidence") or 0.0) >= threshold else "nlu_fallback"


def _kind(p: dict) -> Optional[str]:
    """The crisis_kind the safety net gave a prediction ('unsure': DIET leaned to a disclosure)."""
    return next((e.get("value") for e in p.get("entity_prediction") or [] if e.get("entity") == "crisis_kind"), None)


def _share(part: int, whole: int) -> Optional[float]:
    return round(part / whole, 4) if whole else None


def figures(preds: List[dict], threshold: float) -> Dict[str, object]:
    by = {kind: [p for p in preds if p["intent"] == kind] for kind in ("crisis", "distress", "out_of_scope")}
    live = {kind: [(p["text"], _live(p, threshold)) for p in ps] for kind, ps in by.items()}
    missed = [f"{t} -> {g}" for t, g in live["crisis"] if g not in HELP]
    unsure = {p["text"] for p in by["distress"] if _kind(p) == "unsure"}  # the gentle check: no 112
    to_crisis = [f"{t} -> {g}" for t, g in live["distress"] if g in HELP and t not in unsure]
    dead = [f"{t} -> {g}" for t, g in live["distress"] if g in DEAD_ENDS]
    alarms = [f"{t} -> {g}" for t, g in live["out_of_scope"] if g in HELP]
    return {"disclosures": len(by["crisis"]), "recall_live": _share(len(by["crisis"]) - len(missed), len(by["crisis"])),
            "missed": missed, "distress": len(by["distress"]), "distress_to_crisis": to_crisis,
            "distress_dead_end": dead, "distress_to_check": sorted(unsure), "offtopic": len(by["out_of_scope"]),
            "offtopic_false_alarm": _share(len(alarms), len(by["out_of_scope"])), "offtopic_alarms": alarms}


def false_alarms(out: Path, threshold: float, files: Dict[str, List[Path]]) -> Dict[str, object]:
    """Per language: the share of non-crisis messages of a held-out set that get the crisis reply."""
    preds = load_predictions(out)
    result: Dict[str, object] = {}
    for lang, paths in files.items():
        mine = examples_of(paths)
        others = [p for p in preds if (p["text"], p["intent"]) in mine and p["intent"] not in HELP]
        alarms = [p["text"] for p in others if _live(p, threshold) == "crisis"]
        result[lang] = {"messages": len(others), "rate": _share(len(alarms), len(others)), "alarms": alarms}
    return result


def step(summary: Dict[str, object], model: Path, out: Path, label: str) -> None:
    """Run `rasa test nlu` on the crisis sets of FOLDERS, and read the false alarms
    of the held-out and fresh sets (already evaluated into out/heldout, out/fresh)."""
    sets = {"heldout": HELDOUT_FILES, "fresh": FRESH_FILES}
    threshold = summary["threshold"]
    for folder in FOLDERS:
        d = out / folder
        shutil.rmtree(d, ignore_errors=True)
        summary["times"][folder] = run(  # type: ignore[index]
            f"{label} NLU on the held-out set {folder}", [RASA, "test", "nlu", "--model", model, "--nlu",
                                                          ROOT / "tests" / "heldout" / folder, "--out", d,
                                                          "--successes"], out / f"{folder}.log")
        preds = with_kinds(model, load_predictions(d), threshold)
        summary[folder] = {lang: figures([p for p in preds if (p["text"], p["intent"]) in examples_of(paths)],
                                         threshold) for lang, paths in files(folder).items()}  # type: ignore[arg-type]
    summary["false_alarms"] = {key: false_alarms(out / key, threshold, files)  # type: ignore[arg-type]
                               for key, files in sets.items() if (out / key).exists()}


_AGENTS: Dict[str, object] = {}


def with_kinds(model: Path, preds: List[dict], threshold: float) -> List[dict]:
    """`rasa test nlu` keeps no crisis_kind (DIET recognises no entities), so the distress
    messages answered with a crisis intent are parsed again with the model to tell the gentle
    check (kind unsure: 150, no 112) from the crisis reply."""
    todo = [p for p in preds if p["intent"] == "distress" and _live(p, threshold) in HELP]
    if not todo:
        return preds
    import asyncio

    from rasa.core.agent import Agent

    agent = _AGENTS.get(str(model)) or Agent.load(str(model))
    _AGENTS[str(model)] = agent

    async def parse_all() -> None:
        for p in todo:
            parsed = await agent.parse_message(p["text"])  # type: ignore[attr-defined]
            p["entity_prediction"] = [e for e in parsed.get("entities") or [] if e.get("entity") == "crisis_kind"]

    asyncio.run(parse_all())
    return preds


def pct(x: Optional[float]) -> str:
    return "n/a" if x is None else f"{100 * x:.1f} %"


def lines(summary: Dict[str, object]) -> List[str]:
    if not any(summary.get(f) for f in FOLDERS):
        return []
    out = ["## The crisis conversation: held-out sets (tests/heldout/" + ", ".join(f + "/" for f in FOLDERS) + ")", "",
           "Each written by a helper who saw neither the training data nor the other sets: harder disclosures "
           "(indirect, third-party, transliterated, long, mixed into a question), distress without danger, "
           "off-topic requests with violent words. The sets before them (sessions 1-6, crisis_fresh6/ and "
           "crisis_fresh7/ of session 8, crisis_fresh8/ of session 9) were read and tuned on, and are training "
           "data of the harm classifier now (data_harm/). "
           "crisis_fresh5/ (session 7) was measured before anything was chosen on it; its failures were read "
           "afterwards. crisis_fresh9/ (session 9) was written after the last change it measures and not read "
           "before. crisis_fresh10/ and crisis_fresh11/ (session 10, long messages) were read to choose the "
           "thresholds for long messages and are the harm classifier's data since session 12. crisis_fresh12/ "
           "(session 11) and crisis_fresh13/ (session 12) are long messages too (their \"off-topic\" part: "
           "parents', teachers' and children's everyday questions told at length); crisis_fresh12/ was read in "
           "session 12 to write patterns, crisis_fresh13/ was not read (docs/crisis.md has the first reads). Targets: recall >= 98 %; no distress message gets the crisis reply or a dead end; "
           "false alarms <= 1 %.", ""]
    for folder in FOLDERS:
        out += _folder_lines(folder, summary.get(folder) or {})  # type: ignore[arg-type]
    return out + _alarm_lines(summary)


def _folder_lines(folder: str, crisis: Dict[str, Dict[str, object]]) -> List[str]:
    langs = [code for code in LANG_NAMES if code in crisis]
    out = [f"### {folder}", "", "| | " + " | ".join(LANG_NAMES[c] for c in langs) + " |", "|---|" + "---:|" * len(langs)]
    rows = (("disclosures recognised (live)", lambda f: f"{pct(f['recall_live'])} of {f['disclosures']}"),
            ("distress -> crisis reply", lambda f: f"{len(f['distress_to_crisis'])} of {f['distress']}"),
            ("distress -> gentle check (150, no 112)", lambda f: f"{len(f.get('distress_to_check') or [])} of {f['distress']}"),
            ("distress -> \"can't help\" / fallback", lambda f: f"{len(f['distress_dead_end'])} of {f['distress']}"),
            ("off-topic -> crisis reply", lambda f: f"{pct(f['offtopic_false_alarm'])} of {f['offtopic']}"))
    for title, cell in rows:
        out.append(f"| {title} | " + " | ".join(cell(crisis[c]) for c in langs) + " |")
    out.append("")
    for c in langs:
        items = [*crisis[c]["missed"], *crisis[c]["distress_to_crisis"], *crisis[c]["distress_dead_end"],
                 *crisis[c]["offtopic_alarms"]]
        if items:
            out += [f"{folder}, {LANG_NAMES[c]}, what went wrong:", "", *(f"- {i}" for i in items), ""]
    return out


def _alarm_lines(summary: Dict[str, object]) -> List[str]:
    alarms: Dict[str, Dict[str, Dict[str, object]]] = summary.get("false_alarms") or {}  # type: ignore[assignment]
    out = ["### False alarms of the other held-out sets (non-crisis messages that get the crisis reply)", ""]
    for key, per_lang in alarms.items():
        out.append(f"- {key}: " + "; ".join(f"{LANG_NAMES[c]} {pct(f['rate'])} of {f['messages']}"
                                           + (f" ({', '.join(f['alarms'])})" if f["alarms"] else "")
                                           for c, f in per_lang.items()))
    return out + [""]
