#!/usr/bin/env python3
"""Draws speed ratios per case as a horizontal bar chart in SVG, by hand (no plotting library).

The axis is logarithmic and the bars grow from 1 (equal speed): to the right when convkit is
faster, to the left when it is slower, so that 2x faster and 2x slower look equally big. Lines mark
the targets: 0.5 (no case slower than half of PyTorch's speed) and 5 (the large-kernel cases).

usage: chart.py RESULTS.json OUT.svg   (RESULTS.json: the .json compare.py writes next to its report)
"""
import json
import math
import sys
from xml.sax.saxutils import escape

import results

COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1"]
FLOOR, BIG = 0.5, 5.0

WIDTH = 900
BAR, BAR_GAP, GROUP_GAP = 14, 3, 12
TOP, BOTTOM, RIGHT = 74, 46, 24
CHAR_W = 7.0  # average width of a 12px sans-serif character, for sizing the label column


def svg(names, series, heading=""):
    """names: case names; series: [(label, [ratio per case])]. Returns the SVG text."""
    ratios = [r for _, rs in series for r in rs]
    lo = 10 ** math.floor(math.log10(min(ratios + [FLOOR]) / 1.5))
    hi = 10 ** math.ceil(math.log10(max(ratios + [BIG]) * 1.5))
    left = int(max(len(n) for n in names) * CHAR_W) + 24
    plot_w = WIDTH - left - RIGHT
    group_h = len(series) * (BAR + BAR_GAP) - BAR_GAP + GROUP_GAP
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
    for r, color, label in ((FLOOR, "#c0392b", "0.5 floor"), (BIG, "#27ae60", "5x: large kernels")):
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
               f'PyTorch time / convkit time (log scale; right of 1: convkit faster)</text>')

    for i, name in enumerate(names):
        gy = top + i * group_h
        mid = gy + (group_h - GROUP_GAP) / 2
        out.append(f'<text x="{left - 8}" y="{mid + 4:.1f}" text-anchor="end">{escape(name)}</text>')
        for j, (label, rs) in enumerate(series):
            r = rs[i]
            y = gy + j * (BAR + BAR_GAP)
            x0, x1 = sorted((one, x(r)))
            out.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{BAR}" '
                       f'fill="{COLORS[j % len(COLORS)]}"><title>{escape(name)}, {escape(label)}: {r:.3g}</title></rect>')
            # the value beside the bar's outer end, or inside the plot when that end is at its edge
            if r >= 1:
                tx, anchor = (x1 + 4, "start") if x1 + 50 < WIDTH - RIGHT + 20 else (x1 - 4, "end")
            else:
                tx, anchor = (x0 - 4, "end") if x0 - 50 > left else (one + 4, "start")
            fill = "#c0392b" if r < FLOOR else "#333"
            out.append(f'<text x="{tx:.1f}" y="{y + BAR - 3}" text-anchor="{anchor}" font-size="11" '
                       f'fill="{fill}">{r:.3g}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def tick(v):
    return f"{v:g}" if v >= 0.001 else f"1e{int(round(math.log10(v)))}"


def title(threads):
    return f"PyTorch time / convkit time, {threads} threads"


def main(argv):
    """Redraws a chart from compare.py's raw results, e.g. after changing this file."""
    if len(argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    with open(argv[0]) as f:
        data = json.load(f)
    best = {key: results.best_by_case(runs) for key, runs in data["runs"].items()}
    names = list(best["torch"])
    series = [(data["labels"][k], [best["torch"][n]["median_ms"] / best[k][n]["median_ms"] for n in names])
              for k in best if k != "torch"]
    with open(argv[1], "w") as f:
        f.write(svg(names, series, title(data["threads"])))


if __name__ == "__main__":
    main(sys.argv[1:])
