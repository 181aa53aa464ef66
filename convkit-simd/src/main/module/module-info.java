/**
 * The Vector API kernels (SGEMM, axpy, dot products, copies) behind convkit-core's {@code
 * SimdKernels} service.
 *
 * <p>On the module path this module requires {@code jdk.incubator.vector}, so an application gets
 * the vector kernels with no JVM flag. On the class path the JVM needs {@code --add-modules
 * jdk.incubator.vector}; without it convkit runs its scalar twins and logs one WARNING naming that
 * flag. The class path finds the provider through {@code
 * META-INF/services/org.convkit.runtime.SimdKernels}, the module path through {@code provides}.
 */
module org.convkit.simd {
    requires org.convkit.core;
    requires jdk.incubator.vector;

    provides org.convkit.runtime.SimdKernels with org.convkit.simd.VectorKernels;
}
