package org.convkit.kernel;

import org.convkit.spec.Ints;

/**
 * Integer factors of an integer-valued rank-1 kernel, the ones a person writes: Sobel as
 * {@code [1, 2, 1] (x) [1, 0, -1]}, not as two unit vectors scaled by 2.83. Every factor but the
 * first is the kernel's line through its largest element along that dimension, divided by the
 * line's greatest common divisor and signed so its first non-zero entry is positive; the first
 * factor is what is left, which is then an integer vector too (the other factors' outer product is
 * primitive, so it divides the kernel exactly). Used only when the product rebuilds the kernel
 * exactly.
 */
final class IntegerFactors {
    /** Integers above this lose exactness in float32, as the kernel was stored. */
    private static final double LIMIT = 0x1p24;

    private IntegerFactors() {
    }

    /** True when every element is an integer of magnitude below 2^24. */
    static boolean integral(double[] k) {
        for (double v : k) {
            if (v != Math.rint(v) || Math.abs(v) >= LIMIT) {
                return false;
            }
        }
        return true;
    }

    /** The integer factors of {@code k} (shape {@code size}, row-major), or null when there are none that rebuild it exactly. */
    static Factors of(double[] k, int[] size) {
        int dims = size.length;
        int pivot = 0;
        for (int t = 1; t < k.length; t++) {
            if (Math.abs(k[t]) > Math.abs(k[pivot])) {
                pivot = t;
            }
        }
        if (k[pivot] == 0) {
            return null;
        }
        int[] stride = Ints.strides(size);
        int[] at = Ints.coords(pivot, size);
        double[][] f = new double[dims][];
        double rest = 1;
        for (int d = dims - 1; d >= 1; d--) {
            f[d] = primitive(line(k, pivot, at[d], stride[d], size[d]));
            rest *= f[d][at[d]];
        }
        f[0] = line(k, pivot, at[0], stride[0], size[0]);
        for (int i = 0; i < f[0].length; i++) {
            f[0][i] /= rest;
            if (f[0][i] != Math.rint(f[0][i])) {
                return null;
            }
        }
        Factors term = new Factors(f);
        for (int t = 0; t < k.length; t++) {
            if (term.at(Ints.coords(t, size)) != k[t]) {
                return null;
            }
        }
        return term;
    }

    private static double[] line(double[] k, int pivot, int at, int stride, int size) {
        double[] v = new double[size];
        int start = pivot - at * stride;
        for (int i = 0; i < size; i++) {
            v[i] = k[start + i * stride];
        }
        return v;
    }

    /** v / gcd(v), first non-zero entry positive (v has a non-zero entry: it passes through the pivot). */
    private static double[] primitive(double[] v) {
        long g = 0;
        double sign = 0;
        for (double x : v) {
            g = gcd(g, Math.abs((long) x));
            if (sign == 0 && x != 0) {
                sign = Math.signum(x);
            }
        }
        double[] p = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            p[i] = v[i] / (sign * g);
        }
        return p;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
