package org.convkit.algo.fft;

import java.util.Locale;

import org.convkit.Algorithm;
import org.convkit.algo.ConvAlgorithm;
import org.convkit.runtime.Parallel;
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
 * the result is rounded to float once. A float twin of the transform measured 1.6 times faster per
 * butterfly (0.4 against 0.65 ns per lane), but single precision cannot keep the per-element budget:
 * an FFT spreads rounding error evenly over a tile, so an output whose own terms are small (a dark
 * region of an image, cells fed mostly by zero padding) would get the error of its bright neighbours,
 * some 2^-24 log2(V) ||x|| ||w||. In double that spread is 2^-53 log2(V) ||x|| ||w||, below the one
 * rounding to float everywhere but in such regions, where it stays some 10^-15 of the signal.
 *
 * <p>Error bound: per output, |fft - exact| &lt;= 2^-24 |exact| (the one rounding to float) plus
 * 2^-53 log2(V) ||x||_2 ||w||_2 (V the tile volume, the norms over the tile's input and the kernel
 * slices), which the tests check on a half-dark image. The second term is absolute, not relative to
 * the output's own terms; it is below 2^-24 sum|x*w| unless those terms are some 10^-8 of the tile's
 * typical magnitude, so {@link #errorBound} states c = 1 with that caveat. Measured on the tests'
 * problems, the error never exceeded the final rounding (c needed beyond it: 0).
 */
public final class FftConv implements ConvAlgorithm {
    @Override
    public Algorithm id() {
        return Algorithm.FFT;
    }

    @Override
    public String unsupported(ConvProblem p, Pass pass) {
        return pass != Pass.GATHER ? notGather(pass) : FftPlan.choose(p) == null ? tooLarge(p) : null;
    }

    private static String notGather(Pass pass) {
        return "it computes the gather (a convolution's forward pass, a transposed convolution's input gradient) "
                + "only, not the " + pass.name().toLowerCase(Locale.ROOT);
    }

    private static String tooLarge(ConvProblem p) {
        long threadFloats = FftPlan.smallestThreadFloats(p);
        long kernelFloats = FftPlan.smallestKernelFloats(p);
        return String.format(Locale.ROOT, "even the smallest tiles need %s floats per thread (limit %d) and %s floats "
                        + "of kernel spectra (limit %d), and the whole call must fit in %d floats (the larger of 4M and "
                        + "10%% of input, output and weights): the kernel span or the channel count is too large for "
                        + "tiling",
                threadFloats < 0 ? "far more than that" : Long.toString(threadFloats), FftPlan.THREAD_LIMIT,
                kernelFloats < 0 ? "far more than that" : Long.toString(kernelFloats), FftPlan.KERNEL_LIMIT,
                FftPlan.budget(p));
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
     * c = 1: the one rounding of the double result to float is the test's 2 * 2^-24 * |exact| term; the
     * double transforms add at most 2^-53 log2(V) ||x|| ||w|| per output, below 2^-24 sum|x*w| unless
     * the output's own terms are some 10^-8 of its tile's (see the class comment).
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
        Block[] spectra = KernelSpectra.of(plan, weight, p.spec().flip(), threads);
        int workers = plan.blockWorkers(threads);
        Parallel.forEach(workers, threads, w -> {
            BlockWorker worker = new BlockWorker(plan, p.spec().paddingMode());
            for (int b = (int) ((long) plan.blocks * w / workers); b < (long) plan.blocks * (w + 1) / workers; b++) {
                worker.run(b, big, small, spectra, bias);
            }
        });
    }

    /** The tiling, chosen once per call; an error naming the reason when this algorithm cannot run. */
    private static FftPlan plan(ConvProblem p, Pass pass) {
        FftPlan plan = pass == Pass.GATHER ? FftPlan.choose(p) : null;
        if (plan == null) {
            throw new IllegalArgumentException("fft cannot compute this " + pass.name().toLowerCase(Locale.ROOT) + ": "
                    + (pass != Pass.GATHER ? notGather(pass) : tooLarge(p)));
        }
        return plan;
    }
}
