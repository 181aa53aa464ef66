#!/usr/bin/env python3
"""Times a suite with convkit, PyTorch and ONNX Runtime, alternating, and writes a markdown comparison.

Runs `bin/convkit bench`, `torch_peer.py` and `ort_peer.py` on the same suite with the same thread
count, taking turns (convkit, torch, ort, convkit, torch, ort, ...; with several --jdk, each convkit
JDK in turn followed by the peers) so that a slow spell of a shared machine hurts no side more than
the others, and keeps each side's best median per case: the peers' timings jump between processes
(thread pool and allocator warm-up), and the best of a few runs is what each side can do rather
than how unlucky it was.

Each case is compared with each peer and with the best peer for that case (the one with the lower
median; ONNX Runtime has no training step, so for conv_train_step cases the best peer is PyTorch).
Ratio = peer ms / convkit ms: above 1, convkit is faster.

Writes FILE.md (per-architecture tables with each side's best median and convkit's min/median/max
from the run whose median was kept, the ratios, the geometric mean against the best peer, the
cases under 0.5, the 10 worst, a summary by kind of layer, and the targets marked pass/fail),
FILE.svg (the ratios against the best peer as bars) and FILE.json (every run's raw results).
Needs Python 3 with PyTorch for its peer (on Debian: apt-get install python3-torch; run with
/usr/bin/python3) and, for the ONNX Runtime peer, a virtual environment with onnxruntime, onnx and
numpy (--ort-python); stdlib only here.

usage: compare.py [--suite bench/suite.json] [--threads N] [--only a,b,'arch.*'] [--rounds 2]
                  [--budget-s 2] [--jdk JAVA_HOME]... [--peers torch,ort] [--ort-python PY]
                  [--out docs/bench-results/DATE.md] [--note TEXT]
"""
import argparse
import datetime
import fnmatch
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

# The project's targets (ratio = peer ms / convkit ms, above 1 means convkit is faster).
GEOMEAN_TARGET = 1.0          # against the best peer per case (and, on the short suite, against PyTorch)
FLOOR_TARGET = 0.5            # no case under this against the best peer (and, on the short suite, PyTorch)
SUITE_FLOOR_TARGET = 0.7      # the short suite: no case under this against the best peer
BIG_KERNEL_TARGET = 5.0       # the short suite's large single-channel kernels, against PyTorch
BIG_KERNEL_CASES = ("image-5x5", "image-15x15", "gaussian-31x31-rank1")
WORST_SHOWN = 10

PEERS = {"torch": "PyTorch", "ort": "ONNX Runtime"}
DEFAULT_ORT_PYTHON = os.path.expanduser("~/.venvs/ort/bin/python")


def shared_or_copy(name):
    """The shared suite and peers beside the project are the reference; bench/ keeps copies for tests."""
    shared = os.path.join(HERE, "..", "..", "shared", "bench", name)
    return os.path.normpath(shared) if os.path.exists(shared) else os.path.join(HERE, name)


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", default=shared_or_copy("suite.json"),
                    help="the cases (default ../shared/bench/suite.json, else the copy in bench/; the zoo is "
                         "bench/zoo.json)")
    ap.add_argument("--threads", type=int, default=0, help="threads for every side (default: all cores)")
    ap.add_argument("--only", default="",
                    help="comma-separated case names or shell patterns, e.g. 'resnet50.*,dcgan.g-*'")
    ap.add_argument("--rounds", type=int, default=2, help="runs of each side, alternating (default 2, at least 2)")
    ap.add_argument("--budget-s", type=float, default=2.0, help="time budget per case per run (default 2)")
    ap.add_argument("--jdk", action="append", default=[], metavar="JAVA_HOME",
                    help="run convkit with this JDK; repeat for one column per JDK (default: the java on PATH "
                         "or $JAVA_HOME)")
    ap.add_argument("--peers", default=None,
                    help="comma-separated peers: torch, ort (default: torch, and ort when --ort-python exists)")
    ap.add_argument("--out", default="", help="the markdown file (default docs/bench-results/<date>.md); "
                                              ".svg and .json are written next to it")
    ap.add_argument("--note", default="", help="a paragraph to put at the top of the report")
    ap.add_argument("--no-tune", action="store_true",
                    help="do not run 'bin/convkit tune' first (the planner then uses whatever tuning is cached)")
    ap.add_argument("--peer", "--torch-peer", dest="peer", default=shared_or_copy("torch_peer.py"),
                    help="the PyTorch side (default ../shared/bench/torch_peer.py, else the copy in bench/)")
    ap.add_argument("--ort-peer", default=shared_or_copy("ort_peer.py"),
                    help="the ONNX Runtime side (default ../shared/bench/ort_peer.py, else the copy in bench/)")
    ap.add_argument("--ort-python", default=DEFAULT_ORT_PYTHON,
                    help="the Python that has onnxruntime, onnx and numpy (default ~/.venvs/ort/bin/python)")
    a = ap.parse_args(argv)
    if a.rounds < 2:
        ap.error("--rounds must be at least 2: one run per side proves nothing about its variance")
    if a.threads < 0:
        ap.error("--threads must be positive (0: all cores)")
    for j in a.jdk:
        if not os.access(os.path.join(j, "bin", "java"), os.X_OK):
            ap.error(f"--jdk {j}: {j}/bin/java is not an executable")
    if a.peers is None:
        a.peers = ["torch"] + (["ort"] if os.access(a.ort_python, os.X_OK) else [])
    else:
        a.peers = [p.strip() for p in a.peers.split(",") if p.strip()]
        unknown = [p for p in a.peers if p not in PEERS]
        if unknown or not a.peers or len(set(a.peers)) != len(a.peers):
            ap.error(f"--peers must list some of {', '.join(PEERS)} once each, got {','.join(a.peers) or 'none'}")
        if "ort" in a.peers and not os.access(a.ort_python, os.X_OK):
            ap.error(f"--peers ort: {a.ort_python} is not an executable (see --ort-python)")
    a.threads = a.threads or available_cores()
    return a


def available_cores():
    # the cores this process may run on, which is what the JVM's availableProcessors() reports
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class Side:
    """One column's producer: convkit on one JDK, or a peer."""

    def __init__(self, key, label, command, env=None):
        self.key, self.label, self.command, self.env = key, label, command, env
        self.runs = []  # parsed JSON of each run

    def run(self, args, suite, out_json):
        cmd = self.command + ["--suite", suite, "--threads", str(args.threads), "--budget-s",
                              str(args.budget_s), "--json", out_json]
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


def peer_sides(args):
    sides = []
    for p in args.peers:
        if p == "torch":
            sides.append(Side("torch", PEERS[p], [sys.executable, args.peer]))
        else:
            sides.append(Side("ort", PEERS[p], [args.ort_python, args.ort_peer]))
    return sides


def java_version(env):
    """The JDK's version as the launcher will run it, e.g. '17.0.15'."""
    java = os.path.join(env["JAVA_HOME"], "bin", "java") if env.get("JAVA_HOME") else "java"
    p = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True)
    for line in p.stderr.splitlines():
        if line.strip().startswith("java.version ="):
            return line.split("=", 1)[1].strip()
    sys.exit(f"compare.py: cannot run {java} -version: {p.stderr.strip()}")


def select_cases(path, only):
    """The suite's cases that --only names (names or shell patterns), in the suite's order. Refuses
    cases a peer would compute differently from convkit, rather than compare unlike things."""
    with open(path) as f:
        suite = json.load(f)
    cases = suite["cases"]
    wanted = [w.strip() for w in only.split(",") if w.strip()]
    if wanted:
        unmatched = [w for w in wanted if not any(fnmatch.fnmatchcase(c["name"], w) for c in cases)]
        if unmatched:
            # a peer would skip them without a word, and the comparison would quietly shrink
            sys.exit(f"compare.py: {path} has no case named {', '.join(unmatched)}")
        cases = [c for c in cases if any(fnmatch.fnmatchcase(c["name"], w) for w in wanted)]
    for c in cases:
        pads = c.get("padding", [])
        if c.get("op") in ("max_pool", "avg_pool") and any(a != b for a, b in pads):
            sys.exit(f"compare.py: case {c['name']}: the peers pool with one padding per dimension (torch_peer.py "
                     f"uses the 'before' value on both sides), so asymmetric pooling padding would not be the "
                     f"same problem on every side")
    return suite, cases


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def median(xs):
    s = sorted(xs)
    n = len(s)
    return (s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2) if s else float("nan")


def is_short_suite(path):
    return os.path.basename(path) == "suite.json"


def checks(args, vs_best, vs_peer):
    """The targets for one convkit column, each (description, verdict, detail)."""
    out = []
    g = geomean(list(vs_best.values()))
    best_label = "the best peer" if len(args.peers) > 1 else f"the best peer ({PEERS[args.peers[0]]} only)"
    out.append((f"geometric mean against {best_label} >= {GEOMEAN_TARGET:g}", verdict(g >= GEOMEAN_TARGET),
                f"{g:.3g}"))
    worst = min(vs_best, key=vs_best.get)
    floors = [FLOOR_TARGET] + ([SUITE_FLOOR_TARGET] if is_short_suite(args.suite) else [])
    for floor in floors:
        under = sum(1 for r in vs_best.values() if r < floor)
        out.append((f"no case under {floor:g} against {best_label}", verdict(under == 0),
                    f"{under} under; worst: {worst} {vs_best[worst]:.3g}"))
    if is_short_suite(args.suite) and "torch" in vs_peer:
        t = vs_peer["torch"]
        gt = geomean(list(t.values()))
        out.append((f"ahead of PyTorch: geometric mean against PyTorch >= {GEOMEAN_TARGET:g}",
                    verdict(gt >= GEOMEAN_TARGET), f"{gt:.3g}"))
        tw = min(t, key=t.get)
        out.append((f"no case under {FLOOR_TARGET:g} against PyTorch", verdict(t[tw] >= FLOOR_TARGET),
                    f"worst: {tw} {t[tw]:.3g}"))
        for name in BIG_KERNEL_CASES:
            desc = f"{name} >= {BIG_KERNEL_TARGET:g}x PyTorch"
            out.append((desc, verdict(t[name] >= BIG_KERNEL_TARGET), f"{t[name]:.3g}") if name in t
                       else (desc, "not run", "not in this run"))
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


class Comparison:
    """The best results of every side and the ratios worked out from them."""

    def __init__(self, args, cases, peers, convkits):
        self.args, self.peers, self.convkits = args, peers, convkits
        self.cases = {c["name"]: c for c in cases}
        self.peer_best = {p.key: p.best() for p in peers}
        self.ck_best = {s.key: s.best() for s in convkits}
        self.names = []
        for c in cases:
            n = c["name"]
            for s in convkits:
                if n not in self.ck_best[s.key]:
                    sys.exit(f"compare.py: {s.label} has no result for {n}")
            missing = [p.label for p in peers if n not in self.peer_best[p.key]
                       and not (p.key == "ort" and c["op"] == "conv_train_step")]
            if missing:
                sys.exit(f"compare.py: {', '.join(missing)} has no result for {n}")
            if results.best_peer(self.peer_best, n) is None:
                sys.exit(f"compare.py: no peer ran {n} (ONNX Runtime has no training step: add torch to --peers)")
            self.names.append(n)
        if not self.names:
            sys.exit("compare.py: no cases were run")
        # ratio columns, per convkit column: against each peer that ran the case, and against the best
        self.vs_peer = {s.key: {p.key: {} for p in peers} for s in convkits}
        self.vs_best = {s.key: {} for s in convkits}
        self.best_of = {}
        for n in self.names:
            bk, br = results.best_peer(self.peer_best, n)
            self.best_of[n] = bk
            for s in convkits:
                ck = self.ck_best[s.key][n]["median_ms"]
                for p in peers:
                    if n in self.peer_best[p.key]:
                        self.vs_peer[s.key][p.key][n] = self.peer_best[p.key][n]["median_ms"] / ck
                self.vs_best[s.key][n] = br["median_ms"] / ck

    def groups(self):
        """(architecture, [names]) in the suite's order of first appearance."""
        out = {}
        for n in self.names:
            out.setdefault(results.architecture(n), []).append(n)
        return list(out.items())


def markdown(args, cmp, argv):
    today = datetime.date.today().isoformat()
    peers, convkits = cmp.peers, cmp.convkits
    title = " and ".join(p.label for p in peers)
    lines = [f"# convkit vs {title}, {today}", ""]
    algorithms = {cmp.ck_best[s.key][n]["algorithm"] for s in convkits for n in cmp.names}
    if algorithms <= {"reference", "-"}:
        lines += ["> **convkit ran its reference engine only** (plain loops, double accumulation): these are not",
                  "> the fast engine's numbers and say nothing about the targets below.", ""]
    if args.note:
        lines += [args.note, ""]
    lines += [f"- machine: {machine()}",
              f"- threads: {args.threads} on every side; budget {args.budget_s:g} s per case per run; "
              f"{args.rounds} runs per side, alternating; best median per case kept"]
    for p in peers:
        lines.append(f"- peer: {p.meta('peer')} (`{shown(p.command[-1])}`)")
    for s in convkits:
        lines.append(f"- {s.label}: {s.meta('peer')}, kernels: {s.meta('kernels')}")
    lines += [f"- suite: `{shown(args.suite)}` ({len(cmp.names)} cases)",
              f"- command: `/usr/bin/python3 bench/compare.py {' '.join(shlex.quote(a) for a in argv)}`", "",
              "Ratio = peer ms / convkit ms: above 1, convkit is faster. \"best\" is the faster peer for that case "
              "(ONNX Runtime has no training step: for those, PyTorch)." if "ort" in [p.key for p in peers] else
              "Ratio = peer ms / convkit ms: above 1, convkit is faster.", ""]

    lines += ["## Summary", "", "| | " + " | ".join(s.label for s in convkits) + " |",
              "|---|" + "---:|" * len(convkits)]
    row = lambda label, f: lines.append(f"| {label} | " + " | ".join(f(s) for s in convkits) + " |")  # noqa: E731
    row("geometric mean against the best peer", lambda s: f"{geomean(list(cmp.vs_best[s.key].values())):.3g}")
    for p in peers:
        row(f"geometric mean against {p.label}",
            lambda s, p=p: f"{geomean(list(cmp.vs_peer[s.key][p.key].values())):.3g} "
                           f"({len(cmp.vs_peer[s.key][p.key])} cases)")
    row("cases under 0.5 against the best peer",
        lambda s: f"{sum(1 for r in cmp.vs_best[s.key].values() if r < 0.5)} of {len(cmp.names)}")
    row("cases at or above 1 against the best peer",
        lambda s: f"{sum(1 for r in cmp.vs_best[s.key].values() if r >= 1)} of {len(cmp.names)}")
    lines.append("")

    for s in convkits:
        lines += [f"## Targets, {s.label}", "", "| target | result | value |", "|---|---|---|"]
        for desc, v, detail in checks(args, cmp.vs_best[s.key], cmp.vs_peer[s.key]):
            lines.append(f"| {desc} | {v} | {detail} |")
        lines.append("")

    for s in convkits:
        vb = cmp.vs_best[s.key]
        worst = sorted(cmp.names, key=vb.get)[:WORST_SHOWN]
        lines += [f"## The {len(worst)} worst cases against the best peer, {s.label}", "",
                  "| case | best peer | peer ms | convkit ms | ratio | convkit algorithm |", "|---|---|---:|---:|---:|---|"]
        for n in worst:
            bk = cmp.best_of[n]
            lines.append(f"| {n} | {PEERS[bk]} | {ms(cmp.peer_best[bk][n]['median_ms'])} | "
                         f"{ms(cmp.ck_best[s.key][n]['median_ms'])} | {vb[n]:.3g} | "
                         f"{cmp.ck_best[s.key][n]['algorithm']} |")
        lines.append("")

    for s in convkits:
        vb = cmp.vs_best[s.key]
        by_kind = {}
        for n in cmp.names:
            by_kind.setdefault(results.kind(cmp.cases[n]), []).append(n)
        lines += [f"## By kind of layer, {s.label}", "",
                  "| kind | cases | geometric mean | median | worst | under 0.5 |", "|---|---:|---:|---:|---|---:|"]
        for k in results.KINDS:
            if k in by_kind:
                ns = by_kind[k]
                rs = [vb[n] for n in ns]
                w = min(ns, key=vb.get)
                lines.append(f"| {k} | {len(ns)} | {geomean(rs):.3g} | {median(rs):.3g} | {w} {vb[w]:.3g} | "
                             f"{sum(1 for r in rs if r < 0.5)} |")
        lines += ["", "Each case counts under the first kind that fits it, in this order: "
                  + ", ".join(results.KINDS) + ".", ""]

    groups = cmp.groups()
    lines += ["## Cases" + (", by architecture" if len(groups) > 1 or groups[0][0] else ""), ""]
    head = ["case"] + [f"{p.label} ms" for p in peers]
    for s in convkits:
        head += [f"{s.label} ms", "min-max"] + [f"/{p.key}" for p in peers] + (["/best"] if len(peers) > 1 else [])
    head.append("convkit algorithm")
    for arch, names in groups:
        if arch:
            gs = "; ".join(f"{s.label}: geometric mean {geomean([cmp.vs_best[s.key][n] for n in names]):.3g} "
                           f"against the best peer" for s in convkits)
            lines += [f"### {arch} ({len(names)} cases; {gs})", ""]
        lines += ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 2) + ["---"]) + "|"]
        for n in names:
            cells = [n]
            for p in peers:
                cells.append(ms(cmp.peer_best[p.key][n]["median_ms"]) if n in cmp.peer_best[p.key] else "-")
            algs = []
            for s in convkits:
                r = cmp.ck_best[s.key][n]
                cells += [ms(r["median_ms"]), f"{ms(r['min_ms'])}-{ms(r['max_ms'])}"]
                for p in peers:
                    v = cmp.vs_peer[s.key][p.key].get(n)
                    cells.append(f"{v:.3g}" if v is not None else "-")
                if len(peers) > 1:
                    cells.append(f"**{cmp.vs_best[s.key][n]:.3g}**")
                if r["algorithm"] not in algs:
                    algs.append(r["algorithm"])
            cells.append(" / ".join(algs))
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["min-max: convkit's fastest and slowest timed call in the run whose median was kept (a long "
              "slowest call is a garbage-collection or scheduling stall).", "",
              f"![best peer / convkit per case]({os.path.basename(args.svg)})", ""]
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
    args.suite, args.peer, args.ort_peer = (os.path.abspath(p) for p in (args.suite, args.peer, args.ort_peer))
    suite, cases = select_cases(args.suite, args.only)
    out = args.out or os.path.join(ROOT, "docs", "bench-results", datetime.date.today().isoformat() + ".md")
    out = os.path.abspath(out)
    stem = out[:-3] if out.endswith(".md") else out
    args.svg, raw = stem + ".svg", stem + ".json"
    os.makedirs(os.path.dirname(out), exist_ok=True)

    convkits = [convkit_side(j) for j in (args.jdk or [None])]
    if len({s.key for s in convkits}) != len(convkits):
        sys.exit("compare.py: two --jdk options name the same Java version")
    peers = peer_sides(args)
    if not args.no_tune:
        # the planner's choices follow this machine's measured timings (bin/convkit tune caches them per
        # machine, JVM and build); without them it plans with the development machine's
        for s in convkits:
            log(f"== bin/convkit tune ({s.label})")
            p = subprocess.run([os.path.join(ROOT, "bin", "convkit"), "tune"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=s.env, cwd=ROOT)
            if p.returncode != 0:
                sys.exit(f"compare.py: bin/convkit tune failed on {s.label} (exit {p.returncode})")

    with tempfile.TemporaryDirectory(prefix="convkit-compare-") as tmp:
        # every side reads the same file: the cases --only chose (ort_peer.py has no --only of its own)
        run_suite = args.suite
        if args.only:
            run_suite = os.path.join(tmp, "suite.json")
            with open(run_suite, "w") as f:
                json.dump(dict(suite, cases=cases), f)
        n = 0
        for rnd in range(args.rounds):
            for s in convkits:
                for side in [s] + peers:
                    n += 1
                    log(f"== round {rnd + 1}/{args.rounds}: {side.label}")
                    side.run(args, run_suite, os.path.join(tmp, f"{n}.json"))

    cmp = Comparison(args, cases, peers, convkits)
    with open(out, "w") as f:
        f.write(markdown(args, cmp, argv))
    series = [(s.label, [cmp.vs_best[s.key][n] for n in cmp.names]) for s in convkits]
    with open(args.svg, "w") as f:
        f.write(chart.svg(cmp.names, series, chart.title(args.threads, [p.key for p in peers]),
                          chart.lines_for(is_short_suite(args.suite))))
    with open(raw, "w") as f:
        json.dump({"threads": args.threads, "rounds": args.rounds, "budget_s": args.budget_s,
                   "suite": shown(args.suite), "peers": [p.key for p in peers],
                   "runs": {side.key: side.runs for side in peers + convkits},
                   "labels": {side.key: side.label for side in peers + convkits}}, f, indent=1)

    for s in convkits:
        vb = cmp.vs_best[s.key]
        print(f"{s.label}: geometric mean best peer/convkit {geomean(list(vb.values())):.3g} over {len(vb)} cases, "
              f"{sum(1 for r in vb.values() if r < 0.5)} under 0.5"
              + "".join(f"; against {p.label} {geomean(list(cmp.vs_peer[s.key][p.key].values())):.3g}"
                        for p in peers))
    print(f"wrote {shown(out)}, {shown(args.svg)}, {shown(raw)}")


if __name__ == "__main__":
    main(sys.argv[1:])
