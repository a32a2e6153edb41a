"""Evaluation report: NLU cross-validation on the training data, NLU on the held-out sets (English,
Russian, Kazakh) with the trained model, and the dialogue test stories. NLU figures are given per
language. Writes everything under reports/ (git-ignored),
copies the key pictures to docs/ and writes a short summary, docs/report.md.

    .venv/bin/python -m bench.report                    # 5 folds, epochs as in config.yml
    .venv/bin/python -m bench.report --folds 3 --epochs 30
    .venv/bin/python -m bench.report --skip-cv          # held-out + stories only (~2 min)

Steps (each prints its progress and time):
  1. `rasa test nlu` on tests/heldout/nlu/ (heldout.yml, heldout_ru.yml, heldout_kk.yml) with
     models/child-safety.tar.gz                                               -> reports/heldout/
  1b. the same on tests/heldout/nlu_fresh/ (fresh_en/ru/kk.yml, a second held-out set) -> reports/fresh/
  2. `rasa test core` on tests/bot/test_stories.yml with the same model          -> reports/core/
  3. `rasa test nlu --cross-validation` on data/ (a model per fold)           -> reports/cv/
     Each fold trains a model from scratch (~1-2 min on 2 cores): --folds and --epochs trade
     precision for time. The folds train with a throw-away cache, not the project's .rasa/.

`rasa test nlu` undoes the FallbackClassifier to show the classifier's own guess; the figures
called "live" here count a guess below the FallbackClassifier threshold of config.yml as
`nlu_fallback`, which is what the user gets (as tests/test_nlu.py does). The ambiguity rule of
the FallbackClassifier (top two intents closer than ambiguity_threshold) cannot be seen in
rasa's output files and is not counted, so the live fallback share is a lower bound.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
RASA = Path(sys.executable).parent / "rasa"
MODEL = ROOT / "models" / "child-safety.tar.gz"
HELDOUT = ROOT / "tests" / "heldout" / "nlu"
# Which file holds which language's messages: the figures are split by language with these.
HELDOUT_FILES = {"en": [HELDOUT / "heldout.yml"], "ru": [HELDOUT / "heldout_ru.yml"],
                 "kk": [HELDOUT / "heldout_kk.yml"]}
# A second held-out set, written after the training data had been tuned on the first one's errors
# (session 3), by a helper that saw neither: the check that the tuning generalises.
FRESH = ROOT / "tests" / "heldout" / "nlu_fresh"
FRESH_FILES = {"en": [FRESH / "fresh_en.yml"], "ru": [FRESH / "fresh_ru.yml"], "kk": [FRESH / "fresh_kk.yml"]}
TRAIN_FILES = {"en": [ROOT / "data" / "nlu.yml", ROOT / "data" / "language.yml"],
               "ru": [ROOT / "data" / "nlu_ru.yml"], "kk": [ROOT / "data" / "nlu_kk.yml"]}
LANG_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}
STORIES = ROOT / "tests" / "bot" / "test_stories.yml"
CONFIG = ROOT / "config.yml"
DOCS = ROOT / "docs"
OOS, CRISIS, FALLBACK = "out_of_scope", "crisis", "nlu_fallback"
# the model's inputs, as the Makefile's TRAIN_INPUTS (the channel code in addons/ is not one)
TRAIN_INPUTS = [CONFIG, ROOT / "domain.yml", *sorted((ROOT / "data").glob("*.yml")),
                ROOT / "addons" / "safety_net.py", ROOT / "addons" / "language_detector.py", ROOT / "addons" / "language.py"]

TARGETS = {  # per language: name: (figure key, minimum or maximum, value)
    "en": {
        "held-out intent accuracy >= 97 %": ("accuracy", ">=", 0.97),
        "crisis recall = 100 % (live)": ("crisis_recall_live", ">=", 1.0),
        "out-of-scope rejection >= 95 % (live)": ("oos_rejection_live", ">=", 0.95),
        "in-scope messages falling back <= 2 % (live)": ("in_scope_fallback_live", "<=", 0.02),
    },
    "ru": {"held-out intent accuracy >= 93 %": ("accuracy", ">=", 0.93),
           "crisis recall = 100 % (live)": ("crisis_recall_live", ">=", 1.0)},
    "kk": {"held-out intent accuracy >= 93 %": ("accuracy", ">=", 0.93),
           "crisis recall = 100 % (live)": ("crisis_recall_live", ">=", 1.0)},
}


# What the figures cannot show by themselves (kept with the report so nobody reads them bare).
CAVEATS = [
    "- The held-out sets were written apart from the training data and are never trained on "
    "(a test checks that no held-out message is a training example). They were not untouched: "
    "the English set chose the fallback threshold and showed two out-of-scope gaps (session 1); "
    "the first Russian/Kazakh runs showed gaps for which generic examples were added to the "
    "training data (translation requests, driving licences (\"права\"), questions to a quoted "
    "person that start with \"а\" / \"ал\"), and 58 held-out messages that were also training "
    "examples (greetings, \"а третий?\") were taken out of the held-out sets. Read the held-out "
    "figures as somewhat optimistic.",
    "- Crisis recall in cross-validation is 100 % by construction: the crisis patterns "
    "(data/safety.yml) were written to catch every crisis example of the training data. The "
    "held-out crisis recall, on messages the patterns were not written from, is the real measure.",
    "- Cross-validation trains each model without a fifth of the data, paraphrases of the tested "
    "messages included: read it as the pessimistic bound and the held-out sets as the optimistic "
    "one.",
    "- The Russian and Kazakh data, held-out sets and translations were not written or reviewed by "
    "native speakers (see "
    "docs/translations.md); a review by native speakers may change the figures.",
]


# -- running rasa ----------------------------------------------------------------------------------
def fmt_s(seconds: float) -> str:
    return f"{seconds // 60:.0f} min {seconds % 60:02.0f} s" if seconds >= 60 else f"{seconds:.0f} s"


def run(step: str, args: List[str], log: Path, env: Optional[Dict[str, str]] = None,
        folds: int = 0) -> float:
    """Run a rasa command from the project root, its output to `log`; print progress lines.
    Returns the wall time. Raises SystemExit with the log's tail when it fails."""
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
           "PYTHONUNBUFFERED": "1", **(env or {})}
    log.parent.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    shown = [os.path.relpath(a, ROOT) if isinstance(a, Path) and a.is_relative_to(ROOT) else str(a)
             for a in args[1:]]
    print(f"== {step}: rasa {' '.join(shown)}", flush=True)
    trained = 0
    with open(log, "w", buffering=1) as out:
        proc = subprocess.Popen([str(a) for a in args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, bufsize=1)
        assert proc.stdout is not None
        for line in proc.stdout:
            out.write(line)
            if folds and "Finished training component 'DIETClassifier'" in line:
                trained += 1
                elapsed = time.monotonic() - start
                eta = elapsed / trained * (folds - trained)
                print(f"   fold {trained}/{folds} trained ({fmt_s(elapsed)} so far, "
                      f"~{fmt_s(eta)} to go)", flush=True)
        code = proc.wait()
    elapsed = time.monotonic() - start
    if code != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise SystemExit(f"{step} failed (exit {code}) after {fmt_s(elapsed)}; log {log}:\n{tail}")
    print(f"   done in {fmt_s(elapsed)} (log: {log.relative_to(ROOT) if log.is_relative_to(ROOT) else log})",
          flush=True)
    return elapsed


def config_with(epochs: Optional[int], path: Path) -> Path:
    """config.yml, with the DIETClassifier's epochs overridden when asked."""
    cfg = yaml.safe_load(CONFIG.read_text())
    if epochs:
        for c in cfg["pipeline"]:
            if c["name"] == "DIETClassifier":
                c["epochs"] = epochs
    path.write_text(yaml.safe_dump(cfg, sort_keys=False))
    return path


def fallback_threshold() -> float:
    cfg = yaml.safe_load(CONFIG.read_text())
    return next(c["threshold"] for c in cfg["pipeline"] if c["name"] == "FallbackClassifier")


# -- figures ---------------------------------------------------------------------------------------
def load_predictions(out: Path) -> List[dict]:
    preds: List[dict] = []
    for name in ("intent_errors.json", "intent_successes.json"):
        if (out / name).exists():
            preds += json.loads((out / name).read_text())
    return preds


def confused_pairs(preds: List[dict], top: int = 5) -> List[dict]:
    """The most confused intent pairs (both directions added), with each direction's count."""
    directed = collections.Counter((p["intent"], p["intent_prediction"]["name"]) for p in preds
                                   if p["intent"] != p["intent_prediction"]["name"])
    pairs: Dict[Tuple[str, str], int] = collections.Counter()
    for (a, b), n in directed.items():
        pairs[tuple(sorted((a, b)))] += n
    result = []
    for (a, b), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        result.append({"pair": [a, b], "count": n, f"{a}->{b}": directed.get((a, b), 0),
                       f"{b}->{a}": directed.get((b, a), 0)})
    return result


def examples_of(files: List[Path]) -> set:
    """(text, intent) of every example in these NLU files."""
    found = set()
    for f in files:
        for block in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" in block:
                found |= {(line[2:].strip(), block["intent"]) for line in block["examples"].splitlines()
                          if line.startswith("- ")}
    return found


def by_language(out: Path, threshold: float, files: Dict[str, List[Path]]) -> Dict[str, Dict[str, object]]:
    """The figures of each language (its messages are those of its files), and of all together."""
    preds = load_predictions(out)
    result = {"all": nlu_figures(preds, threshold)}
    for lang, paths in files.items():
        mine = examples_of(paths)
        subset = [p for p in preds if (p["text"], p["intent"]) in mine]
        if subset:
            result[lang] = nlu_figures(subset, threshold)
    return result


def nlu_figures(preds: List[dict], threshold: float) -> Dict[str, object]:
    from sklearn.metrics import classification_report
    truth = [p["intent"] for p in preds]
    report = classification_report(truth, [p["intent_prediction"]["name"] for p in preds],
                                   output_dict=True, zero_division=0)

    def live(p: dict) -> str:
        guess = p["intent_prediction"]
        return guess["name"] if (guess.get("confidence") or 0.0) >= threshold else FALLBACK

    def share(part: int, whole: int) -> Optional[float]:
        return round(part / whole, 4) if whole else None

    oos = [p for p in preds if p["intent"] == OOS]
    in_scope = [p for p in preds if p["intent"] != OOS]
    crisis = [p for p in preds if p["intent"] == CRISIS]
    live_oos = [p for p in preds if live(p) == OOS]
    oos_report = report.get(OOS, {})
    return {
        "messages": len(preds),
        "accuracy": round(sum(p["intent"] == p["intent_prediction"]["name"] for p in preds) / len(preds), 4),
        "macro_f1": round(report["macro avg"]["f1-score"], 4),
        "weighted_f1": round(report["weighted avg"]["f1-score"], 4),
        "accuracy_live": share(sum(live(p) == p["intent"] for p in preds), len(preds)),
        "crisis_messages": len(crisis),
        "crisis_recall": round(report.get(CRISIS, {}).get("recall", float("nan")), 4),
        "crisis_recall_live": share(sum(live(p) == CRISIS for p in crisis), len(crisis)),
        "crisis_missed": [f"{p['text']} -> {live(p)}" for p in crisis if live(p) != CRISIS],
        "oos_messages": len(oos),
        "oos_precision": round(oos_report.get("precision", float("nan")), 4),
        "oos_recall": round(oos_report.get("recall", float("nan")), 4),
        "oos_precision_live": share(sum(p["intent"] == OOS for p in live_oos), len(live_oos)),
        "oos_recall_live": share(sum(live(p) == OOS for p in oos), len(oos)),
        "oos_rejection_live": share(sum(live(p) in (OOS, FALLBACK) for p in oos), len(oos)),
        "oos_answered": [f"{p['text']} -> {live(p)}" for p in oos if live(p) not in (OOS, FALLBACK)],
        "in_scope_messages": len(in_scope),
        "in_scope_fallback_live": share(sum(live(p) == FALLBACK for p in in_scope), len(in_scope)),
        "in_scope_fallbacks": [f"{p['text']} ({p['intent']}, {p['intent_prediction']['name']} "
                               f"{p['intent_prediction']['confidence']:.2f})"
                               for p in in_scope if live(p) == FALLBACK],
        "errors": [f"{p['text']}: {p['intent']} -> {p['intent_prediction']['name']} "
                   f"({p['intent_prediction']['confidence']:.2f})"
                   for p in preds if p["intent"] != p["intent_prediction"]["name"]],
        "confused_pairs": confused_pairs(preds),
    }


def fold_spread(log: Path) -> Dict[str, float]:
    """Mean and standard deviation over the folds of the test and train accuracy, as rasa logs them."""
    figures = {}
    text = log.read_text(errors="replace") if log.exists() else ""
    for part in ("train", "test"):
        m = re.search(rf"{part} Accuracy: ([0-9.]+) \(([0-9.]+)\)", text)
        if m:
            figures[f"{part}_accuracy_fold_mean"] = float(m.group(1))
            figures[f"{part}_accuracy_fold_std"] = float(m.group(2))
    return figures


def story_figures(out: Path, log: Path) -> Dict[str, object]:
    stories = yaml.safe_load(STORIES.read_text())["stories"]
    failed_file = out / "failed_test_stories.yml"
    failed_text = failed_file.read_text() if failed_file.exists() else ""
    failed = re.findall(r"^- story: (.*)$", failed_text, flags=re.M)
    figures: Dict[str, object] = {"stories": len(stories), "stories_failed": len(failed),
                                  "failed": failed}
    report_file = out / "story_report.json"
    if report_file.exists():
        report = json.loads(report_file.read_text())
        if "accuracy" in report:
            figures["action_accuracy"] = round(report["accuracy"], 4)
        if "macro avg" in report:
            figures["action_macro_f1"] = round(report["macro avg"]["f1-score"], 4)
    return figures


# -- writing ---------------------------------------------------------------------------------------
def pct(x: Optional[float]) -> str:
    return "n/a" if x is None or x != x else f"{100 * x:.1f} %"


def target_rows(heldout: Dict[str, Dict[str, object]]) -> List[str]:
    rows = []
    for lang, targets in TARGETS.items():
        figures = heldout.get(lang, {})
        for name, (key, op, value) in targets.items():
            got = figures.get(key)
            ok = got is not None and (got >= value - 1e-9 if op == ">=" else got <= value + 1e-9)
            rows.append(f"| {LANG_NAMES[lang]}: {name} | {pct(got)} | {'met' if ok else '**not met**'} |")
    return rows


def pairs_rows(pairs: List[dict]) -> List[str]:
    rows = []
    for p in pairs:
        a, b = p["pair"]
        rows.append(f"| {a} ↔ {b} | {p['count']} | {p[f'{a}->{b}']} / {p[f'{b}->{a}']} |")
    return rows or ["| (none) | 0 | |"]


def nlu_table(cols: Dict[str, Dict[str, object]]) -> List[str]:
    names = list(cols)
    rows = [("messages", "messages", str), ("intent accuracy (classifier)", "accuracy", pct),
            ("macro F1 (classifier)", "macro_f1", pct),
            ("intent accuracy, live (fallbacks count as wrong)", "accuracy_live", pct),
            ("crisis recall (classifier)", "crisis_recall", pct),
            ("crisis recall, live (with the safety net)", "crisis_recall_live", pct),
            ("out_of_scope precision / recall (classifier)", ("oos_precision", "oos_recall"), pct),
            ("out_of_scope precision / recall, live", ("oos_precision_live", "oos_recall_live"), pct),
            ("out-of-scope rejection, live (out_of_scope or nlu_fallback)", "oos_rejection_live", pct),
            ("in-scope messages falling back, live", "in_scope_fallback_live", pct)]
    lines = ["| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for label, key, f in rows:
        cells = []
        for n in names:
            fig = cols[n]
            if isinstance(key, tuple):
                cells.append(" / ".join(f(fig.get(k)) for k in key))
            else:
                cells.append(f(fig.get(key)) if key in fig else "n/a")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def write_markdown(summary: Dict[str, object], path: Path) -> None:
    heldout = summary.get("heldout")
    cv = summary.get("cv")
    core = summary.get("core")
    lines = ["# Evaluation report", "",
             f"Made by `make report` (`bench/report.py`) on {summary['date']}; "
             f"the full output is in `reports/` (git-ignored). Model: `{summary['model']}`"
             f" (trained {summary['model_date']}). FallbackClassifier threshold "
             f"{summary['threshold']}: \"live\" figures count a guess below it as `nlu_fallback`,"
             " which is what the user gets (the ambiguity rule, top two intents closer than"
             " ambiguity_threshold, is not in rasa's output and not counted); `rasa test nlu` itself"
             " shows the classifier's guess.",
             ""]
    lines += ["## How far to trust these figures", "", *CAVEATS, ""]
    if summary.get("model_stale"):
        lines += [f"**Warning:** the model is older than {summary['model_stale']}; run `make train`"
                  " and the report again.", ""]
    if heldout:
        lines += ["## Targets (held-out sets, per language)", "", "| target | result | |", "|---|---|---|",
                  *target_rows(heldout), ""]
    if heldout:
        cols = {f"held-out {LANG_NAMES[l]}": heldout[l] for l in LANG_NAMES if l in heldout}
        lines += ["## NLU: held-out sets (never trained on)", "",
                  "tests/heldout/nlu/heldout.yml (English), heldout_ru.yml, heldout_kk.yml: written apart from "
                  "the training data, by other hands than it.", "", *nlu_table(cols), ""]
    fresh = summary.get("fresh")
    if fresh:
        cols = {f"fresh {LANG_NAMES[l]}": fresh[l] for l in LANG_NAMES if l in fresh}
        lines += ["## NLU: fresh held-out sets (the check on the tuning)", "",
                  "tests/heldout/nlu_fresh/fresh_en.yml, fresh_ru.yml, fresh_kk.yml (76, 68 and 71 messages, 11 crisis "
                  "each; those also in the training data removed): written on 27 Nov 2026 by a helper who saw neither the training data "
                  "nor the first held-out sets, after training data had been added for the intents the "
                  "first held-out sets and the cross-validation confused. The first held-out sets are "
                  "therefore optimistic for English; these are not.", "", *nlu_table(cols), ""]
        for lang in (l for l in LANG_NAMES if l in fresh):
            items = [*fresh[lang]["crisis_missed"], *fresh[lang]["oos_answered"],
                     *fresh[lang]["in_scope_fallbacks"], *fresh[lang]["errors"]]
            lines += [f"Fresh {LANG_NAMES[lang]}, crisis missed / out-of-scope answered / in-scope "
                      f"falling back / misclassified: " + ("; ".join(items) if items else "none") + ".", ""]
    if cv:
        cols = {f"{LANG_NAMES[l]}": cv["languages"][l] for l in LANG_NAMES if l in cv["languages"]}
        cols["all"] = cv
        lines += [f"## NLU: cross-validation on the training data ({cv['folds']} folds, "
                  f"{cv['epochs']} epochs)", "", *nlu_table(cols), ""]
        if cv:
            k = cv["folds"]
            spread = (f" Per fold: test accuracy {pct(cv['test_accuracy_fold_mean'])} ± "
                      f"{pct(cv['test_accuracy_fold_std'])}, accuracy on the fold's own training data "
                      f"{pct(cv.get('train_accuracy_fold_mean'))}." if "test_accuracy_fold_mean" in cv else "")
            lines += [f"Cross-validation trains the pipeline of config.yml on {k - 1}/{k} of data/ and "
                      f"tests on the rest, {k} times; every training example is tested once.{spread}", ""]
    for lang in (l for l in LANG_NAMES if heldout and l in heldout):
        lines += [f"### Most confused intent pairs, held-out {LANG_NAMES[lang]}", "",
                  "| pair | errors | a→b / b→a |", "|---|---|---|",
                  *pairs_rows(heldout[lang]["confused_pairs"]), ""]
    if cv:
        lines += ["### Most confused intent pairs, cross-validation", "",
                  "| pair | errors | a→b / b→a |", "|---|---|---|", *pairs_rows(cv["confused_pairs"]), ""]
    for lang in (l for l in LANG_NAMES if heldout and l in heldout):
        for title, key in (("crisis messages missed", "crisis_missed"),
                           ("out-of-scope messages answered", "oos_answered"),
                           ("in-scope messages that fall back", "in_scope_fallbacks"),
                           ("misclassifications (classifier)", "errors")):
            items = heldout[lang][key]
            lines += [f"### Held-out {LANG_NAMES[lang]}, {title}: {len(items)}", ""]
            lines += [f"- {i}" for i in items] + ([""] if items else [])
            if not items:
                lines += ["None.", ""]
    if core:
        lines += ["## Dialogue (tests/bot/test_stories.yml)", "",
                  f"{core['stories'] - core['stories_failed']} of {core['stories']} test stories right"
                  + (f"; action accuracy {pct(core.get('action_accuracy'))}" if "action_accuracy" in core else "")
                  + ".", ""]
        if core["failed"]:
            lines += [f"- failed: {s}" for s in core["failed"]] + [""]
    pictures = summary.get("pictures", [])
    if pictures:
        lines += ["## Pictures", ""]
        lines += [f"![{title}]({name})" for title, name in pictures] + [""]
    times = summary.get("times", {})
    if times:
        lines += ["Time taken: " + ", ".join(f"{k} {fmt_s(v)}" for k, v in times.items()) + ".", ""]
    path.write_text("\n".join(lines))


# -- main ------------------------------------------------------------------------------------------
def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=int(os.environ.get("FOLDS", 5)),
                        help="cross-validation folds (default 5, or $FOLDS)")
    parser.add_argument("--epochs", type=int, default=int(os.environ.get("EPOCHS", 0)) or None,
                        help="DIET epochs for the cross-validation models (default: as in config.yml, or $EPOCHS)")
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    parser.add_argument("--docs", type=Path, default=DOCS, help="where report.md and the pictures go")
    parser.add_argument("--skip-cv", action="store_true", help="no cross-validation (the slow part)")
    parser.add_argument("--skip-heldout", action="store_true")
    parser.add_argument("--skip-core", action="store_true")
    args = parser.parse_args(argv)
    if not args.model.exists():
        raise SystemExit(f"no trained model at {args.model}: run `make train` first")
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    threshold = fallback_threshold()
    model_mtime = args.model.stat().st_mtime
    newer = [p.relative_to(ROOT).as_posix() for p in TRAIN_INPUTS
             if p.exists() and p.stat().st_mtime > model_mtime]
    if newer and args.model.resolve() == MODEL:
        print(f"warning: {', '.join(newer)} changed after the model was trained; run `make train`",
              file=sys.stderr)
    summary: Dict[str, object] = {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "model": os.path.relpath(args.model, ROOT),
        "model_date": datetime.datetime.fromtimestamp(model_mtime).strftime("%Y-%m-%d %H:%M"),
        "model_stale": ", ".join(newer), "threshold": threshold, "times": {},
    }
    times: Dict[str, float] = summary["times"]  # type: ignore[assignment]
    pictures: List[Tuple[str, str]] = []
    steps = (not args.skip_heldout) + (not args.skip_core) + (not args.skip_cv)
    step = 0

    if not args.skip_heldout:
        step += 1
        for key, title, folder, files in (("heldout", "held-out set", HELDOUT, HELDOUT_FILES),
                                          ("fresh", "fresh held-out set", FRESH, FRESH_FILES)):
            d = out / key
            shutil.rmtree(d, ignore_errors=True)
            times[title] = run(f"[{step}/{steps}] NLU on the {title}",
                               [RASA, "test", "nlu", "--model", args.model, "--nlu", folder,
                                "--out", d, "--successes"], out / f"{key}.log")
            summary[key] = by_language(d, threshold, files)

    if not args.skip_core:
        step += 1
        d = out / "core"
        shutil.rmtree(d, ignore_errors=True)
        times["stories"] = run(f"[{step}/{steps}] dialogue test stories",
                               [RASA, "test", "core", "--model", args.model, "--stories", STORIES,
                                "--out", d, "--successes"], out / "core.log")
        summary["core"] = story_figures(d, out / "core.log")

    if not args.skip_cv:
        step += 1
        d = out / "cv"
        shutil.rmtree(d, ignore_errors=True)
        with tempfile.TemporaryDirectory(prefix="report-cv-") as tmp:
            cfg = config_with(args.epochs, Path(tmp) / "config.yml")
            epochs = next(c["epochs"] for c in yaml.safe_load(cfg.read_text())["pipeline"]
                          if c["name"] == "DIETClassifier")
            print(f"   {args.folds} folds, DIET {epochs} epochs: a model is trained per fold "
                  f"(~1-2 min each on 2 cores)", flush=True)
            times["cross-validation"] = run(
                f"[{step}/{steps}] NLU cross-validation on data/",
                [RASA, "test", "nlu", "--nlu", ROOT / "data", "--config", cfg, "--cross-validation",
                 "--folds", str(args.folds), "--out", d, "--successes"],
                out / "cv.log", env={"RASA_CACHE_DIRECTORY": str(Path(tmp) / "cache")},
                folds=args.folds)
        languages = by_language(d, threshold, TRAIN_FILES)
        summary["cv"] = {"folds": args.folds, "epochs": epochs, **languages.pop("all"),
                         "languages": languages, **fold_spread(out / "cv.log")}

    args.docs.mkdir(parents=True, exist_ok=True)
    for title, src, name in (
            ("Held-out set: intent confusion matrix", out / "heldout" / "intent_confusion_matrix.png",
             "report_heldout_confusion_matrix.png"),
            ("Held-out set: confidence histogram (hits and misses)", out / "heldout" / "intent_histogram.png",
             "report_heldout_histogram.png"),
            ("Cross-validation: intent confusion matrix", out / "cv" / "intent_confusion_matrix.png",
             "report_cv_confusion_matrix.png")):
        if src.exists() and (("heldout" in name and "heldout" in summary) or ("cv" in name and "cv" in summary)):
            shutil.copyfile(src, args.docs / name)
            pictures.append((title, name))
    summary["pictures"] = pictures
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    if "heldout" in summary or "cv" in summary or "core" in summary:
        write_markdown(summary, args.docs / "report.md")

    print()
    for key, title in (("heldout", "held-out"), ("fresh", "fresh held-out")):
        for lang in LANG_NAMES:
            h = summary.get(key, {}).get(lang)  # type: ignore[union-attr]
            if h:
                print(f"{title} {lang}:", ", ".join(f"{k} {pct(h[k])}" for k in (
                    "accuracy", "macro_f1", "crisis_recall_live", "oos_rejection_live", "in_scope_fallback_live")))
        if key == "heldout" and "heldout" in summary:
            for row in target_rows(summary["heldout"]):  # type: ignore[arg-type]
                print("  ", row.strip("| ").replace(" | ", ": ", 1).replace(" | ", " "))
    if "cv" in summary:
        c = summary["cv"]
        for lang, figures in [("all", c), *c["languages"].items()]:  # type: ignore[index, union-attr]
            print(f"cross-validation {lang} ({args.folds} folds):", ", ".join(f"{k} {pct(figures[k])}" for k in (
                "accuracy", "macro_f1", "crisis_recall_live", "oos_rejection_live", "in_scope_fallback_live")))
    if "core" in summary:
        c = summary["core"]
        print(f"stories: {c['stories'] - c['stories_failed']}/{c['stories']} right")  # type: ignore[index]
    print(f"written: {os.path.relpath(out, ROOT)}/, {os.path.relpath(args.docs / 'report.md', ROOT)}, "
          + ", ".join(os.path.relpath(args.docs / n, ROOT) for _, n in pictures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
