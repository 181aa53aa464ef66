#!/usr/bin/env python3
"""Times convkit's deconvolutions against scikit-image's, side by side in one run, at several sizes.

Sizes: 512^2, 1024^2 and 2048^2 images (a 15x15 Gaussian PSF, sigma 2.5) and a 128^3 volume (a
9x9x9 Gaussian PSF, sigma 1.5). Each is drawn with numpy (soft blobs, point sources and bars on a
gradient, on a canvas wider than the frame so content crosses the edges), blurred, cropped, and
given seeded Gaussian noise (sigma 0.01).

Pairs, the same filter on both sides:
  - Wiener with a given NSR b: `convkit deconv --method wiener --regularization b` and
    `skimage.restoration.wiener(y, psf, b, reg=[[1]])` (identity regularization).
  - Tikhonov with the Laplacian, lambda = b: `--method tikhonov --regularization b` and
    `skimage.restoration.wiener(y, psf, b)` (its default regularization is the Laplacian).
  - Richardson-Lucy, 30 iterations: `--method richardson-lucy` and
    `skimage.restoration.richardson_lucy(clip=False)`.
  - Richardson-Lucy with total variation 0.002: convkit only (scikit-image has none).
scikit-image's `wiener` assumes a circular blur on the image's own size; convkit reflect-pads to
the smallest 5-smooth grid holding image + PSF on each side (more work, no edge ringing). On the
3-D volume scikit-image 0.19's `wiener` fails (it calls its 2-D transforms), so its filter is run
with its own n-D transforms (`uft.urfftn`), the same code otherwise.

Times: scikit-image's is the median of --runs calls in this process (after one warm-up call);
convkit's is the median of --runs computations after the first in one process (`--repeat`,
--quick-runs for Wiener and Tikhonov: runs of 10 to 100 ms take some 10 runs to be fully compiled;
JIT-compiled; file I/O and JVM start-up excluded), on all cores (--threads). The two sides
alternate per case, so load from elsewhere hits both. PSNR in dB against the truth (peak 1).

Writes the table between the 'speed' markers of docs/deconvolution.md.

usage: /usr/bin/python3 bench/deconv_speed.py [--runs 2] [--sizes 512,1024,2048] [--volume 128]
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy.signal
import skimage
from skimage import restoration
from skimage.restoration import uft

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONVKIT = os.path.join(ROOT, "bin", "convkit")
DOC = os.path.join(ROOT, "docs", "deconvolution.md")
ITERATIONS = 30
BALANCE = 0.01


def gaussian(sigma, k, dims):
    ax = np.arange(k) - k // 2
    grids = np.meshgrid(*([ax] * dims), indexing="ij")
    g = np.exp(-sum(x * x for x in grids) / (2 * sigma * sigma))
    return (g / g.sum()).astype(np.float32)


def scene(shape, margin, seed):
    """Blobs, points and bars on a gradient, on a canvas `margin` wider than `shape` on each side."""
    rng = np.random.default_rng(seed)
    big = tuple(n + 2 * margin for n in shape)
    grids = np.meshgrid(*[np.arange(n, dtype=float) for n in big], indexing="ij")
    img = 0.05 + 0.25 * grids[-1] / big[-1]
    for _ in range(24):
        c = [rng.uniform(0, n) for n in big]
        s = rng.uniform(0.01, 0.04) * min(big)
        img = img + rng.uniform(0.2, 0.5) * np.exp(-sum((g - ci) ** 2 for g, ci in zip(grids, c)) / (2 * s * s))
    for _ in range(40):
        idx = tuple(rng.integers(margin, n - margin) for n in big)
        img[idx] += rng.uniform(0.4, 0.8)
    for b in range(6):
        w = 1 + b
        sl = [slice(margin + (n * b) // 8, margin + (n * b) // 8 + w) for n in shape]
        sl[0] = slice(margin + shape[0] // 4, margin + shape[0] // 2)
        img[tuple(sl)] = 0.9
    return np.clip(img, 0, 1)


def wiener_nd(image, psf, balance, reg=None):
    """scikit-image 0.19's `wiener` with its n-D transforms: its own calls urfft2/uirfft2 and fails on 3-D."""
    trans_func = uft.ir2tf(psf, image.shape, is_real=True)
    if reg is None:
        reg, _ = uft.laplacian(image.ndim, image.shape, is_real=True)
    else:
        reg = uft.ir2tf(reg, image.shape, is_real=True)
    wiener_filter = np.conj(trans_func) / (np.abs(trans_func) ** 2 + balance * np.abs(reg) ** 2)
    return uft.uirfftn(wiener_filter * uft.urfftn(image), shape=image.shape)


def psnr(truth, x):
    return 10 * np.log10(1.0 / np.mean((truth.astype(np.float64) - x) ** 2))


def run_convkit(args, runs):
    """bin/convkit computing 1 + runs times; the median ms of the runs after the first."""
    p = subprocess.run([CONVKIT] + args + ["--repeat", str(1 + runs)], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("convkit failed: " + " ".join(args) + "\n" + p.stderr)
    line = p.stdout.strip().splitlines()[-1]
    m = re.search(r", ([0-9.]+) ms( \(first run; median of the [0-9]+ after it ([0-9.]+) ms\))?; written", line)
    return float(m.group(3)) if m.group(3) else float(m.group(1))


def timed(fn, runs):
    out = fn()  # warm-up: imports, plan caches
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return out, statistics.median(times)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=2, help="timed runs per side, the median is reported (default 2)")
    ap.add_argument("--quick-runs", type=int, default=20,
                    help="timed runs per side for Wiener and Tikhonov, which take some 10 runs to be fully "
                         "JIT-compiled: with fewer, their median still counts interpreted and C1 code (default 20)")
    ap.add_argument("--sizes", default="512,1024,2048", help="image sides (default 512,1024,2048)")
    ap.add_argument("--volume", type=int, default=128, help="the 3-D volume's side, 0 for none (default 128)")
    ap.add_argument("--no-doc", action="store_true", help="print the table only")
    a = ap.parse_args(argv)
    cases = [((n, n), gaussian(2.5, 15, 2)) for n in map(int, a.sizes.split(",")) if n > 0]
    if a.volume > 0:
        cases.append(((a.volume,) * 3, gaussian(1.5, 9, 3)))
    rows = []
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    with tempfile.TemporaryDirectory() as tmp:
        for seed, (shape, psf) in enumerate(cases):
            margin = 2 * psf.shape[0]
            big = scene(shape, margin, seed)
            blurred = scipy.signal.fftconvolve(big, psf.astype(np.float64), mode="same")
            crop = tuple(slice(margin, margin + n) for n in shape)
            truth = big[crop].astype(np.float32)
            rng = np.random.default_rng(100 + seed)
            y = (blurred[crop] + 0.01 * rng.standard_normal(shape)).astype(np.float32)
            y_path, psf_path, out = (os.path.join(tmp, f) for f in ("y.npy", "psf.npy", "x.npy"))
            np.save(y_path, y)
            np.save(psf_path, psf)
            io = ["--input", y_path, "--psf", psf_path, "--output", out]
            name = "x".join(map(str, shape)) + ", PSF " + "x".join(map(str, psf.shape))
            ident = np.ones((1,) * len(shape))

            def side(method, ck_args, sk_fn, runs):
                ck_ms = run_convkit(["deconv", "--method", method] + ck_args + io, runs)
                ck = np.load(out)
                if sk_fn is None:
                    rows.append((name, method_label(method, ck_args), psnr(truth, ck), ck_ms, None, None))
                else:
                    sk, sk_ms = timed(sk_fn, runs)
                    rows.append((name, method_label(method, ck_args), psnr(truth, ck), ck_ms, psnr(truth, sk), sk_ms))
                print(rows[-1], file=sys.stderr)

            if len(shape) == 2:
                sk_w = lambda: restoration.wiener(y, psf, BALANCE, reg=ident, clip=False)
                sk_t = lambda: restoration.wiener(y, psf, BALANCE, clip=False)
            else:
                sk_w = lambda: wiener_nd(y, psf, BALANCE, reg=ident)
                sk_t = lambda: wiener_nd(y, psf, BALANCE)
            quick = max(a.runs, a.quick_runs)
            side("wiener", ["--regularization", str(BALANCE)], sk_w, quick)
            side("tikhonov", ["--regularization", str(BALANCE)], sk_t, quick)
            side("richardson-lucy", ["--iterations", str(ITERATIONS)],
                 lambda: restoration.richardson_lucy(y, psf, num_iter=ITERATIONS, clip=False), a.runs)
            side("richardson-lucy", ["--iterations", str(ITERATIONS), "--tv", "0.002"], None, a.runs)
    block = table(rows, a, java)
    print(block)
    if not a.no_doc:
        text = open(DOC).read()
        start, end = "<!-- speed:start -->", "<!-- speed:end -->"
        i, j = text.index(start) + len(start), text.index(end)
        open(DOC, "w").write(text[:i] + "\n" + block + "\n" + text[j:])


def method_label(method, args):
    if method == "wiener":
        return "Wiener, NSR %g" % BALANCE
    if method == "tikhonov":
        return "Tikhonov (Laplacian), lambda %g" % BALANCE
    return "Richardson-Lucy, %d it.%s" % (ITERATIONS, " + TV 0.002" if "--tv" in args else "")


def table(rows, a, java):
    L = ["Run: `/usr/bin/python3 bench/deconv_speed.py --runs %d --quick-runs %d --sizes %s --volume %d` on %s, "
         "%d cores, %s; numpy %s, scipy %s, scikit-image %s. Median ms of %d runs per side (%d for Wiener and "
         "Tikhonov), steady state (convkit: after its "
         "first run, in one process, on all cores; scikit-image: after a warm-up call, one thread). Ratio: "
         "scikit-image's time over convkit's (above 1: convkit is faster)."
         % (a.runs, a.quick_runs, a.sizes, a.volume, platform.machine(), os.cpu_count(), java, np.__version__,
            scipy.__version__, skimage.__version__, a.runs, max(a.runs, a.quick_runs)),
         "",
         "| data | method | convkit PSNR | convkit ms | scikit-image PSNR | scikit-image ms | ratio |",
         "|---|---|---:|---:|---:|---:|---:|"]
    for name, label, ck_p, ck_ms, sk_p, sk_ms in rows:
        if sk_ms is None:
            L.append("| %s | %s | %.2f | %.0f | (none) | | |" % (name, label, ck_p, ck_ms))
        else:
            L.append("| %s | %s | %.2f | %.0f | %.2f | %.0f | %.2f |" % (name, label, ck_p, ck_ms, sk_p, sk_ms,
                                                                         sk_ms / ck_ms))
    return "\n".join(L)


if __name__ == "__main__":
    main(sys.argv[1:])
