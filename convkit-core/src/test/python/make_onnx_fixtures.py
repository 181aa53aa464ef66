#!/usr/bin/env python3
"""Golden fixtures from ONNX for the operator semantics PyTorch lacks.

Rerun from the repository root with the Python that has onnx and onnxruntime:

    ~/.venvs/ort/bin/python convkit-core/src/test/python/make_onnx_fixtures.py

It deletes and rewrites ``convkit-core/src/test/resources/onnx/``: one folder per case holding
``.npy`` files, and ``manifest.txt`` with one line per case (the format is in the manifest's own
header). ``org.convkit.conformance.OnnxFixtureTest`` reads them, translating each node's ONNX
attributes into convkit's options as docs/onnx.md describes; the Java tests never need Python.

What is covered (the rest of Conv, ConvTranspose, MaxPool and AveragePool is PyTorch's semantics,
pinned by make_torch_fixtures.py):

* AveragePool with dilations, with and without count_include_pad;
* MaxPool and AveragePool with pads wider than half the window;
* LpPool (p = 1, 2, 3; pads, strides, dilations) and GlobalLpPool;
* MaxPool's Indices over the whole tensor, in row-major (storage_order=0) and column-major
  (storage_order=1) order, and MaxUnpool fed with them;
* auto_pad=SAME_LOWER for Conv, ConvTranspose, MaxPool and AveragePool (SAME_UPPER beside it);
* ConvTranspose with output_shape.

Engines: ONNX's reference evaluator (``onnx.reference.ReferenceEvaluator``) on float64 copies of the
float32 inputs, so the expected values are near-exact answers for the inputs convkit gets; except
MaxPool with auto_pad (the reference evaluator of onnx 1.23 puts SAME_LOWER's odd cell after, as
SAME_UPPER), and LpPool and GlobalLpPool, which run on ONNX Runtime in float32 (the reference evaluator of onnx 1.23
computes LpPool as the window's mean over real cells times the kernel's size, which with padding is
not the operator's (sum |x|^p)^(1/p); ONNX Runtime computes that sum, padding adding nothing). The
manifest records the engine of each case; tests widen the tolerance for float32 results.

Every case draws its data from ``np.random.default_rng(crc32(case name))``: inputs are float32,
uniform in [-1, 1), saved as '<f4'; expected values are saved as '<f8' (reference) or '<f4' (ONNX
Runtime); indices as '<i8'.
"""

import os
import shutil
import zlib

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper
from onnx.reference import ReferenceEvaluator

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "onnx"))
OPSET = 19

HEADER = """\
# Golden fixtures from ONNX %s (reference evaluator) and ONNX Runtime %s, written by
# convkit-core/src/test/python/make_onnx_fixtures.py (rerun: ~/.venvs/ort/bin/python
# convkit-core/src/test/python/make_onnx_fixtures.py from the repo root).
#
# One case per non-comment line: key=value fields separated by ' ; '. Attributes keep their ONNX
# names and values (lists comma-separated, pads in ONNX order: all begins, then all ends);
# attributes not listed take ONNX's defaults.
#
#   name     case name = folder name
#   op       the ONNX operator (opset %d)
#   engine   reference (float64 results) | onnxruntime (float32 results)
#   inputs   the node's inputs, in order, as file names (x, w, b, indices)
#   outputs  the node's outputs, in order, as file names (y, indices)
#   <attr>   an ONNX attribute
"""


def rng_for(name):
    return np.random.default_rng(zlib.crc32(name.encode()))


def rand(rng, *shape):
    return rng.uniform(-1, 1, size=shape).astype(np.float32)


def lst(v):
    return ",".join(str(int(x)) for x in v)


def run(op, inputs, attrs, outputs, engine):
    """Runs one node; inputs: list of (name, array)."""
    def vi(name, arr):
        et = TensorProto.INT64 if arr.dtype == np.int64 else (
            TensorProto.DOUBLE if arr.dtype == np.float64 else TensorProto.FLOAT)
        return helper.make_tensor_value_info(name, et, list(arr.shape))
    node = helper.make_node(op, [n for n, _ in inputs], outputs, **attrs)
    graph = helper.make_graph([node], "g", [vi(n, a) for n, a in inputs],
                              [helper.make_empty_tensor_value_info(o) for o in outputs])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    feeds = {n: a for n, a in inputs}
    if engine == "reference":
        return ReferenceEvaluator(model).run(None, feeds)
    model.ir_version = 9
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)


class Writer:
    def __init__(self):
        shutil.rmtree(ROOT, ignore_errors=True)
        os.makedirs(ROOT)
        self.lines = []

    def case(self, name, op, attrs, inputs, outputs, engine="reference"):
        """inputs: list of (file, float32 or int64 array); the node runs on float64 copies for the reference."""
        fed = [(f, a.astype(np.float64) if engine == "reference" and a.dtype == np.float32 else a) for f, a in inputs]
        results = run(op, fed, attrs, [o for o in outputs], engine)
        d = os.path.join(ROOT, name)
        os.makedirs(d)
        for f, a in inputs:
            np.save(os.path.join(d, f + ".npy"), a.astype("<i8" if a.dtype == np.int64 else "<f4"))
        for f, r in zip(outputs, results):
            r = np.asarray(r)
            kind = "<i8" if r.dtype == np.int64 else ("<f8" if engine == "reference" else "<f4")
            np.save(os.path.join(d, f + ".npy"), r.astype(kind))
        fields = ["name=" + name, "op=" + op, "engine=" + engine, "inputs=" + ",".join(f for f, _ in inputs),
                  "outputs=" + ",".join(outputs)]
        for k, v in attrs.items():
            fields.append("%s=%s" % (k, lst(v) if isinstance(v, (list, tuple)) else v))
        self.lines.append(" ; ".join(fields))
        return results

    def finish(self):
        with open(os.path.join(ROOT, "manifest.txt"), "w") as f:
            f.write(HEADER % (onnx.__version__, ort.__version__, OPSET))
            f.write("# cases=%d\n" % len(self.lines))
            for line in self.lines:
                f.write(line + "\n")


def pools(w):
    # average pooling with dilations (2-D, 1-D, 3-D), counting padding and not
    for cip in (0, 1):
        name = "avgpool2d_dil2_pads_cip%d" % cip
        x = rand(rng_for(name), 2, 3, 9, 8)
        w.case(name, "AveragePool", dict(kernel_shape=[3, 2], dilations=[2, 3], pads=[1, 0, 2, 1], strides=[1, 2],
                                         count_include_pad=cip), [("x", x)], ["y"])
    name = "avgpool1d_dil3"
    w.case(name, "AveragePool", dict(kernel_shape=[3], dilations=[3], strides=[2]), [("x", rand(rng_for(name), 1, 2, 17))], ["y"])
    name = "avgpool3d_dil2_cip0"
    w.case(name, "AveragePool", dict(kernel_shape=[2, 2, 3], dilations=[2, 1, 2], pads=[1, 0, 1, 0, 1, 2],
                                     count_include_pad=0), [("x", rand(rng_for(name), 1, 2, 5, 4, 7))], ["y"])
    # dilated windows in ceil mode: the last window may run past the padding
    for cip in (0, 1):
        name = "avgpool2d_dil2_ceil_cip%d" % cip
        w.case(name, "AveragePool", dict(kernel_shape=[2, 3], dilations=[2, 2], strides=[2, 2], pads=[1, 1, 0, 1],
                                         ceil_mode=1, count_include_pad=cip), [("x", rand(rng_for(name), 1, 2, 8, 9))],
               ["y"])
    name = "maxpool2d_dil2_ceil_indices_order1"
    w.case(name, "MaxPool", dict(kernel_shape=[2, 2], dilations=[2, 3], strides=[2, 2], ceil_mode=1, storage_order=1),
           [("x", rand(rng_for(name), 2, 2, 7, 8))], ["y", "indices"])
    # padding wider than half the window (PyTorch refuses it)
    for cip in (0, 1):
        name = "avgpool2d_widepad_cip%d" % cip
        w.case(name, "AveragePool", dict(kernel_shape=[3, 3], pads=[2, 0, 2, 2], strides=[2, 1], count_include_pad=cip),
               [("x", rand(rng_for(name), 1, 2, 6, 5))], ["y"])
    name = "maxpool2d_widepad"
    w.case(name, "MaxPool", dict(kernel_shape=[3, 2], pads=[2, 1, 2, 1], strides=[1, 2]),
           [("x", rand(rng_for(name), 2, 2, 5, 6))], ["y"])
    name = "maxpool1d_widepad_dil2"
    w.case(name, "MaxPool", dict(kernel_shape=[3], pads=[4, 3], dilations=[2]), [("x", rand(rng_for(name), 1, 3, 9))], ["y"])
    # SAME_LOWER beside SAME_UPPER: odd totals (even kernels, strides)
    for auto in ("SAME_UPPER", "SAME_LOWER"):
        tag = auto.lower()
        name = "maxpool2d_" + tag
        # ONNX Runtime: the reference evaluator's MaxPool puts SAME_LOWER's odd cell after (and
        # floors the output size), against the operator's definition, which ONNX Runtime follows
        w.case(name, "MaxPool", dict(kernel_shape=[2, 3], strides=[1, 2], auto_pad=auto),
               [("x", rand(rng_for(name), 1, 2, 5, 8))], ["y"], engine="onnxruntime")
        name = "avgpool2d_" + tag
        w.case(name, "AveragePool", dict(kernel_shape=[4, 2], strides=[1, 1], auto_pad=auto),
               [("x", rand(rng_for(name), 1, 2, 6, 5))], ["y"])


def lp_pools(w):
    name = "lppool2d_p2"
    w.case(name, "LpPool", dict(kernel_shape=[3, 2], strides=[2, 1], p=2),
           [("x", rand(rng_for(name), 2, 3, 7, 6))], ["y"], engine="onnxruntime")
    name = "lppool2d_p3_pads"
    w.case(name, "LpPool", dict(kernel_shape=[3, 3], pads=[1, 1, 1, 0], p=3),
           [("x", rand(rng_for(name), 1, 2, 6, 5))], ["y"], engine="onnxruntime")
    name = "lppool1d_p1_dil2"
    w.case(name, "LpPool", dict(kernel_shape=[3], dilations=[2], strides=[1], pads=[2, 1], p=1),
           [("x", rand(rng_for(name), 1, 2, 11))], ["y"], engine="onnxruntime")
    name = "lppool2d_p2_ceil"
    w.case(name, "LpPool", dict(kernel_shape=[3, 2], strides=[2, 2], pads=[1, 0, 1, 0], ceil_mode=1, p=2),
           [("x", rand(rng_for(name), 1, 2, 6, 7))], ["y"], engine="onnxruntime")
    name = "lppool3d_p2_same_lower"
    w.case(name, "LpPool", dict(kernel_shape=[2, 2, 2], auto_pad="SAME_LOWER", p=2),
           [("x", rand(rng_for(name), 1, 2, 3, 4, 5))], ["y"], engine="onnxruntime")
    for p, shape in ((2, (2, 3, 5, 4)), (1, (1, 2, 7)), (3, (1, 2, 3, 3, 4))):
        name = "globallppool%dd_p%d" % (len(shape) - 2, p)
        w.case(name, "GlobalLpPool", dict(p=p), [("x", rand(rng_for(name), *shape))], ["y"], engine="onnxruntime")


def indices(w):
    for order in (0, 1):
        name = "maxpool2d_indices_order%d" % order
        x = rand(rng_for(name), 2, 3, 6, 7)
        w.case(name, "MaxPool", dict(kernel_shape=[2, 3], strides=[2, 2], pads=[1, 1, 0, 1], storage_order=order),
               [("x", x)], ["y", "indices"])
    name = "maxpool3d_indices_order1"
    w.case(name, "MaxPool", dict(kernel_shape=[2, 2, 2], strides=[1, 2, 2], storage_order=1),
           [("x", rand(rng_for(name), 2, 2, 3, 4, 5))], ["y", "indices"])
    name = "maxpool1d_indices"
    w.case(name, "MaxPool", dict(kernel_shape=[3], strides=[2]), [("x", rand(rng_for(name), 2, 2, 9))], ["y", "indices"])
    # MaxUnpool fed with MaxPool's whole-tensor indices (row-major: what MaxUnpool reads)
    for tag, attrs, shape in (("2d", dict(kernel_shape=[2, 2], strides=[2, 2]), (2, 3, 6, 4)),
                              ("2d_pads", dict(kernel_shape=[3, 2], strides=[2, 2], pads=[1, 0, 1, 0]), (1, 2, 7, 6)),
                              ("1d", dict(kernel_shape=[2], strides=[2]), (2, 2, 8))):
        name = "maxunpool" + tag
        x = rand(rng_for(name), *shape)
        y, idx = run("MaxPool", [("x", x.astype(np.float64))], attrs, ["y", "i"], "reference")
        w.case(name, "MaxUnpool", attrs, [("x", np.asarray(y).astype(np.float32)), ("indices", np.asarray(idx))], ["y"])


def convs(w):
    for auto in ("SAME_UPPER", "SAME_LOWER"):
        tag = auto.lower()
        name = "conv2d_" + tag
        rng = rng_for(name)
        w.case(name, "Conv", dict(kernel_shape=[2, 4], strides=[2, 1], auto_pad=auto),
               [("x", rand(rng, 1, 2, 7, 6)), ("w", rand(rng, 3, 2, 2, 4)), ("b", rand(rng, 3))], ["y"])
        name = "conv1d_%s_dil2" % tag
        rng = rng_for(name)
        w.case(name, "Conv", dict(kernel_shape=[2], dilations=[3], auto_pad=auto),
               [("x", rand(rng, 2, 2, 9)), ("w", rand(rng, 2, 2, 2))], ["y"])
        name = "convt2d_" + tag
        rng = rng_for(name)
        w.case(name, "ConvTranspose", dict(kernel_shape=[3, 4], strides=[2, 2], auto_pad=auto),
               [("x", rand(rng, 1, 2, 3, 4)), ("w", rand(rng, 2, 3, 3, 4)), ("b", rand(rng, 3))], ["y"])
        # output_shape below the uncropped size: the crop split as auto_pad says
        name = "convt2d_output_shape_" + tag
        rng = rng_for(name)
        w.case(name, "ConvTranspose", dict(kernel_shape=[3, 3], strides=[2, 3], auto_pad=auto, output_shape=[6, 8]),
               [("x", rand(rng, 1, 2, 3, 3)), ("w", rand(rng, 2, 2, 3, 3))], ["y"])
    name = "convt1d_output_shape_same_lower_dil2"
    rng = rng_for(name)
    w.case(name, "ConvTranspose", dict(kernel_shape=[4], strides=[3], dilations=[2], auto_pad="SAME_LOWER",
                                       output_shape=[12]),
           [("x", rand(rng, 2, 4, 5)), ("w", rand(rng, 4, 3, 4))], ["y"])
    # output_shape above the uncropped size (no auto_pad): the extra cells are output padding
    name = "convt2d_output_shape_beyond"
    rng = rng_for(name)
    w.case(name, "ConvTranspose", dict(kernel_shape=[2, 3], strides=[3, 2], output_shape=[9, 8]),
           [("x", rand(rng, 1, 2, 3, 3)), ("w", rand(rng, 2, 3, 2, 3)), ("b", rand(rng, 3))], ["y"])


def main():
    w = Writer()
    pools(w)
    lp_pools(w)
    indices(w)
    convs(w)
    w.finish()
    print("wrote %d cases to %s" % (len(w.lines), ROOT))


if __name__ == "__main__":
    main()
