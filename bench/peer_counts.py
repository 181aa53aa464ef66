#!/usr/bin/env python3
"""Writes what the PyTorch peer computes for every case of a suite: its flop count and the shape
of its result, by building each case with torch_peer.build and calling it once.

The CLI's tests read the file (CaseBuilderTest): every case of bench/zoo.json must build in convkit
with the peer's flop count and output shape, so that the two sides time the same problem. Rerun
this whenever zoo.py changes the zoo. Needs PyTorch (on Debian: /usr/bin/python3).

usage: /usr/bin/python3 bench/peer_counts.py [--suite bench/zoo.json] [--out bench/zoo.expected.json]
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def peer_path():
    shared = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "bench", "torch_peer.py"))
    return shared if os.path.exists(shared) else os.path.join(HERE, "torch_peer.py")


def load_peer(path):
    import importlib.util
    spec = importlib.util.spec_from_file_location("torch_peer", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def output_shape(peer, case):
    """The shape of the peer's result; for a training step, of its forward pass."""
    import torch
    if case["op"] == "conv_train_step":
        forward = dict(case, op="conv")
        fn, _ = peer.build(forward)
    else:
        fn, _ = peer.build(case)
    with torch.no_grad():
        return list(fn().shape)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", default=os.path.join(HERE, "zoo.json"))
    ap.add_argument("--out", default=os.path.join(HERE, "zoo.expected.json"))
    ap.add_argument("--peer", default=peer_path())
    a = ap.parse_args(argv)
    peer = load_peer(a.peer)
    import torch
    torch.set_num_threads(2)
    with open(a.suite) as f:
        cases = json.load(f)["cases"]
    counts = {}
    for c in cases:
        _, flops = peer.build(c)
        counts[c["name"]] = {"flops": flops, "output": output_shape(peer, c)}
        print(f"{c['name']:48s} {flops:16.0f} {counts[c['name']]['output']}", file=sys.stderr, flush=True)
    rel = os.path.relpath(a.suite, os.path.dirname(HERE))
    out = {"about": f"torch_peer.build's flop count and the shape of its result (a training step's: its forward "
                    f"pass's) for every case of {rel}, written by bench/peer_counts.py with PyTorch "
                    f"{torch.__version__}; the CLI's CaseBuilderTest holds convkit to them.",
           "cases": counts}
    with open(a.out, "w") as f:
        f.write("{\n" + f'  "about": {json.dumps(out["about"])},\n' + '  "cases": {\n')
        items = [f"    {json.dumps(k)}: {json.dumps(v)}" for k, v in counts.items()]
        f.write(",\n".join(items) + "\n  }\n}\n")
    print(f"wrote {a.out}: {len(counts)} cases", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
