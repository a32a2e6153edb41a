"""Evaluation report: NLU cross-validation on the training data, NLU on the held-out sets (English,
Russian, Kazakh) with the trained model, and the dialogue test stories. NLU figures are given per
language. Writes everything under reports/ (git-ignored), copies the key pictures to docs/ and
writes a short summary, docs/report.md.

    .venv/bin/python -m bench.report                    # 5 folds, epochs as in config.yml
    .venv/bin/python -m bench.report --folds 3 --epochs 30
    .venv/bin/python -m bench.report --skip-cv          # held-out + stories only (~2 min)

Steps (each prints its progress and time):
  1. `rasa test nlu` on tests/heldout/nlu/ (heldout.yml, heldout_ru.yml, heldout_kk.yml) with
     models/child-safety.tar.gz                                               -> reports/heldout/
  1b. the same on tests/heldout/nlu_fresh/ (fresh_en/ru/kk.yml, a second held-out set) -> reports/fresh/
  1c. the same on tests/heldout/crisis_fresh5/ and 7/, and the false alarms of 1 and 1b (bench/crisis.py) -> reports/crisis/
  2. `rasa test core` on tests/bot/test_stories.yml with the same model          -> reports/core/
  3. `rasa test nlu --cross-validation` on data/ (a model per fold)           -> reports/cv/
     Each fold trains a model from scratch (~1-2 min on 2 cores; --folds and --epochs trade
     precision for time) with a throw-away cache, not the project's .rasa/.

`rasa test nlu` undoes the FallbackClassifier to show the classifier's own guess; the figures
called "live" here count a guess below the FallbackClassifier threshold of config.yml as
`nlu_fallback`, which is what the user gets (as tests/bot/test_nlu.py does). The ambiguity rule of
the FallbackClassifier (top two intents closer than ambiguity_threshold) cannot be seen in
rasa's output files and is not counted, so the live fallback share is a lower bound.

Measuring is bench/evaluate.py (and bench/crisis.py); this module is the command line and writes
the summary out (reports/summary.json, docs/report.md, the pictures).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from bench import crisis
from bench.evaluate import MODEL, ROOT, evaluate, fmt_s

LANG_NAMES = crisis.LANG_NAMES
DOCS = ROOT / "docs"
PICTURES = (  # title, rasa's file under reports/, its name in docs/
    ("Held-out set: intent confusion matrix", "heldout/intent_confusion_matrix.png", "report_heldout_confusion_matrix.png"),
    ("Held-out set: confidence histogram (hits and misses)", "heldout/intent_histogram.png", "report_heldout_histogram.png"),
    ("Cross-validation: intent confusion matrix", "cv/intent_confusion_matrix.png", "report_cv_confusion_matrix.png"))
CONSOLE_KEYS = ("accuracy", "macro_f1", "crisis_recall_live", "oos_rejection_live", "in_scope_fallback_live")
PAIRS_HEAD = ["| pair | errors | a→b / b→a |", "|---|---|---|"]

TARGETS = {  # per language: name: (figure key, minimum or maximum, value)
    "en": {
        "held-out intent accuracy >= 97 %": ("accuracy", ">=", 0.97),
        "crisis recall = 100 % (live)": ("crisis_recall_live", ">=", 1.0),
        "out-of-scope rejection >= 95 % (live)": ("oos_rejection_live", ">=", 0.95),
        "in-scope messages falling back <= 2 % (live)": ("in_scope_fallback_live", "<=", 0.02),
    },
    "ru": {"held-out intent accuracy >= 93 %": ("accuracy", ">=", 0.93), "crisis recall = 100 % (live)": ("crisis_recall_live", ">=", 1.0)},
    "kk": {"held-out intent accuracy >= 93 %": ("accuracy", ">=", 0.93), "crisis recall = 100 % (live)": ("crisis_recall_live", ">=", 1.0)},
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


# -- tables --------------------------------------------------------------------------------------
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
        cells = [" / ".join(f(cols[n].get(k)) for k in key) if isinstance(key, tuple)
                 else f(cols[n].get(key)) if key in cols[n] else "n/a" for n in names]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


# -- docs/report.md, section by section --------------------------------------------------------------
def intro_lines(summary: Dict[str, object]) -> List[str]:
    lines = ["# Evaluation report", "",
             f"Made by `make report` (`bench/report.py`) on {summary['date']}; "
             f"the full output is in `reports/` (git-ignored). Model: `{summary['model']}`"
             f" (trained {summary['model_date']}). FallbackClassifier threshold "
             f"{summary['threshold']}: \"live\" figures count a guess below it as `nlu_fallback`,"
             " which is what the user gets (the ambiguity rule, top two intents closer than"
             " ambiguity_threshold, is not in rasa's output and not counted); `rasa test nlu` itself"
             " shows the classifier's guess.", ""]
    lines += ["## How far to trust these figures", "", *CAVEATS, ""]
    if summary.get("model_stale"):
        lines += [f"**Warning:** the model is older than {summary['model_stale']}; run `make train`"
                  " and the report again.", ""]
    return lines


def heldout_lines(heldout: Dict[str, Dict[str, object]]) -> List[str]:
    cols = {f"held-out {LANG_NAMES[code]}": heldout[code] for code in LANG_NAMES if code in heldout}
    return ["## Targets (held-out sets, per language)", "", "| target | result | |", "|---|---|---|",
            *target_rows(heldout), "",
            "## NLU: held-out sets (never trained on)", "",
            "tests/heldout/nlu/heldout.yml (English), heldout_ru.yml, heldout_kk.yml: written apart from "
            "the training data, by other hands than it.", "", *nlu_table(cols), ""]


def fresh_lines(fresh: Dict[str, Dict[str, object]]) -> List[str]:
    cols = {f"fresh {LANG_NAMES[code]}": fresh[code] for code in LANG_NAMES if code in fresh}
    lines = ["## NLU: fresh held-out sets (the check on the tuning)", "",
             "tests/heldout/nlu_fresh/fresh_{en,ru,kk}.yml: written on 27 Nov 2026 by a helper who saw neither the "
             "training data nor the first held-out sets, after the data had been tuned on the first sets' errors "
             "(which are therefore optimistic for English; these are not).", "", *nlu_table(cols), ""]
    for lang in (code for code in LANG_NAMES if code in fresh):
        items = [*fresh[lang]["crisis_missed"], *fresh[lang]["oos_answered"],
                 *fresh[lang]["in_scope_fallbacks"], *fresh[lang]["errors"]]
        lines += [f"Fresh {LANG_NAMES[lang]}, crisis missed / out-of-scope answered / in-scope "
                  f"falling back / misclassified: " + ("; ".join(items) if items else "none") + ".", ""]
    return lines


def cv_lines(cv: Dict[str, object]) -> List[str]:
    cols = {f"{LANG_NAMES[code]}": cv["languages"][code] for code in LANG_NAMES if code in cv["languages"]}
    cols["all"] = cv
    k = cv["folds"]
    spread = (f" Per fold: test accuracy {pct(cv['test_accuracy_fold_mean'])} ± "
              f"{pct(cv['test_accuracy_fold_std'])}, accuracy on the fold's own training data "
              f"{pct(cv.get('train_accuracy_fold_mean'))}." if "test_accuracy_fold_mean" in cv else "")
    return [f"## NLU: cross-validation on the training data ({cv['folds']} folds, "
            f"{cv['epochs']} epochs)", "", *nlu_table(cols), "",
            f"Cross-validation trains the pipeline of config.yml on {k - 1}/{k} of data/ and "
            f"tests on the rest, {k} times; every training example is tested once.{spread}", ""]


def pairs_lines(heldout: Optional[Dict[str, Dict[str, object]]], cv: Optional[Dict[str, object]]) -> List[str]:
    lines = []
    for lang in (code for code in LANG_NAMES if heldout and code in heldout):
        lines += [f"### Most confused intent pairs, held-out {LANG_NAMES[lang]}", "",
                  *PAIRS_HEAD, *pairs_rows(heldout[lang]["confused_pairs"]), ""]
    if cv:
        lines += ["### Most confused intent pairs, cross-validation", "",
                  *PAIRS_HEAD, *pairs_rows(cv["confused_pairs"]), ""]
    return lines


def heldout_items_lines(heldout: Dict[str, Dict[str, object]]) -> List[str]:
    lines = []
    for lang in (code for code in LANG_NAMES if code in heldout):
        for title, key in (("crisis messages missed", "crisis_missed"), ("out-of-scope messages answered", "oos_answered"),
                           ("in-scope messages that fall back", "in_scope_fallbacks"), ("misclassifications (classifier)", "errors")):
            items = heldout[lang][key]
            lines += [f"### Held-out {LANG_NAMES[lang]}, {title}: {len(items)}", ""]
            lines += ([f"- {i}" for i in items] + [""]) if items else ["None.", ""]
    return lines


def core_lines(core: Dict[str, object]) -> List[str]:
    lines = ["## Dialogue (tests/bot/test_stories.yml)", "",
             f"{core['stories'] - core['stories_failed']} of {core['stories']} test stories right"
             + (f"; action accuracy {pct(core.get('action_accuracy'))}" if "action_accuracy" in core else "")
             + ".", ""]
    if core["failed"]:
        lines += [f"- failed: {s}" for s in core["failed"]] + [""]
    return lines


def write_markdown(summary: Dict[str, object], path: Path) -> None:
    heldout, fresh, cv, core = (summary.get(k) for k in ("heldout", "fresh", "cv", "core"))
    lines = intro_lines(summary)
    lines += heldout_lines(heldout) if heldout else []
    lines += fresh_lines(fresh) if fresh else []
    lines += crisis.lines(summary)
    lines += cv_lines(cv) if cv else []
    lines += pairs_lines(heldout, cv)
    lines += heldout_items_lines(heldout) if heldout else []
    lines += core_lines(core) if core else []
    pictures = summary.get("pictures", [])
    if pictures:
        lines += ["## Pictures", "", *(f"![{title}]({name})" for title, name in pictures), ""]
    times = summary.get("times", {})
    if times:
        lines += ["Time taken: " + ", ".join(f"{k} {fmt_s(v)}" for k, v in times.items()) + ".", ""]
    path.write_text("\n".join(lines))


# -- main ------------------------------------------------------------------------------------------
def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
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
    return parser.parse_args(argv)


def copy_pictures(summary: Dict[str, object], out: Path, docs: Path) -> List[Tuple[str, str]]:
    """rasa's key pictures of the steps that ran, copied to docs/: (title, file name) of each."""
    docs.mkdir(parents=True, exist_ok=True)
    pictures: List[Tuple[str, str]] = []
    for title, picture, name in PICTURES:
        src = out / picture
        if src.exists() and (("heldout" in name and "heldout" in summary) or ("cv" in name and "cv" in summary)):
            shutil.copyfile(src, docs / name)
            pictures.append((title, name))
    return pictures


def print_summary(summary: Dict[str, object], folds: int, out: Path, docs: Path, pictures: List[Tuple[str, str]]) -> None:
    """The key figures on stdout, then the files written."""
    print()
    for key, title in (("heldout", "held-out"), ("fresh", "fresh held-out")):
        for lang in LANG_NAMES:
            h = summary.get(key, {}).get(lang)  # type: ignore[union-attr]
            if h:
                print(f"{title} {lang}:", ", ".join(f"{k} {pct(h[k])}" for k in CONSOLE_KEYS))
        if key == "heldout" and "heldout" in summary:
            for row in target_rows(summary["heldout"]):  # type: ignore[arg-type]
                print("  ", row.strip("| ").replace(" | ", ": ", 1).replace(" | ", " "))
    if "cv" in summary:
        c = summary["cv"]
        for lang, figures in [("all", c), *c["languages"].items()]:  # type: ignore[index, union-attr]
            print(f"cross-validation {lang} ({folds} folds):", ", ".join(f"{k} {pct(figures[k])}" for k in CONSOLE_KEYS))
    if "core" in summary:
        c = summary["core"]
        print(f"stories: {c['stories'] - c['stories_failed']}/{c['stories']} right")  # type: ignore[index]
    print(f"written: {os.path.relpath(out, ROOT)}/, {os.path.relpath(docs / 'report.md', ROOT)}, "
          + ", ".join(os.path.relpath(docs / n, ROOT) for _, n in pictures))


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    out: Path = args.out.resolve()
    summary = evaluate(args.model, out, folds=args.folds, epochs=args.epochs, heldout=not args.skip_heldout,
                       core=not args.skip_core, cv=not args.skip_cv)
    if not args.skip_heldout:  # the crisis sets, and false alarms of the held-out sets
        crisis.step(summary, args.model, out, "[+]")
    pictures = copy_pictures(summary, out, args.docs)
    summary["pictures"] = pictures
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    if "heldout" in summary or "cv" in summary or "core" in summary:
        write_markdown(summary, args.docs / "report.md")
    print_summary(summary, args.folds, out, args.docs, pictures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
