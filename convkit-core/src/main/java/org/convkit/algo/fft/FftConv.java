package org.convkit.algo.fft;

import java.util.Locale;

import org.convkit.algo.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.algo.Parallel;
import org.convkit.algo.Pass;
import org.convkit.spec.ConvProblem;

/**
 * Convolution by fast Fourier transform, tiled overlap-save: the gather (a convolution's forward
 * pass) of 1-D, 2-D and 3-D problems with any stride, dilation, padding, padding mode, groups and
 * flip. It pays off for large kernels, where its cost per output grows with the log of the tile
 * instead of with the kernel volume.
 *
 * <p>How: the input is cut into power-of-two tiles that overlap by the kernel span minus one
 * ({@link FftPlan}), read through the padding rule; two real tiles share one complex transform (real
 * and imaginary parts); each kernel slice is transformed once per call; per tile the spectra of the
 * input channels are multiplied by the kernel spectra and summed per output channel in the
 * frequency domain, and one inverse transform per output channel and tile pair yields the outputs
 * (every s-th one, for stride s). Workspace is bounded per thread ({@link FftPlan#THREAD_LIMIT}),
 * never proportional to the image. Threads share out whole blocks of tiles, and every sum runs in a
 * fixed order, so results are bitwise the same for any thread count.
 *
 * <p>Precision: transforms and products run in double, from twiddles computed directly in double;
 * the result is rounded to float once. Measured on a float-only variant of this code, single
 * precision was no faster on the JIT's scalar and vector paths alike for the tile sizes used here,
 * and it cannot keep the per-element budget: an FFT spreads rounding error evenly over a tile, so an
 * output whose own terms are small (a dark region of an image, cells fed mostly by zero padding)
 * would get the error of its bright neighbours.
 *
 * <p>Error bound (see {@link #errorBound}): per output, |fft - exact| &lt;= 2^-24 |exact| (the one
 * rounding to float) + about 2^-53 log2(V) ||x||_2 ||w||_2, V the tile volume and the norms over the
 * tile's input and the kernel slices. The second term is the transform's and is absolute, not
 * relative to the output's own terms: it is below 2^-24 sum|x*w| unless an output's terms are some
 * 10^-7 of its tile's typical magnitude. {@link #errorBound} states it as c = 1 relative to
 * sum|x*w|, with that caveat; measured, the largest transform error seen by the tests is below
 * 10^-3 of that budget.
 */
public final class FftConv implements ConvAlgorithm {
    @Override
    public Algorithm id() {
        return Algorithm.FFT;
    }

    @Override
    public String unsupported(ConvProblem p, Pass pass) {
        if (pass != Pass.GATHER) {
            return "it computes the gather (a convolution's forward pass, a transposed convolution's input gradient) "
                    + "only, not the " + pass.name().toLowerCase(Locale.ROOT);
        }
        if (FftPlan.choose(p) == null) {
            long threadFloats = FftPlan.smallestThreadFloats(p);
            long kernelFloats = FftPlan.smallestKernelFloats(p);
            return String.format(Locale.ROOT, "even the smallest tiles need %s floats per thread (limit %d) and %s floats "
                            + "of kernel spectra (limit %d): the kernel span or the channel count is too large for tiling",
                    threadFloats < 0 ? "over 2^31" : Long.toString(threadFloats), FftPlan.THREAD_LIMIT,
                    kernelFloats < 0 ? "over 2^31" : Long.toString(kernelFloats), FftPlan.KERNEL_LIMIT);
        }
        return null;
    }

    @Override
    public double cost(ConvProblem p, Pass pass, int threads) {
        return FftCost.call(plan(p, pass), threads);
    }

    @Override
    public long workspaceFloats(ConvProblem p, Pass pass, int threads) {
        return plan(p, pass).workspaceFloats(threads);
    }

    /**
     * c = 1: the one rounding of the double result to float is covered by the test's 2 * 2^-24 * |exact|
     * term; the double transforms add about 2^-53 log2(V) ||x|| ||w|| per output, which stays below
     * 2^-24 sum|x*w| unless the output's own terms are about 10^-7 of its neighbours' (see the class
     * comment). Measured worst ratio of (error - rounding) to 2^-24 sum|x*w| in the tests: below 10^-3.
     */
    @Override
    public double errorBound(ConvProblem p, Pass pass) {
        return 1.0;
    }

    @Override
    public void run(ConvProblem p, Pass pass, float[] big, float[] small, float[] weight, float[] bias, int threads) {
        FftPlan plan = plan(p, pass);
        if (plan.blocks == 0) {
            return;
        }
        Twiddles twiddles = Twiddles.upTo(plan.shape.largestSize());
        Block[] spectra = KernelSpectra.of(plan, weight, p.spec().flip(), twiddles, threads);
        int workers = plan.blockWorkers(threads);
        Parallel.forEach(workers, threads, w -> {
            BlockWorker worker = new BlockWorker(plan, p.spec().paddingMode(), twiddles);
            for (int b = (int) ((long) plan.blocks * w / workers); b < (long) plan.blocks * (w + 1) / workers; b++) {
                worker.run(b, big, small, spectra, bias);
            }
        });
    }

    private FftPlan plan(ConvProblem p, Pass pass) {
        String no = unsupported(p, pass);
        if (no != null) {
            throw new IllegalArgumentException("fft cannot compute this " + pass.name().toLowerCase(Locale.ROOT) + ": " + no);
        }
        return FftPlan.choose(p);
    }
}
