#!/usr/bin/env python3
"""Checks that a suite's cases mean the same problem to convkit, the PyTorch peer and the ONNX
Runtime peer: each case is computed once by all three on the same input and weight, and the
results must agree to float32 rounding.

Each side builds the case with its own code: ONNX Runtime with ort_peer.node_for (its node, pads
and attributes, e.g. AveragePool's count_include_pad), PyTorch with torch_peer.build (its padding,
F.pad for asymmetric padding, its pooling defaults), convkit with its CLI (`convkit conv`, `convt`,
`pool`, given the case's stride, before:after padding, dilation, groups and output padding). The
data are ort_peer's (its generator, its weight or Gaussian), handed to the other two: PyTorch's
build draws them with torch.rand, which is replaced here, while it builds, by a function that
returns them. A case whose geometry appears at batch 1 is checked there only (a batch-8 twin is
the same problem eight times); a training step (no ONNX op) is checked through its forward pass.

Agreement: max |a - b| <= TOL x max |torch result| for each pair of sides. A different padding
rule, divisor or output size shows as an error of order 1 (or a shape mismatch), far above
float32 rounding, which for these sums is below 1e-5 of the result's scale.

usage: /usr/bin/python3 bench/crosscheck.py [--suite bench/zoo.json] [--only a,b] [--ort-python PY]
                                           [--torch-peer P] [--ort-peer P] [--json out.json]
(run with the Python that has PyTorch; ONNX Runtime runs in a worker under --ort-python,
default ~/.venvs/ort/bin/python; convkit is bin/convkit of this checkout)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TOL = 1e-4


def shared_or_copy(name):
    shared = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "bench", name))
    return shared if os.path.exists(shared) else os.path.join(HERE, name)


def load(path, name):
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def ort_worker(peer_path):
    """Runs under the ONNX Runtime interpreter: for each line {"case", "dir"} on stdin, builds the
    case with ort_peer.node_for, runs it, writes x.npy, w.npy (if any) and y_ort.npy, and answers."""
    import numpy as np
    import onnxruntime as ort
    from onnx import numpy_helper
    peer = load(peer_path, "ort_peer")
    so = ort.SessionOptions()
    so.intra_op_num_threads = 2
    for line in sys.stdin:
        job = json.loads(line)
        case, d = job["case"], job["dir"]
        try:
            model, x, _ = peer.node_for(case, np.random.default_rng(job["seed"]))
            np.save(os.path.join(d, "x.npy"), x)
            for init in model.graph.initializer:
                np.save(os.path.join(d, "w.npy"), numpy_helper.to_array(init))
            s = ort.InferenceSession(model.SerializeToString(), so, providers=["CPUExecutionProvider"])
            np.save(os.path.join(d, "y_ort.npy"), s.run(None, {"x": x})[0])
            print(json.dumps({"ok": True}), flush=True)
        except Exception as e:  # noqa: BLE001 (the answer names the case's failure)
            print(json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}"}), flush=True)


def torch_result(peer, case, x, w):
    """torch_peer.build(case) on these x and w: its torch.rand draws are answered with them."""
    import torch
    draws = [torch.from_numpy((x + 1) / 2)]
    if w is not None and case.get("weight_kind") != "gaussian":
        draws.append(torch.from_numpy((w + 1) / 2))
    real = torch.rand

    def rand(*shape, **kw):
        t = draws.pop(0)
        want = list(shape[0]) if len(shape) == 1 and isinstance(shape[0], (list, tuple, torch.Size)) else list(shape)
        if list(t.shape) != want:
            raise AssertionError(f"torch_peer drew {want}, expected {list(t.shape)}")
        return t.clone()

    torch.rand = rand
    try:
        fn, _ = peer.build(case)
    finally:
        torch.rand = real
    if draws:
        raise AssertionError(f"torch_peer drew {len(draws)} fewer tensors than expected")
    with torch.no_grad():
        return fn().numpy()


def geometry_args(case):
    d = len(case["input"]) - 2
    pads = ",".join(f"{a}:{b}" for a, b in case["padding"])
    args = ["--stride", ",".join(map(str, case["stride"])), "--padding", pads]
    if case["op"] in ("max_pool", "avg_pool"):
        return ["--kernel", ",".join(map(str, case["kernel"]))] + args
    args += ["--dilation", ",".join(map(str, case["dilation"])), "--groups", str(case["groups"])]
    if case["op"] == "conv_transpose":
        args += ["--output-padding", ",".join(map(str, case.get("output_padding", [0] * d)))]
    return args


def convkit_result(case, d):
    import numpy as np
    y = os.path.join(d, "y_convkit.npy")
    if case["op"] in ("max_pool", "avg_pool"):
        cmd = ["pool", "--kind", case["op"].split("_")[0], "--input", os.path.join(d, "x.npy")]
    else:
        cmd = ["convt" if case["op"] == "conv_transpose" else "conv", "--input", os.path.join(d, "x.npy"),
               "--weight", os.path.join(d, "w.npy"), "--threads", "2"]
    cmd = [os.path.join(ROOT, "bin", "convkit")] + cmd + geometry_args(case) + ["--output", y]
    p = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, CONVKIT_NO_BUILD="1"))
    if p.returncode != 0:
        raise RuntimeError(f"convkit failed: {p.stderr.strip()}")
    return np.load(y)


def to_check(cases):
    """The cases to compute: each geometry once, at batch 1 when the suite has it there; training
    steps as their forward pass."""
    def geometry(c):
        return json.dumps(dict(c, name=None, input=c["input"][1:]), sort_keys=True)

    forward = [dict(c, op="conv") if c["op"] == "conv_train_step" else dict(c) for c in cases]
    at_batch_1 = {geometry(c) for c in forward if c["input"][0] == 1}
    seen, out = set(), []
    for c in forward:
        g = geometry(c)
        if g in seen or (c["input"][0] != 1 and g in at_batch_1):
            continue
        seen.add(g)
        out.append(c)
    return out


def main(argv):
    if argv[:1] == ["--ort-worker"]:
        return ort_worker(argv[1])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", default=os.path.join(HERE, "zoo.json"))
    ap.add_argument("--only", default="")
    ap.add_argument("--ort-python", default=os.path.expanduser("~/.venvs/ort/bin/python"))
    ap.add_argument("--torch-peer", default=shared_or_copy("torch_peer.py"))
    ap.add_argument("--ort-peer", default=shared_or_copy("ort_peer.py"))
    ap.add_argument("--json", default="", help="also write each case's differences here")
    a = ap.parse_args(argv)
    import numpy as np
    import torch
    torch.set_num_threads(2)
    peer = load(a.torch_peer, "torch_peer")
    with open(a.suite) as f:
        cases = json.load(f)["cases"]
    only = set(filter(None, a.only.split(",")))
    cases = to_check([c for c in cases if not only or c["name"] in only])
    worker = subprocess.Popen([a.ort_python, os.path.abspath(__file__), "--ort-worker", a.ort_peer],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    report, bad = [], []
    with tempfile.TemporaryDirectory(prefix="convkit-crosscheck-") as tmp:
        for i, c in enumerate(cases):
            d = os.path.join(tmp, str(i))
            os.makedirs(d)
            worker.stdin.write(json.dumps({"case": c, "dir": d, "seed": i}) + "\n")
            worker.stdin.flush()
            answer = json.loads(worker.stdout.readline())
            row = {"name": c["name"]}
            try:
                if not answer["ok"]:
                    raise RuntimeError("ONNX Runtime failed: " + answer["error"])
                x = np.load(os.path.join(d, "x.npy"))
                w = np.load(os.path.join(d, "w.npy")) if os.path.exists(os.path.join(d, "w.npy")) else None
                results = {"torch": torch_result(peer, c, x, w), "ort": np.load(os.path.join(d, "y_ort.npy")),
                           "convkit": convkit_result(c, d)}
                ref = results["torch"]
                scale = float(np.max(np.abs(ref))) or 1.0
                for side in ("ort", "convkit"):
                    y = results[side]
                    if y.shape != ref.shape:
                        raise AssertionError(f"{side} gives shape {list(y.shape)}, torch {list(ref.shape)}")
                    row[side] = float(np.max(np.abs(y.astype(np.float64) - ref))) / scale
                row["ort_vs_convkit"] = float(np.max(np.abs(results["ort"].astype(np.float64)
                                                           - results["convkit"]))) / scale
                row["ok"] = max(row["ort"], row["convkit"], row["ort_vs_convkit"]) <= TOL
                msg = (f"torch-ort {row['ort']:.1e}  torch-convkit {row['convkit']:.1e}  "
                       f"ort-convkit {row['ort_vs_convkit']:.1e}  shape {list(ref.shape)}")
            except (AssertionError, RuntimeError) as e:
                row["ok"], row["error"] = False, str(e)
                msg = str(e)
            finally:
                for f in os.listdir(d):
                    os.remove(os.path.join(d, f))
            report.append(row)
            if not row["ok"]:
                bad.append(c["name"])
            print(f"{'ok  ' if row['ok'] else 'FAIL'} {c['name']:48s} {msg}", flush=True)
    worker.stdin.close()
    worker.wait()
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"tolerance": TOL, "cases": report}, f, indent=1)
    print(f"{len(report) - len(bad)} of {len(report)} problems agree on all three sides "
          f"(max |difference| <= {TOL:g} x max |result|)" + (f"; disagreeing: {', '.join(bad)}" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
