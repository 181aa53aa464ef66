package org.convkit.simd;

import org.convkit.runtime.Kernels;

/** Run in a JVM of its own by {@link KernelsDiscoveryTest}: prints what the core chose. */
final class KernelsProbe {
    private KernelsProbe() {
    }

    public static void main(String[] args) {
        System.out.println("vectorized=" + Kernels.vectorized() + " " + Kernels.describe());
    }
}
