package org.convkit.cli;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import org.convkit.Algorithm;
import org.convkit.ConvOptions;
import org.convkit.algo.Pass;
import org.convkit.plan.Plan;
import org.convkit.plan.Planner;
import org.convkit.Conv;
import org.convkit.ConvLayer;
import org.convkit.ConvTranspose;
import org.convkit.Pool;
import org.convkit.PoolLayer;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;

/**
 * Turns suite cases into the same computations torch_peer.py times: the same shapes and padding
 * (asymmetric padding given to the library as before:after, where the peer pads the input first),
 * uniform data in [-1, 1) from fixed seeds, the same Gaussian weight, and the same flop counts.
 */
final class CaseBuilder {
    // The values differ from the peer's (another generator), but not their distribution, which is
    // all that timing can depend on (no zeros, no denormals).
    private static final long INPUT_SEED = 1;
    private static final long WEIGHT_SEED = 2;
    private static final long GRADIENT_SEED = 3;

    private final org.convkit.ConvOptions options;

    CaseBuilder(org.convkit.ConvOptions options) {
        this.options = options;
    }

    /** Plans {@code c}; the library's complaints about its numbers come back naming the case. */
    BenchCase build(SuiteCase c) {
        try {
            if (c.gaussian()) {
                checkGaussian(c.weight());
            }
            return switch (c.op()) {
                case CONV -> conv(c);
                case CONV_TRANSPOSE -> convTranspose(c);
                case CONV_TRAIN_STEP -> trainStep(c);
                case MAX_POOL -> pool(c, PoolSpec.Kind.MAX);
                case AVG_POOL -> pool(c, PoolSpec.Kind.AVG);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("case '" + c.name() + "': " + e.getMessage(), e);
        }
    }

    private BenchCase conv(SuiteCase c) {
        ConvSpec spec = convSpec(c);
        // planned with the weight itself: some algorithms (separable kernels) depend on its values
        Tensor w = weight(c);
        Plan plan = Conv.plan(c.input(), w, spec, options);
        int[] out = Conv.outputShape(c.input(), c.weight(), spec);
        double flops = 2.0 * Tensor.numel(out) * macsPerCell(c.weight());
        // timed as a deployed layer runs (ONNX Runtime's initializers): prepared once, output into a tensor
        return new BenchCase(c.name(), plan.algorithm().label(), flops, out, () -> {
            Tensor x = uniform(INPUT_SEED, c.input());
            ConvLayer layer = Conv.prepare(w, null, spec, c.input(), options);
            Tensor y = Tensor.zeros(layer.outputShape(c.input()));
            return () -> layer.forward(x, y);
        });
    }

    private BenchCase convTranspose(SuiteCase c) {
        ConvSpec spec = convSpec(c);
        if (c.outputPadding() != null) {
            spec = spec.withOutputPadding(c.outputPadding());
        }
        ConvSpec s = spec;
        Tensor w = weight(c);
        Plan plan = ConvTranspose.plan(c.input(), w, s, options);
        // each input cell meets every weight tap of its group once
        double flops = 2.0 * Tensor.numel(c.input()) * macsPerCell(c.weight());
        int[] out = ConvTranspose.outputShape(c.input(), c.weight(), s);
        return new BenchCase(c.name(), plan.algorithm().label(), flops, out, () -> {
            Tensor x = uniform(INPUT_SEED, c.input());
            ConvLayer layer = ConvTranspose.prepare(w, null, s, c.input(), options);
            Tensor y = Tensor.zeros(layer.outputShape(c.input()));
            return () -> layer.forward(x, y);
        });
    }

    /** What autograd's backward computes for an input and a weight that both need gradients. */
    private BenchCase trainStep(SuiteCase c) {
        ConvSpec spec = convSpec(c);
        ConvProblem p = ConvProblem.conv(c.input(), c.weight(), spec);
        Set<String> labels = new LinkedHashSet<>();
        StringBuilder each = new StringBuilder();
        for (Pass pass : new Pass[] {Pass.GATHER, Pass.SCATTER, Pass.WEIGHT_GRAD}) {
            String label = Planner.plan(p, pass, options).algorithm().label();
            labels.add(label);
            each.append(each.length() == 0 ? "" : "/").append(label);
        }
        int[] out = p.userOutputShape();
        double flops = 3 * 2.0 * Tensor.numel(out) * macsPerCell(c.weight());
        String algorithm = labels.size() == 1 ? labels.iterator().next() : each.toString();
        return new BenchCase(c.name(), algorithm, flops, out, () -> {
            Tensor x = uniform(INPUT_SEED, c.input());
            Tensor w = weight(c);
            Tensor g = uniform(GRADIENT_SEED, out);
            return () -> {
                Conv.forward(x, w, null, spec, options);
                Conv.gradInput(g, w, c.input(), spec, options);
                return Conv.gradWeight(x, g, c.weight(), spec, options);
            };
        });
    }

    private BenchCase pool(SuiteCase c, PoolSpec.Kind kind) {
        PoolSpec spec = PoolSpec.of(kind, c.kernel()).withStride(c.stride())
                .withPadding(Padding.of(c.padBefore(), c.padAfter()));
        int[] out = Pool.outputShape(c.input(), spec);
        double flops = (double) Tensor.numel(out) * product(c.kernel(), 0);
        // pooling has two paths, direct and reference; a convolution algorithm forced for the suite
        // means the direct one here
        ConvOptions poolOptions = options.algorithm() == Algorithm.REFERENCE ? options
                : options.withAlgorithm(Algorithm.AUTO);
        String label = poolOptions.algorithm() == Algorithm.REFERENCE ? "reference" : "direct";
        // timed as a deployed layer runs, like the convolutions: prepared once, output into a tensor
        return new BenchCase(c.name(), label, flops, out, () -> {
            Tensor x = uniform(INPUT_SEED, c.input());
            PoolLayer layer = Pool.prepare(spec, c.input(), poolOptions);
            Tensor y = Tensor.zeros(out);
            return () -> layer.forward(x, y);
        });
    }

    private static ConvSpec convSpec(SuiteCase c) {
        return ConvSpec.defaults().withStride(c.stride()).withPadding(Padding.of(c.padBefore(), c.padAfter()))
                .withDilation(c.dilation()).withGroups(c.groups());
    }

    /** Multiply-adds per output cell of a convolution: one per weight tap of its group. */
    private static double macsPerCell(int[] weight) {
        return product(weight, 1);
    }

    private static double product(int[] v, int from) {
        double p = 1;
        for (int i = from; i < v.length; i++) {
            p *= v[i];
        }
        return p;
    }

    private static Tensor uniform(long seed, int[] shape) {
        return Tensor.uniform(seed, -1f, 1f, shape);
    }

    private static Tensor weight(SuiteCase c) {
        return c.gaussian() ? gaussian(c.weight()) : uniform(WEIGHT_SEED, c.weight());
    }

    /**
     * torch_peer.py's Gaussian: g(r) = exp(-r^2 / 2 sigma^2) for r centred on the kernel, sigma = k/6,
     * normalized to sum 1, and its outer product with itself in every (out, in) channel pair. A
     * rank-1 kernel, which is what makes the case interesting to a separable algorithm.
     */
    static Tensor gaussian(int[] shape) {
        checkGaussian(shape);
        int k = shape[3];
        double sigma = k / 6.0;
        double[] g = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double r = i - (k - 1) / 2.0;
            g[i] = Math.exp(-(r * r) / (2 * sigma * sigma));
            sum += g[i];
        }
        Tensor w = Tensor.zeros(shape);
        float[] d = w.data();
        int plane = k * k;
        for (int at = 0; at < d.length; at += plane) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    d[at + i * k + j] = (float) (g[i] / sum * (g[j] / sum));
                }
            }
        }
        return w;
    }

    private static void checkGaussian(int[] shape) {
        if (shape.length != 4 || shape[2] != shape[3]) {
            throw new IllegalArgumentException("weight_kind gaussian needs a square 2-D kernel, as torch_peer.py "
                    + "builds it, but the weight is " + Arrays.toString(shape));
        }
    }
}
