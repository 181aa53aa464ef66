package org.convkit.runtime;

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

    private final SimdKernels kernels;
    private final Sgemm sgemm;
    private final String description;

    private Kernels(SimdKernels kernels, String description) {
        this.kernels = kernels;
        this.sgemm = kernels.sgemm();
        this.description = description;
    }

    /** The matrix multiply in use. */
    public static Sgemm sgemm() {
        return ACTIVE.sgemm;
    }

    /** All kernels in use (vector ones, or the scalar twins). */
    public static SimdKernels active() {
        return ACTIVE.kernels;
    }

    /** One line: which kernels, and why. */
    public static String describe() {
        return ACTIVE.description;
    }

    /** Whether vector kernels are in use. */
    public static boolean vectorized() {
        return ACTIVE.kernels != ScalarKernels.INSTANCE;
    }

    /**
     * Logs the choice once: one WARNING, naming the fix, when convkit-simd is there but the JVM cannot
     * read the Vector API (the common mistake: a class-path application without {@code --add-modules
     * jdk.incubator.vector}); INFO when convkit-simd is absent; DEBUG otherwise.
     */
    private static Kernels discover() {
        Kernels k = find();
        System.Logger.Level level = k.kernels != ScalarKernels.INSTANCE || k.description.contains("convkit.simd=false")
                ? System.Logger.Level.DEBUG
                : k.description.contains(NO_VECTOR_API) ? System.Logger.Level.WARNING : System.Logger.Level.INFO;
        System.getLogger("org.convkit").log(level, level == System.Logger.Level.WARNING
                ? "convkit runs its scalar kernels, several times slower, because this JVM cannot read the Vector API. "
                        + "Fix: add --add-modules jdk.incubator.vector to the java command, or -Dconvkit.simd=false to "
                        + "choose the scalar kernels and silence this."
                : "convkit kernels: " + k.description);
        return k;
    }

    private static final String NO_VECTOR_API = "the Vector API is unavailable";

    private static Kernels find() {
        if ("false".equalsIgnoreCase(System.getProperty("convkit.simd"))) {
            return new Kernels(ScalarKernels.INSTANCE, "scalar (switched off by -Dconvkit.simd=false)");
        }
        try {
            Iterator<SimdKernels> it = ServiceLoader.load(SimdKernels.class, Kernels.class.getClassLoader()).iterator();
            if (!it.hasNext()) {
                return new Kernels(ScalarKernels.INSTANCE, "scalar (convkit-simd is on neither the class path nor the module path)");
            }
            SimdKernels s = it.next();
            return new Kernels(s, s.describe());
        } catch (LinkageError | java.util.ServiceConfigurationError e) {
            // the module is there but the JVM lacks jdk.incubator.vector: run, and say how to speed up
            return new Kernels(ScalarKernels.INSTANCE, "scalar (" + NO_VECTOR_API + ": run java with "
                    + "--add-modules jdk.incubator.vector)");
        }
    }
}
