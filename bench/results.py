"""Reading the JSON both sides of a comparison write: {"results": [{"name", "median_ms", ...}], ...}."""


def best_by_case(runs):
    """Per case name, the result with the lowest median over several runs of one side, in suite order."""
    best = {}
    for run in runs:
        for r in run["results"]:
            if r["name"] not in best or r["median_ms"] < best[r["name"]]["median_ms"]:
                best[r["name"]] = r
    return best
