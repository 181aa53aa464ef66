package org.convkit.algo;

import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * The kernels in use, chosen once at start-up: the Vector API ones from {@code convkit-simd} when it
 * is on the class path and the JVM has {@code jdk.incubator.vector}, the scalar twins otherwise, or
 * when {@code -Dconvkit.simd=false}. The choice is logged once (System.Logger) and is available to
 * explain().
 */
public final class Kernels {
    private static final Kernels ACTIVE = discover();

    private final Sgemm sgemm;
    private final String description;

    private Kernels(Sgemm sgemm, String description) {
        this.sgemm = sgemm;
        this.description = description;
    }

    /** The matrix multiply in use. */
    public static Sgemm sgemm() {
        return ACTIVE.sgemm;
    }

    /** One line: which kernels, and why. */
    public static String describe() {
        return ACTIVE.description;
    }

    /** Whether vector kernels are in use. */
    public static boolean vectorized() {
        return ACTIVE.sgemm != ScalarSgemm.INSTANCE;
    }

    /** Logs the choice once: at INFO when convkit runs slower than it could, at DEBUG otherwise. */
    private static Kernels discover() {
        Kernels k = find();
        boolean chosenByUser = k.description.contains("convkit.simd=false");
        System.Logger.Level level = k.sgemm == ScalarSgemm.INSTANCE && !chosenByUser
                ? System.Logger.Level.INFO : System.Logger.Level.DEBUG;
        System.getLogger("org.convkit").log(level, "convkit kernels: " + k.description);
        return k;
    }

    private static Kernels find() {
        if ("false".equalsIgnoreCase(System.getProperty("convkit.simd"))) {
            return new Kernels(ScalarSgemm.INSTANCE, "scalar (switched off by -Dconvkit.simd=false)");
        }
        try {
            Iterator<SimdKernels> it = ServiceLoader.load(SimdKernels.class, Kernels.class.getClassLoader()).iterator();
            if (!it.hasNext()) {
                return new Kernels(ScalarSgemm.INSTANCE, "scalar (convkit-simd is not on the class path)");
            }
            SimdKernels s = it.next();
            return new Kernels(s.sgemm(), s.describe());
        } catch (LinkageError | java.util.ServiceConfigurationError e) {
            // the module is there but the JVM lacks jdk.incubator.vector: run, and say how to speed up
            return new Kernels(ScalarSgemm.INSTANCE, "scalar (the Vector API is unavailable: run java with "
                    + "--add-modules jdk.incubator.vector; " + e + ")");
        }
    }
}
