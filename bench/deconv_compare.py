#!/usr/bin/env python3
"""Deconvolves the same blurred, noisy images with convkit and with scikit-image, and writes a report.

Draws three test images with numpy (no third-party pictures): a resolution target of bar groups,
a Siemens star, and soft blobs with point sources. Each is drawn on a canvas wider than the
picture, blurred there with a Gaussian PSF, and cropped, so that the picture's edges hide real
content, as a camera's do (no method is told the truth beyond the frame). Seeded Gaussian noise is
added. The .npy files go to a temporary directory; `bin/convkit deconv` and scikit-image run on them.

Pairs compared, parameters matched:
  - Richardson-Lucy, same iteration count: `convkit deconv --method richardson-lucy` and
    `skimage.restoration.richardson_lucy(clip=False)`.
  - Automatic Wiener: `convkit deconv --method wiener` (NSR estimated from the data) and
    `skimage.restoration.unsupervised_wiener` (its Gibbs-sampled Wiener-Hunt, seeded).
  - Laplacian-regularized inverse with the same weight: `convkit deconv --method tikhonov` and
    `skimage.restoration.wiener(balance=b)`; b is the balance that gives scikit-image its best PSNR
    (searched against the truth, an oracle neither would have in practice).
  - The same with convkit's border set to circular: scikit-image's wiener assumes a circular blur,
    so the two must then agree to float32 rounding; the report prints the largest difference,
    which checks that the PSF conventions (centre floor(k/2), true convolution) match.

Times: scikit-image's is measured around the call, in this process, median of --runs calls.
convkit's is the time the tool reports for its computation (file reading/writing and JVM start-up
excluded), computed 1 + --runs times in one process (`--repeat`): the median of the runs after
the first (JIT-compiled) is the headline, and the first run and the whole process's wall time are
reported beside it.

Writes docs/deconvolution/<image>.png (truth, observed, and the methods' results) and the results
section of docs/deconvolution.md (between its 'results' markers).

usage: /usr/bin/python3 bench/deconv_compare.py [--runs 3] [--size 256] [--noise 0.01] [--iterations 30]
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

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONVKIT = os.path.join(ROOT, "bin", "convkit")
DOC = os.path.join(ROOT, "docs", "deconvolution.md")
PICS = os.path.join(ROOT, "docs", "deconvolution")
MARGIN = 32


def bars(n):
    """A resolution target: groups of three bars, 1 to 6 cells wide, both orientations, and a square."""
    m = n + 2 * MARGIN
    img = np.full((m, m), 0.2)
    y0 = MARGIN + n // 10
    x = MARGIN + n // 16
    for width in range(1, 7):
        for b in range(3):
            img[y0:y0 + n // 3, x:x + width] = 0.9
            x += 2 * width
        x += 2 * width + 4
    x0 = MARGIN + n // 16
    y = MARGIN + n // 2
    for width in range(1, 7):
        for b in range(3):
            img[y:y + width, x0:x0 + n // 3] = 0.9
            y += 2 * width
        y += 2 * width + 4
    img[MARGIN + n // 2:MARGIN + 3 * n // 4, MARGIN + n // 2 + 20:MARGIN + 7 * n // 8] = 0.6
    # content crossing the frame: the edges must not be assumed flat or periodic
    img[:MARGIN + n // 8, -MARGIN - n // 5:] = 1.0
    img[-MARGIN - 12:, :] = 0.7
    return img


def star(n):
    """A Siemens star (36 spokes) on a mid-grey disc, and a bright ring."""
    m = n + 2 * MARGIN
    yy, xx = np.mgrid[0:m, 0:m] - (m - 1) / 2
    r = np.hypot(yy, xx)
    angle = np.arctan2(yy, xx)
    img = np.full((m, m), 0.1)
    img[r < 0.45 * n] = 0.5
    spokes = (np.sin(36 / 2 * angle) > 0) & (r < 0.42 * n)
    img[spokes] = 0.95
    img[(r > 0.47 * n) & (r < 0.5 * n)] = 0.8
    return img


def blobs(n):
    """Soft Gaussian blobs on a gradient, and point sources: where Richardson-Lucy is at home."""
    m = n + 2 * MARGIN
    yy, xx = np.mgrid[0:m, 0:m].astype(float)
    img = 0.05 + 0.25 * xx / m
    rng = np.random.default_rng(3)
    for _ in range(12):
        cy, cx = rng.uniform(0, m, 2)
        s = rng.uniform(4, 18)
        img += rng.uniform(0.2, 0.5) * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * s * s))
    for _ in range(30):
        cy, cx = rng.integers(MARGIN, m - MARGIN, 2)
        img[cy, cx] += rng.uniform(0.4, 0.8)
    return np.clip(img, 0, 1)


def gaussian_psf(sigma, k):
    ax = np.arange(k) - k // 2
    g = np.exp(-(ax[:, None] ** 2 + ax[None, :] ** 2) / (2 * sigma * sigma))
    return g / g.sum()


def psnr(truth, x):
    return 10 * np.log10(1.0 / np.mean((truth.astype(np.float64) - x) ** 2))


def run_convkit(args, runs):
    """Runs bin/convkit once, computing 1 + runs times (--repeat); returns (stdout line, (median ms of the
    runs after the first, first run's ms, the whole process's wall ms))."""
    t0 = time.perf_counter()
    p = subprocess.run([CONVKIT] + args + ["--repeat", str(1 + runs)], capture_output=True, text=True)
    wall = (time.perf_counter() - t0) * 1000
    if p.returncode != 0:
        sys.exit("convkit failed: " + " ".join(args) + "\n" + p.stderr)
    line = p.stdout.strip().splitlines()[-1]
    m = re.search(r", ([0-9.]+) ms( \(first run; median of the [0-9]+ after it ([0-9.]+) ms\))?; written", line)
    first = float(m.group(1))
    return line, (float(m.group(3)) if m.group(3) else first, first, wall)


def timed(fn, runs):
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return out, statistics.median(times)


def best_balance(y, psf, truth):
    """The balance that gives scikit-image's wiener its best PSNR (a grid search against the truth)."""
    best = None
    for b in np.logspace(-5, 2, 29):
        v = psnr(truth, restoration.wiener(y, psf, b, clip=False))
        if best is None or v > best[1]:
            best = (b, v)
    return best[0]


def picture(path, panels):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    cols = 3
    rows = (len(panels) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 3.2, rows * 3.45), dpi=100)
    for ax, (title, img) in zip(axes.flat, panels):
        ax.imshow(np.clip(img, 0, 1), cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        ax.set_title(title, fontsize=8.5)
        ax.axis("off")
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    # grey pictures and black titles: one 8-bit channel holds them, a third of matplotlib's RGBA file
    from PIL import Image
    Image.open(path).convert("L").save(path, optimize=True)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per timing, the median is reported (default 3)")
    ap.add_argument("--size", type=int, default=256, help="image side in cells (default 256)")
    ap.add_argument("--noise", type=float, default=0.01, help="noise standard deviation (default 0.01)")
    ap.add_argument("--iterations", type=int, default=30, help="Richardson-Lucy iterations (default 30)")
    ap.add_argument("--sigma", type=float, default=2.0, help="the Gaussian PSF's sigma (default 2)")
    a = ap.parse_args(argv)
    os.makedirs(PICS, exist_ok=True)
    psf = gaussian_psf(a.sigma, 2 * int(3 * a.sigma) + 1).astype(np.float32)
    n = a.size
    rows = []
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    with tempfile.TemporaryDirectory() as tmp:
        psf_path = os.path.join(tmp, "psf.npy")
        np.save(psf_path, psf)
        for seed, (name, draw) in enumerate([("bars", bars), ("star", star), ("blobs", blobs)]):
            big = draw(n)
            blurred = scipy.signal.fftconvolve(big, psf.astype(np.float64), mode="same")
            truth = big[MARGIN:MARGIN + n, MARGIN:MARGIN + n].astype(np.float32)
            rng = np.random.default_rng(100 + seed)
            y = (blurred[MARGIN:MARGIN + n, MARGIN:MARGIN + n] + a.noise * rng.standard_normal((n, n)))
            y = y.astype(np.float32)
            y_path = os.path.join(tmp, name + ".npy")
            np.save(y_path, y)
            out = os.path.join(tmp, name + "-out.npy")
            r = {"name": name, "observed": psnr(truth, y)}

            line, ms = run_convkit(["deconv", "--method", "richardson-lucy", "--iterations", str(a.iterations),
                                    "--input", y_path, "--psf", psf_path, "--output", out], a.runs)
            ck_rl = np.load(out)
            sk_rl, sk_ms = timed(lambda: restoration.richardson_lucy(y, psf, num_iter=a.iterations, clip=False), a.runs)
            r["rl"] = (psnr(truth, ck_rl), ms, psnr(truth, sk_rl), sk_ms)

            line, ms = run_convkit(["deconv", "--method", "richardson-lucy", "--iterations", str(a.iterations),
                                    "--tv", "0.002", "--input", y_path, "--psf", psf_path, "--output", out], a.runs)
            ck_tv = np.load(out)
            r["rltv"] = (psnr(truth, ck_tv), ms)

            line, ms = run_convkit(["deconv", "--method", "wiener", "--input", y_path, "--psf", psf_path,
                                    "--output", out], a.runs)
            ck_w = np.load(out)
            nsr = float(re.search(r"nsr ([0-9.e+-]+)", line).group(1))
            (sk_uw, _), sk_ms = timed(lambda: restoration.unsupervised_wiener(y, psf, clip=False, random_state=0),
                                      a.runs)
            r["wiener"] = (psnr(truth, ck_w), ms, psnr(truth, sk_uw), sk_ms, nsr)

            b = best_balance(y, psf, truth)
            line, ms = run_convkit(["deconv", "--method", "tikhonov", "--regularization", repr(float(b)),
                                    "--input", y_path, "--psf", psf_path, "--output", out], a.runs)
            ck_t = np.load(out)
            sk_w, sk_ms = timed(lambda: restoration.wiener(y, psf, b, clip=False), a.runs)
            r["tikhonov"] = (psnr(truth, ck_t), ms, psnr(truth, sk_w), sk_ms, b)

            run_convkit(["deconv", "--method", "tikhonov", "--border", "circular", "--regularization",
                         repr(float(b)), "--input", y_path, "--psf", psf_path, "--output", out], 0)
            r["circular_diff"] = float(np.max(np.abs(np.load(out) - sk_w)))
            r["circular_psnr"] = psnr(truth, np.load(out))
            rows.append(r)

            picture(os.path.join(PICS, name + ".png"), [
                ("truth", truth),
                ("observed (blur + noise) %.2f dB" % r["observed"], y),
                ("convkit tikhonov, b=%.2g %.2f dB" % (b, r["tikhonov"][0]), ck_t),
                ("convkit RL %d it. %.2f dB" % (a.iterations, r["rl"][0]), ck_rl),
                ("skimage RL %d it. %.2f dB" % (a.iterations, r["rl"][2]), sk_rl),
                ("skimage wiener, b=%.2g %.2f dB" % (b, r["tikhonov"][2]), sk_w),
                ("convkit wiener (auto) %.2f dB" % r["wiener"][0], ck_w),
                ("skimage unsupervised_wiener %.2f dB" % r["wiener"][2], sk_uw),
                ("convkit RL-TV 0.002 %.2f dB" % r["rltv"][0], ck_tv),
            ])
            print(name, "done", file=sys.stderr)

    write_doc(rows, a, java, psf.shape)


def write_doc(rows, a, java, psf_shape):
    L = []
    L.append("Run: `/usr/bin/python3 bench/deconv_compare.py --runs %d --size %d --noise %g --iterations %d --sigma %g`"
             % (a.runs, a.size, a.noise, a.iterations, a.sigma))
    L.append("on %s, %d cores, %s; Python %s, numpy %s, scipy %s, scikit-image %s."
             % (platform.machine(), os.cpu_count(), java, platform.python_version(), np.__version__,
                scipy.__version__, skimage.__version__))
    L.append("Images %dx%d, Gaussian PSF sigma %g (%dx%d), noise sigma %g. PSNR in dB against the truth (peak 1). "
             "Times in ms. scikit-image: median of %d calls in one Python process. convkit: the time the tool reports "
             "for the computation, run 1 + %d times in one process (`--repeat`): the median of the runs after the "
             "first, then in brackets the first run (which includes the JIT compiling the code) and the whole "
             "`bin/convkit` process (JVM start-up, reading and writing the files, and all 1 + %d computations)."
             % (a.size, a.size, a.sigma, psf_shape[0], psf_shape[1], a.noise, a.runs, a.runs, a.runs))
    L.append("")
    L.append("| image | observed | method | convkit PSNR | convkit ms [first; process] | scikit-image "
             "| scikit-image PSNR | scikit-image ms |")
    L.append("|---|---:|---|---:|---:|---|---:|---:|")

    def ms(t):
        return "%.0f [%.0f; %.0f]" % t

    for r in rows:
        o = "%.2f" % r["observed"]
        rl, tv, w, t = r["rl"], r["rltv"], r["wiener"], r["tikhonov"]
        L.append("| %s | %s | Richardson-Lucy, %d it. | %.2f | %s | `richardson_lucy` | %.2f | %.0f |"
                 % (r["name"], o, a.iterations, rl[0], ms(rl[1]), rl[2], rl[3]))
        L.append("| | | RL + TV 0.002, %d it. | %.2f | %s | (none) | | |" % (a.iterations, tv[0], ms(tv[1])))
        L.append("| | | Wiener, NSR estimated (%.2g) | %.2f | %s | `unsupervised_wiener` | %.2f | %.0f |"
                 % (w[4], w[0], ms(w[1]), w[2], w[3]))
        L.append("| | | Tikhonov (Laplacian), lambda = b = %.2g | %.2f | %s | `wiener`, balance b | %.2f | %.0f |"
                 % (t[4], t[0], ms(t[1]), t[2], t[3]))
    L.append("")
    L.append("Convention check: convkit's Tikhonov with `--border circular` against scikit-image's `wiener` (same "
             "balance, both circular): largest difference " + ", ".join(
                 "%s %.1e" % (r["name"], r["circular_diff"]) for r in rows) + " (float32 rounding); its PSNR "
             + ", ".join("%s %.2f" % (r["name"], r["circular_psnr"]) for r in rows)
             + " dB, the cost of assuming a circular blur at the edges.")
    block = "\n".join(L)
    text = open(DOC).read()
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    i, j = text.index(start) + len(start), text.index(end)
    open(DOC, "w").write(text[:i] + "\n" + block + "\n" + text[j:])
    print(block)


if __name__ == "__main__":
    main(sys.argv[1:])
