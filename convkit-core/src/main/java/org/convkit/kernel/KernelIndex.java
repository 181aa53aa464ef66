package org.convkit.kernel;

/** Row-major index arithmetic for kernels of any number of dimensions. */
final class KernelIndex {
    private KernelIndex() {
    }

    static int[] strides(int[] size) {
        int[] s = new int[size.length];
        int v = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            s[d] = v;
            v *= size[d];
        }
        return s;
    }

    static int[] coords(int flat, int[] size) {
        int[] c = new int[size.length];
        for (int d = size.length - 1; d >= 0; d--) {
            c[d] = flat % size[d];
            flat /= size[d];
        }
        return c;
    }

    static int sum(int[] v) {
        int s = 0;
        for (int x : v) {
            s += x;
        }
        return s;
    }

    static int product(int[] v) {
        int p = 1;
        for (int x : v) {
            p *= x;
        }
        return p;
    }
}
