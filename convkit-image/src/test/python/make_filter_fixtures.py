"""Golden fixtures for ImageFilterFixturesTest: the same-size filter with each border mode, computed
by PyTorch (explicit F.pad + conv2d, the padding 'same' puts the odd extra cell after) and, for odd
kernels, by SciPy's ndimage.correlate, whose mode names differ from PyTorch's (mirror = reflect,
nearest = replicate, wrap = circular, constant = zeros).

Run from the repository root with Debian's python3 (torch, numpy, scipy):
    /usr/bin/python3 convkit-image/src/test/python/make_filter_fixtures.py
Tests never run Python; they read the .npy files this writes.
"""
import os

import numpy as np
import scipy.ndimage as ndi
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "filter")
TORCH_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "replicate", "circular": "circular"}
SCIPY_MODES = {"zeros": "constant", "reflect": "mirror", "replicate": "nearest", "circular": "wrap"}


def save(name, a):
    np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(a, dtype=np.float32))


def torch_same(x, k, mode):
    kh, kw = k.shape
    # (left, right, top, bottom): (k-1)//2 before, k//2 after
    pad = ((kw - 1) // 2, kw // 2, (kh - 1) // 2, kh // 2)
    xt = torch.from_numpy(x.astype(np.float64))[:, None]
    xp = F.pad(xt, pad, mode=TORCH_MODES[mode]) if mode != "zeros" else F.pad(xt, pad)
    y = F.conv2d(xp, torch.from_numpy(k.astype(np.float64))[None, None])
    return y[:, 0].numpy()


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261124)
    x = rng.uniform(0, 1, (3, 9, 11)).astype(np.float32)
    kernels = {
        "k3x3": rng.uniform(-1, 1, (3, 3)).astype(np.float32),
        "k5x3": rng.uniform(-1, 1, (5, 3)).astype(np.float32),
        "k4x2": rng.uniform(-1, 1, (4, 2)).astype(np.float32),
    }
    save("x", x)
    for kname, k in kernels.items():
        save(kname, k)
        for mode in TORCH_MODES:
            save("torch_%s_%s" % (kname, mode), torch_same(x, k, mode))
            if k.shape[0] % 2 == 1 and k.shape[1] % 2 == 1:
                y = np.stack([ndi.correlate(x[c].astype(np.float64), k.astype(np.float64), mode=SCIPY_MODES[mode],
                                            cval=0.0) for c in range(x.shape[0])])
                save("scipy_%s_%s" % (kname, mode), y)


if __name__ == "__main__":
    main()
