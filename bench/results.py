"""Reading the JSON every side of a comparison writes ({"results": [{"name", "median_ms", ...}], ...}),
and naming what a case is: its architecture (the part of its name before the first '.') and its
kind of layer, for the report's groupings."""
import math


def best_by_case(runs):
    """Per case name, the result with the lowest median over several runs of one side, in suite order."""
    best = {}
    for run in runs:
        for r in run["results"]:
            if r["name"] not in best or r["median_ms"] < best[r["name"]]["median_ms"]:
                best[r["name"]] = r
    return best


def best_peer(peer_best, name):
    """(peer key, its result) with the lowest median for this case among the peers that ran it, or None."""
    have = [(k, b[name]) for k, b in peer_best.items() if name in b]
    return min(have, key=lambda kr: kr[1]["median_ms"]) if have else None


def architecture(name):
    """The zoo's grouping: 'resnet50.l3-3x3-b8' -> 'resnet50'; a name without '.' has no group ('')."""
    return name.split(".", 1)[0] if "." in name else ""


# The kinds of layer a report sums up, in the order a case is given the first that fits it.
KINDS = ["training step", "pooling", "transposed", "3-D", "1-D", "depthwise strided", "depthwise", "grouped",
         "dilated", "single-channel filter", "small map (<= 14x14)", "pointwise 1x1", "dense 2-D"]


def kind(case):
    """Which of KINDS a suite case is (the first that fits)."""
    op, x = case["op"], case["input"]
    dims = len(x) - 2
    if op == "conv_train_step":
        return "training step"
    if op in ("max_pool", "avg_pool"):
        return "pooling"
    if op == "conv_transpose":
        return "transposed"
    if dims == 3:
        return "3-D"
    if dims == 1:
        return "1-D"
    cin, groups = x[1], case.get("groups", 1)
    if groups > 1 and groups == cin:
        return "depthwise strided" if any(s > 1 for s in case["stride"]) else "depthwise"
    if groups > 1:
        return "grouped"
    if any(d > 1 for d in case.get("dilation", [])):
        return "dilated"
    if cin == 1:
        return "single-channel filter"
    k, s = case["weight"][2:], case["stride"]
    out = [(n + a + b - (kk - 1) - 1) // ss + 1 for n, kk, ss, (a, b) in zip(x[2:], k, s, case["padding"])]
    if math.prod(out) <= 14 * 14:
        return "small map (<= 14x14)"
    if all(kk == 1 for kk in k):
        return "pointwise 1x1"
    return "dense 2-D"
