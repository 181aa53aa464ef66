#!/usr/bin/python3
"""Golden fixtures from PyTorch that pin convkit's conventions.

Rerun from the repository root with the Debian PyTorch (1.13):

    /usr/bin/python3 convkit-core/src/test/python/make_torch_fixtures.py

It deletes and rewrites ``convkit-core/src/test/resources/torch/``: one folder per case holding
``.npy`` files, and ``manifest.txt`` with one line per case (the format is described in the
manifest's own header). ``org.convkit.conformance.TorchFixtureTest`` reads them; the Java tests
never need Python.

Conventions of the data:

* inputs (x, w, b, gy) are float32, uniform in [-1, 1), saved as '<f4';
* expected results are computed by torch in float64 from those same float32 values (cast up) and
  saved as '<f8', so they are near-exact answers for the float32 inputs;
* max-pooling indices are int64 '<i8', flat over the spatial cells of each (n, c), as torch gives;
* every case draws its random data from ``torch.manual_seed(crc32(case name))``, so the output is
  deterministic and adding a case does not change the others.

Ops (see the parameter tables below, each swept over 1-D, 2-D and 3-D):

* ``conv``: F.convNd; asymmetric padding, padding modes and padding words through F.pad with the
  resolved amounts, then an unpadded convolution. ``flip`` = true convolution = cross-correlation
  with the kernel reversed in every spatial dimension. Gradients gx, gw, gb from autograd with a
  random upstream gradient gy (for non-zero padding modes gx is the exact adjoint of pad-then-conv).
* ``conv_transpose``: F.conv_transposeNd for symmetric zero padding; otherwise (asymmetric padding,
  padding words, padding modes) convkit's definition: the adjoint (vector-Jacobian product) of the
  convolution with the same stride/padding/dilation/mode, whose input size n is the transposed
  output size; output_padding is recorded as (n + pb + pa - d(k-1) - 1) mod s.
* ``max_pool`` (values, indices, gx), ``avg_pool`` (y, gx), ``global_avg`` / ``global_max``
  (adaptive pooling to 1, y and gx), ``max_unpool`` (y from a max pool's values and indices).
"""

import os
import shutil
import sys
import warnings
import zlib

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "torch"))

torch.set_num_threads(1)  # bit-for-bit reproducible float64 sums
# torch notes that padding='same' with an even kernel copies the input; that is fine here
warnings.filterwarnings("ignore", message="Using padding='same'")

CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
CONVT = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
MAXP = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
AVGP = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}
GAVG = {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d}
GMAX = {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d}
UNPOOL = {1: F.max_unpool1d, 2: F.max_unpool2d, 3: F.max_unpool3d}

# Default spatial sizes and kernels per dimensionality (different per axis to catch axis mix-ups).
SIZE = {1: (13,), 2: (7, 6), 3: (4, 5, 3)}
KERNEL = {1: (3,), 2: (3, 2), 3: (2, 3, 2)}

MANIFEST_HEADER = """\
# Golden fixtures from PyTorch 1.13, written by convkit-core/src/test/python/make_torch_fixtures.py
# (rerun: /usr/bin/python3 convkit-core/src/test/python/make_torch_fixtures.py from the repo root).
#
# One case per non-comment line: key=value fields separated by ' ; '. Lists are comma-separated
# per spatial dimension ('2,1'); explicit padding is before:after per dimension ('1:2,0:0') or a
# word (valid|same|full|causal). The case's tensors are <case name>/<file>.npy next to this file.
#
#   name               case name = folder name
#   op                 conv | conv_transpose | max_pool | avg_pool | global_avg | global_max | max_unpool
#   dims               number of spatial dimensions (1, 2, 3)
#   stride             per dimension; 'default' for pooling means stride = kernel (not set)
#   padding            before:after per dimension, or a word
#   dilation           per dimension
#   groups             conv ops
#   padding_mode       zeros | reflect | replicate | circular (conv ops; for conv_transpose a
#                      non-zero mode means the adjoint of the padded convolution)
#   output_padding     conv ops, per dimension; 'auto' = not set, the padding word 'same' chooses it
#   flip               true convolution (kernel reversed in every spatial dimension)
#   bias               whether b.npy exists and is passed
#   unbatched          input has no batch dimension: (C, spatial...)
#   kernel             pooling window per dimension
#   ceil_mode          pooling
#   count_include_pad  average pooling
#   output_size        max_unpool: spatial output size, or 'none' for the default
#   files              every .npy of the case. Inputs: x, w, b, gy (and indices for max_unpool);
#                      every other file is an expected result the test must compare:
#                      y (forward), gx, gw, gb (gradients wrt x, w, b given upstream gradient gy),
#                      indices (max_pool: argmax, flat over spatial per (n, c)).
#
# Inputs are float32 '<f4' uniform in [-1, 1); expected results are float64 '<f8' computed by torch in
# float64 from the float32 inputs; indices are int64 '<i8'.
"""


# --------------------------------------------------------------------------------------------
# helpers

def seed_for(name):
    torch.manual_seed(zlib.crc32(name.encode("ascii")))


def rand(*shape):
    """float32 uniform in [-1, 1)."""
    return torch.rand(*shape, dtype=torch.float32) * 2 - 1


def lst(v):
    return ",".join(str(int(i)) for i in v)


def pad_str(pads):
    return ",".join("%d:%d" % (b, a) for b, a in pads)


def torch_pad_list(pads):
    """[(b, a) per spatial dim, first to last] -> F.pad's list (last dim first)."""
    out = []
    for b, a in reversed(pads):
        out += [b, a]
    return out


def span(k, d):
    return d * (k - 1) + 1


def resolve_padding(padding, n, k, s, d):
    """Padding (word, int, or list of (b, a)) -> [(b, a)] per dim for a convolution of input n."""
    dims = len(n)
    if isinstance(padding, str):
        out = []
        for i in range(dims):
            sp = span(k[i], d[i])
            if padding == "valid":
                out.append((0, 0))
            elif padding == "full":
                out.append((sp - 1, sp - 1))
            elif padding == "causal":
                out.append((sp - 1, 0))
            elif padding == "same":  # TensorFlow's rule, any stride; the odd cell goes after
                o = -(-n[i] // s[i])
                total = max((o - 1) * s[i] + sp - n[i], 0)
                out.append((total // 2, total - total // 2))
            else:
                raise ValueError(padding)
        return out
    if isinstance(padding, int):
        return [(padding, padding)] * dims
    return [tuple(p) if isinstance(p, (tuple, list)) else (p, p) for p in padding]


def conv_out(n, k, s, d, pads):
    return [(n[i] + pads[i][0] + pads[i][1] - span(k[i], d[i])) // s[i] + 1 for i in range(len(n))]


def per_dim(v, dims):
    if isinstance(v, int):
        return (v,) * dims
    assert len(v) == dims, (v, dims)
    return tuple(v)


def spatial_axes(dims):
    return tuple(range(2, 2 + dims))


class Writer:
    def __init__(self, root):
        self.root = root
        self.lines = []
        self.names = set()
        self.bytes = 0

    def case(self, name, fields, tensors):
        assert name not in self.names, name
        self.names.add(name)
        folder = os.path.join(self.root, name)
        os.makedirs(folder)
        files = []
        for key, arr in tensors:
            path = os.path.join(folder, key + ".npy")
            np.save(path, np.ascontiguousarray(arr))
            self.bytes += os.path.getsize(path)
            files.append(key)
        parts = ["name=" + name] + ["%s=%s" % kv for kv in fields] + ["files=" + ",".join(files)]
        self.lines.append(" ; ".join(parts))

    def finish(self, counts):
        with open(os.path.join(self.root, "manifest.txt"), "w") as f:
            f.write(MANIFEST_HEADER)
            f.write("# cases=%d\n" % len(self.lines))
            for line in self.lines:
                f.write(line + "\n")
        total = self.bytes + os.path.getsize(os.path.join(self.root, "manifest.txt"))
        print("wrote %d cases, %d bytes" % (len(self.lines), total))
        for key in sorted(counts):
            print("  %-16s %s" % (key, counts[key]))


def f4(t):
    return t.detach().to(torch.float32).numpy().astype("<f4")


def f8(t):
    return t.detach().to(torch.float64).numpy().astype("<f8")


def i8(t):
    return t.detach().to(torch.int64).numpy().astype("<i8")


def d64(t):
    return t.detach().to(torch.float64).clone().requires_grad_(True)


# --------------------------------------------------------------------------------------------
# convolution

def conv_case(w_, dims, tag, cin=2, cout=3, n=None, k=None, stride=1, padding=0, dilation=1, groups=1,
              mode="zeros", bias=True, flip=False, unbatched=False, batch=2):
    name = "conv%dd_%s" % (dims, tag)
    seed_for(name)
    n = per_dim(n or SIZE[dims], dims)
    k = per_dim(k or KERNEL[dims], dims)
    s = per_dim(stride, dims)
    d = per_dim(dilation, dims)
    pads = resolve_padding(padding, n, k, s, d)
    m = conv_out(n, k, s, d, pads)
    assert all(v >= 1 for v in m), (name, m)
    if mode == "reflect":
        assert all(b < n[i] and a < n[i] for i, (b, a) in enumerate(pads)), name
    if mode == "circular":
        assert all(b <= n[i] and a <= n[i] for i, (b, a) in enumerate(pads)), name

    x = rand(batch, cin, *n)
    w = rand(cout, cin // groups, *k)
    b = rand(cout) if bias else None
    gy = rand(batch, cout, *m)

    X, W = d64(x), d64(w)
    B = d64(b) if bias else None
    Wk = W.flip(spatial_axes(dims)) if flip else W
    pad_mode = "constant" if mode == "zeros" else mode
    Xp = F.pad(X, torch_pad_list(pads), mode=pad_mode)
    Y = CONV[dims](Xp, Wk, B, stride=s, padding=0, dilation=d, groups=groups)
    assert list(Y.shape[2:]) == m, (name, Y.shape, m)
    # self-checks against torch's own padding arguments where it has them
    if mode == "zeros" and all(bb == aa for bb, aa in pads):
        Y2 = CONV[dims](X, Wk, B, stride=s, padding=[bb for bb, _ in pads], dilation=d, groups=groups)
        assert torch.equal(Y, Y2) or torch.allclose(Y, Y2, rtol=1e-12, atol=1e-12), name
    if padding == "same" and mode == "zeros" and all(v == 1 for v in s):
        Y2 = CONV[dims](X, Wk, B, stride=1, padding="same", dilation=d, groups=groups)
        assert torch.allclose(Y, Y2, rtol=1e-12, atol=1e-12), name
    inputs = [X, W] + ([B] if bias else [])
    grads = torch.autograd.grad(Y, inputs, gy.to(torch.float64))

    xs, ys, gys, gxs = x, Y, gy, grads[0]
    if unbatched:
        assert batch == 1
        xs, ys, gys, gxs = x[0], Y[0], gy[0], grads[0][0]
    tensors = [("x", f4(xs)), ("w", f4(w))]
    if bias:
        tensors.append(("b", f4(b)))
    tensors += [("y", f8(ys)), ("gy", f4(gys)), ("gx", f8(gxs)), ("gw", f8(grads[1]))]
    if bias:
        tensors.append(("gb", f8(grads[2])))
    fields = [("op", "conv"), ("dims", dims), ("stride", lst(s)),
              ("padding", padding if isinstance(padding, str) else pad_str(pads)),
              ("dilation", lst(d)), ("groups", groups), ("padding_mode", mode),
              ("output_padding", lst([0] * dims)), ("flip", str(flip).lower()), ("bias", str(bias).lower()),
              ("unbatched", str(unbatched).lower())]
    w_.case(name, fields, tensors)


# tag -> keyword arguments, per dims (a function of dims so values can vary per axis)
def conv_table(dims):
    def v(*vals):  # pick the value for this dimensionality
        return vals[dims - 1]
    return [
        ("base", {}),
        ("s_mixed_nobias", dict(stride=v((3,), (2, 1), (1, 2, 3)), bias=False)),
        ("p1_d2", dict(padding=1, dilation=2)),
        ("pasym_s2", dict(padding=v([(2, 0)], [(0, 2), (1, 0)], [(1, 0), (0, 1), (2, 1)]), stride=2)),
        ("s2_p_mixed_d_mixed", dict(stride=2, padding=v([(1, 1)], [(1, 1), (0, 0)], [(0, 0), (1, 1), (2, 2)]),
                                    dilation=v((3,), (1, 2), (2, 1, 2)))),
        ("g2", dict(cin=4, cout=6, groups=2)),
        ("depthwise", dict(cin=3, cout=3, groups=3, padding=1)),
        ("multiplier_s2", dict(cin=3, cout=6, groups=3, stride=2)),
        ("reflect", dict(mode="reflect", padding=v([(2, 2)], [(1, 1), (2, 2)], [(1, 1), (2, 2), (1, 1)]))),
        ("reflect_asym_s2", dict(mode="reflect", padding=v([(3, 1)], [(2, 0), (0, 1)], [(0, 2), (1, 0), (2, 1)]),
                                 stride=2)),
        ("replicate", dict(mode="replicate", padding=2, bias=False)),
        ("replicate_asym", dict(mode="replicate", padding=v([(0, 3)], [(1, 3), (2, 0)], [(2, 0), (0, 1), (1, 2)]))),
        ("circular_d2", dict(mode="circular", padding=v([(3, 3)], [(2, 2), (1, 1)], [(1, 1), (2, 2), (1, 1)]),
                             dilation=2)),
        ("circular_asym_g2", dict(mode="circular", padding=v([(1, 4)], [(3, 0), (1, 2)], [(1, 2), (2, 0), (0, 1)]),
                                  cin=4, cout=2, groups=2)),
        ("reflect_same_s2", dict(mode="reflect", padding="same", stride=2, k=v((4,), (3, 4), (3, 2, 3)))),
        ("valid", dict(padding="valid")),
        ("same_even_d2", dict(padding="same", k=v((4,), (4, 2), (2, 3, 2)), dilation=v((2,), (1, 2), (2, 1, 3)))),
        ("same_s3", dict(padding="same", stride=3, k=v((4,), (2, 4), (3, 2, 3)), n=v((14,), (8, 7), (5, 4, 7)))),
        ("full_s2_d2", dict(padding="full", stride=2, dilation=v((2,), (1, 2), (2, 1, 2)))),
        ("causal_d2", dict(padding="causal", dilation=v((2,), (2, 1), (1, 2, 1)))),
        ("unbatched_reflect_s2", dict(unbatched=True, batch=1, mode="reflect", padding=1, stride=2)),
        ("flip", dict(flip=True)),
        ("flip_s2_pasym", dict(flip=True, stride=2, padding=v([(2, 1)], [(1, 2), (0, 1)], [(1, 0), (0, 2), (1, 1)]))),
        ("flip_g2_full", dict(flip=True, cin=4, cout=4, groups=2, padding="full", dilation=2, bias=False)),
    ]


# --------------------------------------------------------------------------------------------
# transposed convolution

def convt_native(w_, dims, tag, cin=3, cout=2, m=None, k=None, stride=1, padding=0, output_padding=0,
                 dilation=1, groups=1, bias=True, unbatched=False, batch=2):
    """F.conv_transposeNd with symmetric zero padding."""
    name = "convT%dd_%s" % (dims, tag)
    seed_for(name)
    m = per_dim(m or tuple(max(3, v - 2) for v in SIZE[dims]), dims)
    k = per_dim(k or KERNEL[dims], dims)
    s = per_dim(stride, dims)
    d = per_dim(dilation, dims)
    p = per_dim(padding, dims)
    op = per_dim(output_padding, dims)
    assert all(op[i] < max(s[i], d[i]) for i in range(dims)), name

    x = rand(batch, cin, *m)
    w = rand(cin, cout // groups, *k)
    b = rand(cout) if bias else None
    X, W = d64(x), d64(w)
    B = d64(b) if bias else None
    Y = CONVT[dims](X, W, B, stride=s, padding=p, output_padding=op, groups=groups, dilation=d)
    n = list(Y.shape[2:])
    gy = rand(batch, cout, *n)
    inputs = [X, W] + ([B] if bias else [])
    grads = torch.autograd.grad(Y, inputs, gy.to(torch.float64))

    # self-check: when output_padding < stride this is the adjoint of the convolution with the
    # same parameters whose input is the transposed output (convkit's definition)
    if all(op[i] < s[i] for i in range(dims)):
        Z = torch.zeros(batch, cout, *n, dtype=torch.float64, requires_grad=True)
        C = CONV[dims](Z, W.detach(), None, stride=s, padding=p, dilation=d, groups=groups)
        assert list(C.shape[2:]) == list(m), name
        (vjp,) = torch.autograd.grad(C, Z, X.detach())
        if bias:
            vjp = vjp + B.detach().view(1, -1, *([1] * dims))
        assert torch.allclose(vjp, Y.detach(), rtol=1e-12, atol=1e-12), name

    emit_convt(w_, name, dims, x, w, b, Y, gy, grads, s, pad_str([(v, v) for v in p]), d, groups, "zeros",
               lst(op), bias, unbatched, batch)


def convt_adjoint(w_, dims, tag, cin=3, cout=2, n=None, k=None, stride=1, padding=0, dilation=1, groups=1,
                  mode="zeros", bias=True, unbatched=False, batch=2):
    """convkit's transposed convolution for any padding and padding mode: the adjoint of
    z -> conv(pad_mode(z), w) where z has the transposed output's size n."""
    name = "convT%dd_%s" % (dims, tag)
    seed_for(name)
    n = per_dim(n or SIZE[dims], dims)
    k = per_dim(k or KERNEL[dims], dims)
    s = per_dim(stride, dims)
    d = per_dim(dilation, dims)
    pads = resolve_padding(padding, n, k, s, d)
    m = conv_out(n, k, s, d, pads)
    assert all(v >= 1 for v in m), (name, m)
    rem = [(n[i] + pads[i][0] + pads[i][1] - span(k[i], d[i])) % s[i] for i in range(dims)]
    if padding == "same":
        # convkit: 'same' for a transposed convolution is the adjoint of 'same' on an input m*s wide,
        # and the word chooses the output padding itself
        assert all(n[i] == m[i] * s[i] for i in range(dims)), (name, n, m, s)
        assert all(rem[i] == max(0, s[i] - span(k[i], d[i])) for i in range(dims)), (name, rem)
        op_field = "auto"
    else:
        op_field = lst(rem)
    if mode == "reflect":
        assert all(bb < n[i] and aa < n[i] for i, (bb, aa) in enumerate(pads)), name

    # the transposed conv maps cin channels (the conv's outputs) to cout (the conv's inputs)
    x = rand(batch, cin, *m)
    w = rand(cin, cout // groups, *k)
    b = rand(cout) if bias else None
    gy = rand(batch, cout, *n)
    pad_mode = "constant" if mode == "zeros" else mode
    plist = torch_pad_list(pads)

    def A(z, wt):  # the convolution whose adjoint this is
        return CONV[dims](F.pad(z, plist, mode=pad_mode), wt, None, stride=s, padding=0, dilation=d, groups=groups)

    X, W = d64(x), d64(w)
    B = d64(b) if bias else None
    Z = torch.zeros(batch, cout, *n, dtype=torch.float64, requires_grad=True)
    # forward: vector-Jacobian product of A wrt its input, applied to x (graph kept for gradients)
    (Y,) = torch.autograd.grad(A(Z, W), Z, X, create_graph=True)
    if bias:
        Y = Y + B.view(1, -1, *([1] * dims))
    inputs = [X, W] + ([B] if bias else [])
    G = gy.to(torch.float64)
    grads = torch.autograd.grad(Y, inputs, G)
    # cross-check the gradients with their closed forms: gx = A(gy), gw = d<x, A_w(gy)>/dw
    Wc = W.detach().clone().requires_grad_(True)
    AG = A(G, Wc)
    assert torch.allclose(grads[0], AG.detach(), rtol=1e-12, atol=1e-12), name
    (gw2,) = torch.autograd.grad((AG * X.detach()).sum(), Wc)
    assert torch.allclose(grads[1], gw2, rtol=1e-12, atol=1e-12), name
    if mode == "zeros" and all(bb == aa for bb, aa in pads):  # torch can say this one directly
        p = [bb for bb, _ in pads]
        Y2 = CONVT[dims](X.detach(), W.detach(), None if B is None else B.detach(), stride=s, padding=p,
                         output_padding=rem, groups=groups, dilation=d)
        assert torch.allclose(Y2, Y.detach(), rtol=1e-12, atol=1e-12), name

    emit_convt(w_, name, dims, x, w, b, Y, gy, grads, s, padding if isinstance(padding, str) else pad_str(pads),
               d, groups, mode, op_field, bias, unbatched, batch)


def emit_convt(w_, name, dims, x, w, b, Y, gy, grads, s, padding_field, d, groups, mode, op_field, bias,
               unbatched, batch):
    xs, ys, gys, gxs = x, Y, gy, grads[0]
    if unbatched:
        assert batch == 1
        xs, ys, gys, gxs = x[0], Y[0], gy[0], grads[0][0]
    tensors = [("x", f4(xs)), ("w", f4(w))]
    if bias:
        tensors.append(("b", f4(b)))
    tensors += [("y", f8(ys)), ("gy", f4(gys)), ("gx", f8(gxs)), ("gw", f8(grads[1]))]
    if bias:
        tensors.append(("gb", f8(grads[2])))
    fields = [("op", "conv_transpose"), ("dims", dims), ("stride", lst(s)), ("padding", padding_field),
              ("dilation", lst(d)), ("groups", groups), ("padding_mode", mode), ("output_padding", op_field),
              ("flip", "false"), ("bias", str(bias).lower()), ("unbatched", str(unbatched).lower())]
    w_.case(name, fields, tensors)


def convt_native_table(dims):
    def v(*vals):
        return vals[dims - 1]
    return [
        ("base", {}),
        ("s2_p1_op1_nobias", dict(stride=2, padding=1, output_padding=1, bias=False)),
        ("s_mixed_op", dict(stride=v((3,), (2, 3), (3, 1, 2)), output_padding=v((2,), (1, 0), (1, 0, 1)),
                            padding=v((1,), (0, 1), (1, 0, 0)))),
        ("d2_p1", dict(dilation=2, padding=1)),
        ("s1_d2_op1", dict(dilation=2, output_padding=1)),  # output_padding >= stride, < dilation
        ("s2_d3_p2_op2", dict(stride=2, dilation=3, padding=2, output_padding=2, m=v((5,), (4, 3), (3, 2, 3)))),
        ("g2_s2", dict(cin=4, cout=6, groups=2, stride=2)),
        ("depthwise", dict(cin=3, cout=3, groups=3, padding=1)),
        ("multiplier", dict(cin=3, cout=6, groups=3)),
        ("unbatched_s2_p1", dict(unbatched=True, batch=1, stride=2, padding=1)),
    ]


def convt_adjoint_table(dims):
    def v(*vals):
        return vals[dims - 1]
    return [
        ("reflect_s2", dict(mode="reflect", padding=v([(2, 2)], [(1, 1), (2, 2)], [(1, 1), (1, 1), (2, 2)]),
                            stride=2, n=v((14,), (8, 7), (5, 6, 4)))),
        ("replicate_s2_asym", dict(mode="replicate", padding=v([(2, 0)], [(0, 1), (2, 1)], [(1, 2), (0, 1), (1, 0)]),
                                   stride=2)),
        ("circular_s3_d2_g2", dict(mode="circular", padding=2, stride=v((3,), (3, 2), (2, 3, 2)), dilation=2,
                                   n=v((13,), (8, 7), (5, 5, 4)), cin=2, cout=4, groups=2)),
        ("replicate_unbatched", dict(mode="replicate", padding=1, stride=2, unbatched=True, batch=1, bias=False)),
        ("pasym_s2", dict(padding=v([(2, 0)], [(0, 1), (2, 1)], [(1, 0), (0, 2), (1, 1)]), stride=2)),
        ("same_s1", dict(padding="same", k=v((4,), (3, 4), (2, 3, 2)))),
        ("same_s2", dict(padding="same", stride=2, n=v((12,), (8, 6), (4, 6, 4)))),
        ("same_s3_k1", dict(padding="same", stride=3, k=1, n=v((12,), (9, 6), (6, 3, 3)))),  # auto output_padding 2
        ("causal_d2", dict(padding="causal", dilation=v((2,), (1, 2), (2, 1, 1)))),
        ("full_s2", dict(padding="full", stride=2, n=v((12,), (7, 8), (4, 5, 4)))),
    ]


# --------------------------------------------------------------------------------------------
# pooling

def pool_fields(op, dims, k, stride, pads, dilation, ceil, cip, unbatched):
    return [("op", op), ("dims", dims), ("kernel", lst(k)),
            ("stride", "default" if stride is None else lst(stride)), ("padding", pad_str(pads)),
            ("dilation", lst(dilation)), ("ceil_mode", str(ceil).lower()),
            ("count_include_pad", str(cip).lower()), ("unbatched", str(unbatched).lower())]


def max_pool_case(w_, dims, tag, c=2, n=None, k=2, stride=None, padding=0, dilation=1, ceil=False,
                  unbatched=False, batch=2):
    name = "maxpool%dd_%s" % (dims, tag)
    seed_for(name)
    n = per_dim(n or SIZE[dims], dims)
    k = per_dim(k, dims)
    s = None if stride is None else per_dim(stride, dims)
    p = per_dim(padding, dims)
    d = per_dim(dilation, dims)
    x = rand(batch, c, *n)
    X = d64(x)
    Y, I = MAXP[dims](X, k, stride=s if s is not None else k, padding=p, dilation=d, ceil_mode=ceil,
                      return_indices=True)
    # float32 gives the same selection
    Y32, I32 = MAXP[dims](x, k, stride=s if s is not None else k, padding=p, dilation=d, ceil_mode=ceil,
                          return_indices=True)
    assert torch.equal(I, I32) and torch.equal(Y.to(torch.float32), Y32), name
    gy = rand(*Y.shape)
    (gx,) = torch.autograd.grad(Y, X, gy.to(torch.float64))
    sq = (lambda t: t[0]) if unbatched else (lambda t: t)
    tensors = [("x", f4(sq(x))), ("y", f8(sq(Y))), ("indices", i8(sq(I))), ("gy", f4(sq(gy))), ("gx", f8(sq(gx)))]
    w_.case(name, pool_fields("max_pool", dims, k, s, [(v, v) for v in p], d, ceil, True, unbatched), tensors)


def avg_pool_case(w_, dims, tag, c=2, n=None, k=2, stride=None, padding=0, ceil=False, cip=True,
                  unbatched=False, batch=2):
    name = "avgpool%dd_%s" % (dims, tag)
    seed_for(name)
    n = per_dim(n or SIZE[dims], dims)
    k = per_dim(k, dims)
    s = None if stride is None else per_dim(stride, dims)
    p = per_dim(padding, dims)
    x = rand(batch, c, *n)
    X = d64(x)
    Y = AVGP[dims](X, k, stride=s if s is not None else k, padding=p, ceil_mode=ceil, count_include_pad=cip)
    gy = rand(*Y.shape)
    (gx,) = torch.autograd.grad(Y, X, gy.to(torch.float64))
    sq = (lambda t: t[0]) if unbatched else (lambda t: t)
    tensors = [("x", f4(sq(x))), ("y", f8(sq(Y))), ("gy", f4(sq(gy))), ("gx", f8(sq(gx)))]
    w_.case(name, pool_fields("avg_pool", dims, k, s, [(v, v) for v in p], (1,) * dims, ceil, cip, unbatched),
            tensors)


def global_case(w_, dims, kind, c=2, n=None, batch=2):
    name = "global%s%dd" % (kind, dims)
    seed_for(name)
    n = per_dim(n or SIZE[dims], dims)
    x = rand(batch, c, *n)
    X = d64(x)
    Y = GAVG[dims](X, 1) if kind == "avg" else GMAX[dims](X, 1)
    gy = rand(*Y.shape)
    (gx,) = torch.autograd.grad(Y, X, gy.to(torch.float64))
    tensors = [("x", f4(x)), ("y", f8(Y)), ("gy", f4(gy)), ("gx", f8(gx))]
    w_.case(name, [("op", "global_" + kind), ("dims", dims)], tensors)


def max_unpool_case(w_, dims, tag, c=2, n=None, k=2, stride=None, padding=0, explicit_size=False,
                    unbatched=False, batch=2):
    name = "maxunpool%dd_%s" % (dims, tag)
    seed_for(name)
    n = per_dim(n or SIZE[dims], dims)
    k = per_dim(k, dims)
    s = k if stride is None else per_dim(stride, dims)
    p = per_dim(padding, dims)
    x = rand(batch, c, *n)
    V, I = MAXP[dims](x, k, stride=s, padding=p, return_indices=True)
    default = [(V.shape[2 + i] - 1) * s[i] - 2 * p[i] + k[i] for i in range(dims)]
    out_size = list(n) if explicit_size else None
    if explicit_size:
        assert out_size != default, (name, out_size, default)
    Y = UNPOOL[dims](V.to(torch.float64), I, k, stride=s, padding=p, output_size=out_size)
    assert list(Y.shape[2:]) == (out_size or default), name
    sq = (lambda t: t[0]) if unbatched else (lambda t: t)
    tensors = [("x", f4(sq(V))), ("indices", i8(sq(I))), ("y", f8(sq(Y)))]
    fields = [("op", "max_unpool"), ("dims", dims), ("kernel", lst(k)),
              ("stride", "default" if stride is None else lst(s)), ("padding", pad_str([(v, v) for v in p])),
              ("output_size", lst(out_size) if out_size else "none"), ("unbatched", str(unbatched).lower())]
    w_.case(name, fields, tensors)


def max_pool_table(dims):
    def v(*vals):
        return vals[dims - 1]
    return [
        ("k2", {}),  # default stride = kernel
        ("k3_s2_p1", dict(k=3, stride=2, padding=1)),
        ("k_mixed", dict(k=v((4,), (2, 3), (3, 2, 2)), stride=v((3,), (1, 2), (2, 1, 2)),
                         padding=v((2,), (1, 0), (0, 1, 1)))),
        ("d_mixed", dict(k=v((3,), (2, 3), (2, 2, 3)), stride=v((2,), (2, 1), (1, 2, 2)), padding=v((1,), (0, 1), (1, 0, 0)),
                         dilation=v((3,), (2, 1), (1, 2, 1)))),
        ("k3_s2_ceil", dict(k=3, stride=2, ceil=True, n=v((12,), (8, 6), (6, 4, 4)))),
        # ceil mode: a window that would start in the trailing padding is dropped
        ("k2_s2_p1_ceil", dict(k=2, stride=2, padding=1, ceil=True, n=v((11,), (5, 6), (5, 4, 3)))),
        ("unbatched", dict(unbatched=True, batch=1, k=3, stride=2, padding=1)),
    ]


def avg_pool_table(dims):
    def v(*vals):
        return vals[dims - 1]
    return [
        ("k2", {}),  # default stride = kernel
        ("k3_s2_p1_cip", dict(k=3, stride=2, padding=1, cip=True)),
        ("k_mixed_nocip", dict(k=v((4,), (2, 3), (3, 2, 2)), stride=v((3,), (1, 2), (2, 1, 2)),
                               padding=v((2,), (1, 0), (0, 1, 1)), cip=False)),
        # ceil mode: the last window runs past the padded end, its divisor is clipped at input + padding
        ("k3_s2_p1_ceil_cip", dict(k=3, stride=2, padding=1, ceil=True, cip=True, n=v((12,), (6, 8), (6, 4, 4)))),
        ("k3_s2_p1_ceil_nocip", dict(k=3, stride=2, padding=1, ceil=True, cip=False, n=v((12,), (6, 8), (6, 4, 4)))),
        # ceil mode: a window that would start in the trailing padding is dropped
        ("k2_s2_p1_ceil", dict(k=2, stride=2, padding=1, ceil=True, n=v((11,), (5, 6), (5, 4, 3)))),
        ("unbatched_nocip", dict(unbatched=True, batch=1, k=3, stride=2, padding=1, cip=False)),
    ]


def max_unpool_table(dims):
    def v(*vals):
        return vals[dims - 1]
    return [
        ("k2", dict(n=v((12,), (6, 4), (4, 6, 4)))),
        # the pooling dropped the last cells: output_size restores the original size
        ("k3_s2_p1_size", dict(k=3, stride=2, padding=1, n=v((12,), (8, 6), (4, 6, 4)), explicit_size=True)),
        ("unbatched_k2_size", dict(unbatched=True, batch=1, n=v((13,), (7, 5), (5, 3, 5)), explicit_size=True)),
    ]


# --------------------------------------------------------------------------------------------

def main():
    if os.path.isdir(ROOT):
        shutil.rmtree(ROOT)
    os.makedirs(ROOT)
    w_ = Writer(ROOT)
    counts = {}

    def count(op, dims):
        counts.setdefault(op, [0, 0, 0])[dims - 1] += 1

    for dims in (1, 2, 3):
        for tag, kw in conv_table(dims):
            conv_case(w_, dims, tag, **kw)
            count("conv", dims)
        for tag, kw in convt_native_table(dims):
            convt_native(w_, dims, tag, **kw)
            count("conv_transpose", dims)
        for tag, kw in convt_adjoint_table(dims):
            convt_adjoint(w_, dims, tag, **kw)
            count("conv_transpose", dims)
        for tag, kw in max_pool_table(dims):
            max_pool_case(w_, dims, tag, **kw)
            count("max_pool", dims)
        for tag, kw in avg_pool_table(dims):
            avg_pool_case(w_, dims, tag, **kw)
            count("avg_pool", dims)
        for kind in ("avg", "max"):
            global_case(w_, dims, kind)
            count("global_" + kind, dims)
        for tag, kw in max_unpool_table(dims):
            max_unpool_case(w_, dims, tag, **kw)
            count("max_unpool", dims)
    w_.finish(counts)


if __name__ == "__main__":
    sys.exit(main())
