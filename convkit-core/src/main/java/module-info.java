/**
 * convkit's core: tensors, geometry, every convolution, transposed convolution and pooling with
 * their gradients, the planner, deconvolution and {@code .npy} I/O, in pure Java.
 *
 * <p>What a user imports: {@link org.convkit} (the operations and their options), {@link
 * org.convkit.tensor} (tensors, row-major {@code float32}), {@link org.convkit.spec} (shapes,
 * padding, geometry), {@link org.convkit.plan} (plans and tuning: the control tier), {@link
 * org.convkit.deconv} (true deconvolution), {@link org.convkit.kernel} (kernel separability) and
 * {@link org.convkit.io} ({@code .npy} files), {@link org.convkit.tile} (output tiles and
 * their input windows, for arrays larger than memory), with {@link org.convkit.algo} for the passes and the
 * algorithm interface that plans name. The algorithms themselves are not exported; the reference
 * engine's lattice and the runtime (threads, workspace pool, the kernel service) are exported only
 * to the convkit modules that use them.
 *
 * <p>The Vector API kernels come from module {@code org.convkit.simd} through the {@link
 * org.convkit.runtime.SimdKernels} service; without it the scalar twins run.
 */
@SuppressWarnings("module") // the qualified exports name modules built after this one
module org.convkit.core {
    requires java.management; // TuningMeasurement times threads by their CPU time

    exports org.convkit;
    exports org.convkit.tensor;
    exports org.convkit.spec;
    exports org.convkit.plan;
    exports org.convkit.deconv;
    exports org.convkit.kernel;
    exports org.convkit.io;
    exports org.convkit.tile;
    // the passes (Pass) and the algorithm interface (ConvAlgorithm) that org.convkit.plan's
    // signatures name; the algorithms themselves (its subpackages) stay inside
    exports org.convkit.algo;

    // the pictures walk the reference engine's lattice, so what is drawn is what is computed
    exports org.convkit.algo.reference to org.convkit.viz;
    // the kernel service that convkit-simd implements; the CLI reports which kernels run
    exports org.convkit.runtime to org.convkit.simd, org.convkit.cli;

    uses org.convkit.runtime.SimdKernels;
}
