#!/usr/bin/env python3
"""Times a suite with convkit and with PyTorch, alternating, and writes a markdown comparison.

Runs `bin/convkit bench` and `torch_peer.py` on the same suite with the same thread count, taking
turns (convkit, torch, convkit, torch, ...) so that a slow spell of a shared machine hurts neither
side more than the other, and keeps each side's best median per case: PyTorch's timings jump
between processes (thread pool and allocator warm-up), and the best of a few runs is what each
side can do rather than how unlucky it was.

Writes FILE.md (table, geometric mean, worst case, the targets marked pass/fail), FILE.svg (the
ratios as bars) and FILE.json (every run's raw results). Needs Python 3 with PyTorch for the peer
(on Debian: apt-get install python3-torch; run with /usr/bin/python3); stdlib only here.

usage: compare.py [--suite bench/suite.json] [--threads N] [--only a,b] [--rounds 2] [--budget-s 2]
                  [--jdk JAVA_HOME]... [--out docs/bench-results/DATE.md] [--note TEXT]
"""
import argparse
import datetime
import json
import math
import os
import platform
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import chart  # noqa: E402  (next to this file)
import results  # noqa: E402

# The project's targets against PyTorch (ratio = torch ms / convkit ms, above 1 means convkit is faster).
GEOMEAN_TARGET = 1.0
FLOOR_TARGET = 0.5
BIG_KERNEL_TARGET = 5.0
BIG_KERNEL_CASES = ("image-5x5", "image-15x15", "gaussian-31x31-rank1")


def shared_or_copy(name):
    """The shared suite and peer beside the project are the reference; bench/ keeps a copy for tests."""
    shared = os.path.join(HERE, "..", "..", "shared", "bench", name)
    return os.path.normpath(shared) if os.path.exists(shared) else os.path.join(HERE, name)


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", default=shared_or_copy("suite.json"),
                    help="the cases (default ../shared/bench/suite.json, else the copy in bench/)")
    ap.add_argument("--threads", type=int, default=0, help="threads for both sides (default: all cores)")
    ap.add_argument("--only", default="", help="comma-separated case names")
    ap.add_argument("--rounds", type=int, default=2, help="runs of each side, alternating (default 2, at least 2)")
    ap.add_argument("--budget-s", type=float, default=2.0, help="time budget per case per run (default 2)")
    ap.add_argument("--jdk", action="append", default=[], metavar="JAVA_HOME",
                    help="run convkit with this JDK; repeat for one column per JDK (default: the java on PATH "
                         "or $JAVA_HOME)")
    ap.add_argument("--out", default="", help="the markdown file (default docs/bench-results/<date>.md); "
                                              ".svg and .json are written next to it")
    ap.add_argument("--note", default="", help="a paragraph to put at the top of the report")
    ap.add_argument("--peer", default=shared_or_copy("torch_peer.py"),
                    help="the PyTorch side (default ../shared/bench/torch_peer.py, else the copy in bench/)")
    a = ap.parse_args(argv)
    if a.rounds < 2:
        ap.error("--rounds must be at least 2: one run per side proves nothing about its variance")
    if a.threads < 0:
        ap.error("--threads must be positive (0: all cores)")
    for j in a.jdk:
        if not os.access(os.path.join(j, "bin", "java"), os.X_OK):
            ap.error(f"--jdk {j}: {j}/bin/java is not an executable")
    a.threads = a.threads or available_cores()
    return a


def available_cores():
    # the cores this process may run on, which is what the JVM's availableProcessors() reports
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class Side:
    """One column's producer: convkit on one JDK, or the PyTorch peer."""

    def __init__(self, key, label, command, env=None):
        self.key, self.label, self.command, self.env = key, label, command, env
        self.runs = []  # parsed JSON of each run

    def run(self, args, out_json):
        cmd = self.command + ["--suite", args.suite, "--threads", str(args.threads), "--budget-s",
                              str(args.budget_s), "--json", out_json]
        if args.only:
            cmd += ["--only", args.only]
        log(f"$ {' '.join(shlex.quote(c) for c in cmd)}")
        # the children's tables go to stderr: they show progress, and stdout stays this script's summary
        p = subprocess.run(cmd, stdout=sys.stderr, stderr=sys.stderr, env=self.env, cwd=ROOT)
        if p.returncode != 0:
            sys.exit(f"compare.py: {self.label} failed (exit {p.returncode}); its messages are above")
        with open(out_json) as f:
            self.runs.append(json.load(f))

    def best(self):
        return results.best_by_case(self.runs)

    def meta(self, key):
        return self.runs[0].get(key, "") if self.runs else ""


def convkit_side(jdk):
    env = dict(os.environ)
    if jdk:
        env["JAVA_HOME"] = jdk
    version = java_version(env)
    key = "convkit-jdk" + version.split(".")[0].split("-")[0]
    return Side(key, f"convkit (JDK {version})", [os.path.join(ROOT, "bin", "convkit"), "bench"], env)


def java_version(env):
    """The JDK's version as the launcher will run it, e.g. '17.0.15'."""
    java = os.path.join(env["JAVA_HOME"], "bin", "java") if env.get("JAVA_HOME") else "java"
    p = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True)
    for line in p.stderr.splitlines():
        if line.strip().startswith("java.version ="):
            return line.split("=", 1)[1].strip()
    sys.exit(f"compare.py: cannot run {java} -version: {p.stderr.strip()}")


def check_suite(path, only):
    """Refuses cases the peer would compute differently from convkit, rather than compare unlike things."""
    with open(path) as f:
        cases = json.load(f)["cases"]
    wanted = set(filter(None, only.split(",")))
    unknown = wanted - {c["name"] for c in cases}
    if unknown:
        # the peer would skip them without a word, and the comparison would quietly shrink
        sys.exit(f"compare.py: {path} has no case named {', '.join(sorted(unknown))}")
    for c in cases:
        if wanted and c["name"] not in wanted:
            continue
        pads = c.get("padding", [])
        if c.get("op") in ("max_pool", "avg_pool") and any(a != b for a, b in pads):
            sys.exit(f"compare.py: case {c['name']}: torch_peer.py pools with the 'before' padding on both sides, "
                     f"so asymmetric pooling padding would not be the same problem on both sides")


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def checks(ratios):
    """The targets, each (description, verdict, detail)."""
    out = []
    g = geomean(list(ratios.values()))
    out.append((f"geometric mean >= {GEOMEAN_TARGET:g}", verdict(g >= GEOMEAN_TARGET), f"{g:.3g}"))
    worst = min(ratios, key=ratios.get)
    out.append((f"no case below {FLOOR_TARGET:g}", verdict(ratios[worst] >= FLOOR_TARGET),
                f"worst: {worst} {ratios[worst]:.3g}"))
    for name in BIG_KERNEL_CASES:
        if name in ratios:
            out.append((f"{name} >= {BIG_KERNEL_TARGET:g}x", verdict(ratios[name] >= BIG_KERNEL_TARGET),
                        f"{ratios[name]:.3g}"))
        else:
            out.append((f"{name} >= {BIG_KERNEL_TARGET:g}x", "not run", "not in this run"))
    return out


def verdict(ok):
    return "**pass**" if ok else "**FAIL**"


def ms(x):
    return f"{x:.3f}" if x < 100 else f"{x:.1f}"


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} logical CPUs ({available_cores()} available), {platform.system()} {platform.release()}"


def markdown(args, torch, convkits, rows, ratio_cols, argv):
    today = datetime.date.today().isoformat()
    lines = [f"# convkit vs PyTorch, {today}", ""]
    algorithms = {r["algorithm"] for row in rows for r in row["convkit"].values()}
    if algorithms <= {"reference", "-"}:
        lines += ["> **convkit ran its reference engine only** (plain loops, double accumulation): these are not",
                  "> the fast engine's numbers and say nothing about the targets below.", ""]
    if args.note:
        lines += [args.note, ""]
    lines += [f"- machine: {machine()}",
              f"- threads: {args.threads} on both sides; budget {args.budget_s:g} s per case per run; "
              f"{args.rounds} runs per side, alternating; best median per case kept",
              f"- peer: {torch.meta('peer')} (`{shown(args.peer)}`)"]
    for s in convkits:
        lines.append(f"- {s.label}: {s.meta('peer')}, kernels: {s.meta('kernels')}")
    lines += [f"- suite: `{shown(args.suite)}`",
              f"- command: `/usr/bin/python3 bench/compare.py {' '.join(shlex.quote(a) for a in argv)}`", ""]

    head = ["case", "torch ms"]
    for s in convkits:
        head += [f"{s.label} ms", "torch/convkit"]
    head.append("convkit algorithm")
    lines += ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 2) + ["---"]) + "|"]
    for row in rows:
        cells = [row["name"], ms(row["torch"]["median_ms"])]
        for s in convkits:
            r = row["convkit"][s.key]
            cells += [ms(r["median_ms"]), f"{ratio_cols[s.key][row['name']]:.3g}"]
        algs = []
        for s in convkits:
            if row["convkit"][s.key]["algorithm"] not in algs:
                algs.append(row["convkit"][s.key]["algorithm"])
        cells.append(" / ".join(algs))
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "ratio = torch ms / convkit ms: above 1, convkit is faster.", ""]

    for s in convkits:
        lines += [f"## Targets, {s.label}", "", "| target | result | value |", "|---|---|---|"]
        for desc, v, detail in checks(ratio_cols[s.key]):
            lines.append(f"| {desc} | {v} | {detail} |")
        lines.append("")
    lines += [f"![torch/convkit per case]({os.path.basename(args.svg)})", ""]
    return "\n".join(lines)


def shown(path):
    """A path as a reader of the report can use it: from the repository root when it is inside it."""
    rel = os.path.relpath(path, ROOT)
    return path if rel.startswith("..") else rel


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def main(argv):
    args = parse_args(argv)
    # the children run from the repository root, so every path handed to them is made absolute
    args.suite, args.peer = os.path.abspath(args.suite), os.path.abspath(args.peer)
    check_suite(args.suite, args.only)
    out = args.out or os.path.join(ROOT, "docs", "bench-results", datetime.date.today().isoformat() + ".md")
    out = os.path.abspath(out)
    stem = out[:-3] if out.endswith(".md") else out
    args.svg, raw = stem + ".svg", stem + ".json"
    os.makedirs(os.path.dirname(out), exist_ok=True)

    convkits = [convkit_side(j) for j in (args.jdk or [None])]
    if len({s.key for s in convkits}) != len(convkits):
        sys.exit("compare.py: two --jdk options name the same Java version")
    torch = Side("torch", "PyTorch", [sys.executable, args.peer])

    with tempfile.TemporaryDirectory(prefix="convkit-compare-") as tmp:
        n = 0
        for rnd in range(args.rounds):
            for s in convkits:
                for side in (s, torch):
                    n += 1
                    log(f"== round {rnd + 1}/{args.rounds}: {side.label}")
                    side.run(args, os.path.join(tmp, f"{n}.json"))

    best_torch = torch.best()
    best = {s.key: s.best() for s in convkits}
    rows, ratio_cols = [], {s.key: {} for s in convkits}
    for name, t in best_torch.items():
        row = {"name": name, "torch": t, "convkit": {}}
        for s in convkits:
            if name not in best[s.key]:
                sys.exit(f"compare.py: {s.label} has no result for {name}")
            row["convkit"][s.key] = best[s.key][name]
            ratio_cols[s.key][name] = t["median_ms"] / best[s.key][name]["median_ms"]
        rows.append(row)
    if not rows:
        sys.exit("compare.py: no cases were run")

    with open(out, "w") as f:
        f.write(markdown(args, torch, convkits, rows, ratio_cols, argv))
    series = [(s.label, [ratio_cols[s.key][r["name"]] for r in rows]) for s in convkits]
    with open(args.svg, "w") as f:
        f.write(chart.svg([r["name"] for r in rows], series, chart.title(args.threads)))
    with open(raw, "w") as f:
        json.dump({"threads": args.threads, "rounds": args.rounds, "budget_s": args.budget_s,
                   "runs": {side.key: side.runs for side in [torch] + convkits},
                   "labels": {side.key: side.label for side in [torch] + convkits}}, f, indent=1)

    for s in convkits:
        g = geomean(list(ratio_cols[s.key].values()))
        print(f"{s.label}: geometric mean torch/convkit {g:.3g} over {len(rows)} cases")
    print(f"wrote {shown(out)}, {shown(args.svg)}, {shown(raw)}")


if __name__ == "__main__":
    main(sys.argv[1:])
