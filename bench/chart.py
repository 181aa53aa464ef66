#!/usr/bin/env python3
"""Draws speed ratios per case as a horizontal bar chart in SVG, by hand (no plotting library).

The ratios are the best peer's time over convkit's, per case (the faster of PyTorch and ONNX
Runtime for that case; PyTorch alone where only it ran). The axis is logarithmic and the bars grow
from 1 (equal speed): to the right when convkit is faster, to the left when it is slower, so that
2x faster and 2x slower look equally big. Lines mark the targets: 0.5 (no case slower than half of
the best peer's speed), and on the short suite 0.7 and 5 (its large-kernel cases).

usage: chart.py RESULTS.json OUT.svg   (RESULTS.json: the .json compare.py writes next to its report)
"""
import json
import math
import os
import sys
from xml.sax.saxutils import escape

import results

COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1"]
FLOOR, SUITE_FLOOR, BIG = 0.5, 0.7, 5.0

WIDTH = 900
BAR, BAR_GAP, GROUP_GAP = 14, 3, 12
TOP, BOTTOM, RIGHT = 74, 46, 24
CHAR_W = 7.0  # average width of a 12px sans-serif character, for sizing the label column


def lines_for(short_suite):
    """The target lines: (ratio, colour, label)."""
    out = [(FLOOR, "#c0392b", "0.5 floor")]
    if short_suite:
        out += [(SUITE_FLOOR, "#e67e22", "0.7"), (BIG, "#27ae60", "5x: large kernels")]
    return out


def svg(names, series, heading="", lines=None):
    """names: case names; series: [(label, [ratio per case])]; lines: the target lines (lines_for).
    Returns the SVG text. Past 60 cases the bars are drawn thinner, so that a zoo stays readable."""
    lines = lines_for(True) if lines is None else lines
    bar, gap, font = (BAR, GROUP_GAP, 12) if len(names) <= 60 else (7, 5, 8)
    char_w = CHAR_W * font / 12
    ratios = [r for _, rs in series for r in rs]
    marks = [r for r, _, _ in lines]
    lo = 10 ** math.floor(math.log10(min(ratios + marks) / 1.5))
    hi = 10 ** math.ceil(math.log10(max(ratios + marks + [1.0]) * 1.5))
    left = int(max(len(n) for n in names) * char_w) + 24
    plot_w = WIDTH - left - RIGHT
    group_h = len(series) * (bar + BAR_GAP) - BAR_GAP + gap
    top = TOP + (18 if len(series) > 1 else 0)  # room for the legend
    height = top + len(names) * group_h + BOTTOM

    def x(r):
        return left + plot_w * (math.log10(r) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
           f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">{escape(heading)}</text>']
    if len(series) > 1:
        lx = left
        for i, (label, _) in enumerate(series):
            out.append(f'<rect x="{lx}" y="36" width="12" height="12" fill="{COLORS[i % len(COLORS)]}"/>')
            out.append(f'<text x="{lx + 16}" y="46">{escape(label)}</text>')
            lx += 16 + int(len(label) * CHAR_W) + 24
    plot_top, plot_bottom = top - 6, height - BOTTOM + 6

    # decades, then the target lines, under the bars
    e = int(round(math.log10(lo)))
    while 10 ** e <= hi * 1.0001:
        gx = x(10 ** e)
        out.append(f'<line x1="{gx:.1f}" y1="{plot_top}" x2="{gx:.1f}" y2="{plot_bottom}" stroke="#ddd"/>')
        out.append(f'<text x="{gx:.1f}" y="{plot_bottom + 16}" text-anchor="middle" fill="#555">{tick(10 ** e)}</text>')
        e += 1
    for r, color, label in lines:
        gx = x(r)
        out.append(f'<line x1="{gx:.1f}" y1="{plot_top}" x2="{gx:.1f}" y2="{plot_bottom}" stroke="{color}" '
                   f'stroke-dasharray="5,4"/>')
        # above the plot, where no bar can cover it
        out.append(f'<text x="{gx:.1f}" y="{plot_top - 4}" text-anchor="middle" fill="{color}" '
                   f'font-size="11">{label}</text>')
    one = x(1)
    out.append(f'<line x1="{one:.1f}" y1="{plot_top}" x2="{one:.1f}" y2="{plot_bottom}" stroke="#333" '
               f'stroke-width="1.5"/>')
    out.append(f'<text x="{(left + WIDTH - RIGHT) / 2}" y="{height - 10}" text-anchor="middle" fill="#333">'
               f'best peer\'s time / convkit\'s time (log scale; right of 1: convkit faster)</text>')

    for i, name in enumerate(names):
        gy = top + i * group_h
        mid = gy + (group_h - gap) / 2
        out.append(f'<text x="{left - 8}" y="{mid + font / 3:.1f}" text-anchor="end" font-size="{font}">'
                   f'{escape(name)}</text>')
        for j, (label, rs) in enumerate(series):
            r = rs[i]
            y = gy + j * (bar + BAR_GAP)
            x0, x1 = sorted((one, x(r)))
            out.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{bar}" '
                       f'fill="{COLORS[j % len(COLORS)]}"><title>{escape(name)}, {escape(label)}: {r:.3g}</title></rect>')
            # the value beside the bar's outer end, or inside the plot when that end is at its edge
            if r >= 1:
                tx, anchor = (x1 + 4, "start") if x1 + 50 < WIDTH - RIGHT + 20 else (x1 - 4, "end")
            else:
                tx, anchor = (x0 - 4, "end") if x0 - 50 > left else (one + 4, "start")
            fill = "#c0392b" if r < FLOOR else "#333"
            out.append(f'<text x="{tx:.1f}" y="{y + bar - (3 if bar > 10 else 0.5)}" text-anchor="{anchor}" '
                       f'font-size="{font - 1}" '
                       f'fill="{fill}">{r:.3g}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def tick(v):
    return f"{v:g}" if v >= 0.001 else f"1e{int(round(math.log10(v)))}"


def title(threads, peers=("torch",)):
    names = {"torch": "PyTorch", "ort": "ONNX Runtime"}
    best = " or ".join(names[p] for p in peers)
    return f"{'Best of ' if len(peers) > 1 else ''}{best} time / convkit time, {threads} threads"


def main(argv):
    """Redraws a chart from compare.py's raw results, e.g. after changing this file."""
    if len(argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    with open(argv[0]) as f:
        data = json.load(f)
    peers = data.get("peers", ["torch"])
    best = {key: results.best_by_case(runs) for key, runs in data["runs"].items()}
    peer_best = {k: best[k] for k in peers}
    convkits = [k for k in best if k not in peers]
    # the cases in convkit's (the suite's) order that some peer ran
    names = [n for n in best[convkits[0]] if results.best_peer(peer_best, n)]
    series = [(data["labels"][k], [results.best_peer(peer_best, n)[1]["median_ms"] / best[k][n]["median_ms"]
                                   for n in names]) for k in convkits]
    short = os.path.basename(data.get("suite", "suite.json")) == "suite.json"
    with open(argv[1], "w") as f:
        f.write(svg(names, series, title(data["threads"], peers), lines_for(short)))


if __name__ == "__main__":
    main(sys.argv[1:])
