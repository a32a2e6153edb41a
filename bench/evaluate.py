"""The measuring half of the evaluation report (bench/report.py writes it): `rasa test nlu` on the held-out
sets, `rasa test core` on the test stories, `rasa test nlu --cross-validation` on data/, and the figures per
language ("live": a guess below the FallbackClassifier threshold counts as `nlu_fallback`).
"""

from __future__ import annotations

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
STORIES = ROOT / "tests" / "bot" / "test_stories.yml"
CONFIG = ROOT / "config.yml"
OOS, CRISIS, FALLBACK = "out_of_scope", "crisis", "nlu_fallback"
HELP = {CRISIS, "crisis_danger", "crisis_talk", "safe_word"}  # replies that give 150, 111 and 112
# the model's inputs, as the Makefile's TRAIN_INPUTS (the channel code in addons/ is not one)
TRAIN_INPUTS = [CONFIG, ROOT / "domain.yml", *sorted((ROOT / "data").glob("*.yml")),
                *sorted((ROOT / "addons" / "nlu").glob("*.py")), ROOT / "addons" / "patches" / "training.py",
                ROOT / "core" / "detect.py", ROOT / "core" / "lexicon.py"]


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
        "crisis_recall_live": share(sum(live(p) in HELP for p in crisis), len(crisis)),
        "crisis_missed": [f"{p['text']} -> {live(p)}" for p in crisis if live(p) not in HELP],
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


# -- the steps -------------------------------------------------------------------------------------
def start_summary(model: Path, threshold: float) -> Dict[str, object]:
    """The summary's head: date, model, its age against its inputs (warns when it is stale)."""
    model_mtime = model.stat().st_mtime
    newer = [p.relative_to(ROOT).as_posix() for p in TRAIN_INPUTS
             if p.exists() and p.stat().st_mtime > model_mtime]
    if newer and model.resolve() == MODEL:
        print(f"warning: {', '.join(newer)} changed after the model was trained; run `make train`",
              file=sys.stderr)
    return {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "model": os.path.relpath(model, ROOT),
        "model_date": datetime.datetime.fromtimestamp(model_mtime).strftime("%Y-%m-%d %H:%M"),
        "model_stale": ", ".join(newer), "threshold": threshold, "times": {},
    }


def heldout_step(summary: Dict[str, object], model: Path, out: Path, label: str) -> None:
    """Step 1 and 1b: NLU on the held-out set and on the fresh held-out set."""
    times: Dict[str, float] = summary["times"]  # type: ignore[assignment]
    for key, title, folder, files in (("heldout", "held-out set", HELDOUT, HELDOUT_FILES),
                                      ("fresh", "fresh held-out set", FRESH, FRESH_FILES)):
        d = out / key
        shutil.rmtree(d, ignore_errors=True)
        times[title] = run(f"{label} NLU on the {title}",
                           [RASA, "test", "nlu", "--model", model, "--nlu", folder,
                            "--out", d, "--successes"], out / f"{key}.log")
        summary[key] = by_language(d, summary["threshold"], files)  # type: ignore[arg-type]


def core_step(summary: Dict[str, object], model: Path, out: Path, label: str) -> None:
    """Step 2: the dialogue test stories."""
    d = out / "core"
    shutil.rmtree(d, ignore_errors=True)
    args = [RASA, "test", "core", "--model", model, "--stories", STORIES, "--out", d, "--successes"]
    summary["times"]["stories"] = run(f"{label} dialogue test stories", args, out / "core.log")  # type: ignore[index]
    summary["core"] = story_figures(d, out / "core.log")


def cv_step(summary: Dict[str, object], out: Path, folds: int, epochs: Optional[int], label: str) -> None:
    """Step 3: NLU cross-validation on data/, a model trained per fold with a throw-away cache."""
    d = out / "cv"
    shutil.rmtree(d, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="report-cv-") as tmp:
        cfg = config_with(epochs, Path(tmp) / "config.yml")
        used = next(c["epochs"] for c in yaml.safe_load(cfg.read_text())["pipeline"]
                    if c["name"] == "DIETClassifier")
        print(f"   {folds} folds, DIET {used} epochs: a model is trained per fold "
              f"(~1-2 min each on 2 cores)", flush=True)
        summary["times"]["cross-validation"] = run(  # type: ignore[index]
            f"{label} NLU cross-validation on data/",
            [RASA, "test", "nlu", "--nlu", ROOT / "data", "--config", cfg, "--cross-validation",
             "--folds", str(folds), "--out", d, "--successes"],
            out / "cv.log", env={"RASA_CACHE_DIRECTORY": str(Path(tmp) / "cache")},
            folds=folds)
    languages = by_language(d, summary["threshold"], TRAIN_FILES)  # type: ignore[arg-type]
    summary["cv"] = {"folds": folds, "epochs": used, **languages.pop("all"),
                     "languages": languages, **fold_spread(out / "cv.log")}


def evaluate(model: Path, out: Path, folds: int = 5, epochs: Optional[int] = None,
             heldout: bool = True, core: bool = True, cv: bool = True) -> Dict[str, object]:
    """Run the chosen steps (rasa's output under `out`) and return the summary of their figures."""
    if not model.exists():
        raise SystemExit(f"no trained model at {model}: run `make train` first")
    out.mkdir(parents=True, exist_ok=True)
    summary = start_summary(model, fallback_threshold())
    steps, step = heldout + core + cv, 0
    if heldout:
        step += 1
        heldout_step(summary, model, out, f"[{step}/{steps}]")
    if core:
        step += 1
        core_step(summary, model, out, f"[{step}/{steps}]")
    if cv:
        step += 1
        cv_step(summary, out, folds, epochs, f"[{step}/{steps}]")
    return summary
