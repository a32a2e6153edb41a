"""The report's charts: matplotlib (installed with Rasa), drawn to SVG text that the HTML page
holds inline (no file, no font or script from anywhere). Readable without colour: every series
has its own line style and marker or hatching, bars carry their numbers, and each chart has
the table of its numbers under it (report.py).
"""

from __future__ import annotations

import io
import re
from typing import Dict, List, Sequence, Tuple

Series = List[Tuple[str, Sequence[float]]]
STYLES = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "D")]
HATCHES = ["", "///", "xxx", "..."]
COLOURS = ["#1f4e79", "#c55a11", "#548235", "#7030a0"]  # dark enough on white; never the only cue


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "insights", "font.size": 9,
                         "axes.spines.top": False, "axes.spines.right": False, "figure.dpi": 100})
    return plt


def _svg(fig) -> str:
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight")
    _plt().close(fig)
    text = out.getvalue()
    text = text[text.index("<svg"):]  # no XML prolog or DOCTYPE inside HTML
    return re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)


def _day_ticks(ax, days: Sequence[str]) -> None:
    step = max(1, len(days) // 12)
    ax.set_xticks(range(0, len(days), step))
    ax.set_xticklabels([days[i][5:] for i in range(0, len(days), step)], rotation=45, ha="right")


def lines(days: Sequence[str], series: Series, ylabel: str, percent: bool = False) -> str:
    """One line per series over the days, each with its own style and marker, labelled."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 3.2))
    for i, (label, values) in enumerate(series):
        style, marker = STYLES[i % len(STYLES)]
        shown = [v * 100 for v in values] if percent else list(values)
        ax.plot(range(len(days)), shown, linestyle=style, marker=marker, markersize=4,
                color=COLOURS[i % len(COLOURS)], label=label)
    _day_ticks(ax, days)
    ax.set_ylabel(ylabel + (" (%)" if percent else ""))
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    return _svg(fig)


def hbar(labels: Sequence[str], values: Sequence[float], xlabel: str) -> str:
    """Horizontal bars, largest at the top, each with its number at its end."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 0.8 + 0.28 * max(1, len(labels))))
    ys = range(len(labels))[::-1]
    bars = ax.barh(list(ys), list(values), color=COLOURS[0])
    ax.bar_label(bars, labels=[f"{v:g}" for v in values], padding=3)
    ax.set_yticks(list(ys))
    ax.set_yticklabels(list(labels))
    ax.set_xlabel(xlabel)
    ax.margins(x=0.12)
    return _svg(fig)


def grouped(labels: Sequence[str], series: Series, ylabel: str, percent: bool = False) -> str:
    """Groups of bars (one per label), a hatch per series, numbers on the bars."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 3.2))
    width = 0.8 / max(1, len(series))
    for i, (name, values) in enumerate(series):
        shown = [v * 100 for v in values] if percent else list(values)
        bars = ax.bar([x + i * width for x in range(len(labels))], shown, width, label=name,
                      color=COLOURS[i % len(COLOURS)], hatch=HATCHES[i % len(HATCHES)], edgecolor="white")
        ax.bar_label(bars, labels=[f"{v:.1f}" if percent else f"{v:g}" for v in shown], padding=2, fontsize=8)
    ax.set_xticks([x + width * (len(series) - 1) / 2 for x in range(len(labels))])
    ax.set_xticklabels(list(labels))
    ax.set_ylabel(ylabel + (" (%)" if percent else ""))
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    ax.margins(y=0.15)
    return _svg(fig)


def stacked(labels: Sequence[str], series: Series, xlabel: str, notes: Sequence[str] = ()) -> str:
    """Horizontal stacked bars, a hatch per series, each part's number in it; `notes` after each bar."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.3 * max(1, len(labels))))
    ys = list(range(len(labels))[::-1])
    left = [0.0] * len(labels)
    for i, (name, values) in enumerate(series):
        bars = ax.barh(ys, list(values), left=left, label=name, color=COLOURS[i % len(COLOURS)],
                       hatch=HATCHES[(i + 1) % len(HATCHES)], edgecolor="white")
        ax.bar_label(bars, labels=[f"{v:g}" if v else "" for v in values], label_type="center",
                     color="white", fontsize=8, fontweight="bold")
        left = [a + b for a, b in zip(left, values, strict=True)]
    for y, total, note in zip(ys, left, notes, strict=False):
        ax.text(total, y, f"  {note}", va="center", fontsize=8)
    ax.set_yticks(ys)
    ax.set_yticklabels(list(labels))
    ax.set_xlabel(xlabel)
    ax.margins(x=0.2)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    return _svg(fig)


def histogram(histogram: Dict[str, int], median: float, xlabel: str) -> str:
    """Bars of how many conversations had each length, and the median as a labelled line."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 3))
    xs = [int(k) for k in histogram]
    bars = ax.bar(xs, list(histogram.values()), color=COLOURS[0])
    ax.bar_label(bars, padding=2, fontsize=8)
    ax.axvline(median, linestyle="--", color="black")
    ax.text(median, ax.get_ylim()[1] * 0.95, f"  median {median:g}", va="top")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("conversations")
    ax.set_xticks(xs)
    return _svg(fig)
