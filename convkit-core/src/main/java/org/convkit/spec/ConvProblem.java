package org.convkit.spec;

import java.util.Arrays;

/**
 * A convolution or transposed convolution checked against concrete tensor shapes: channel counts,
 * groups, bias length and the spatial {@link Geometry}. Every engine starts from one, so shape
 * errors are found, and worded, in one place.
 *
 * <p>Both operations relate a <em>big</em> signal (the convolution's input, the transposed
 * convolution's output) and a <em>small</em> one, through a weight laid out
 * {@code (C_small, C_big/groups, k...)}: PyTorch's {@code (out, in/groups, k...)} for a convolution
 * and {@code (in, out/groups, k...)} for a transposed one are the same layout seen this way.
 */
public final class ConvProblem {
    private final boolean transposed;
    private final boolean batched;
    private final int batch;
    private final int inChannels;
    private final int outChannels;
    private final int groups;
    private final int[] weightShape;
    private final Geometry geometry;
    private final ConvSpec spec;

    private ConvProblem(boolean transposed, boolean batched, int batch, int inChannels, int outChannels,
                        int[] weightShape, Geometry geometry, ConvSpec spec) {
        this.transposed = transposed;
        this.batched = batched;
        this.batch = batch;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = spec.groups();
        this.weightShape = weightShape;
        this.geometry = geometry;
        this.spec = spec;
    }

    /**
     * A convolution, checked.
     *
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @param weightShape {@code (Cout, Cin/groups, k...)}
     * @param spec stride, padding, dilation, groups, padding mode and flip
     * @return the problem
     * @throws IllegalArgumentException if the shapes do not fit together, naming which, the numbers and the fix
     */
    public static ConvProblem conv(int[] inputShape, int[] weightShape, ConvSpec spec) {
        return of(false, inputShape, weightShape, spec);
    }

    /**
     * A transposed convolution, checked.
     *
     * @param inputShape {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     * @param weightShape {@code (Cin, Cout/groups, k...)}
     * @param spec stride, padding, dilation, groups, padding mode, flip and output padding
     * @return the problem
     * @throws IllegalArgumentException if the shapes do not fit together, naming which, the numbers and the fix
     */
    public static ConvProblem convTranspose(int[] inputShape, int[] weightShape, ConvSpec spec) {
        return of(true, inputShape, weightShape, spec);
    }

    private static ConvProblem of(boolean transposed, int[] in, int[] w, ConvSpec spec) {
        String op = transposed ? "transposed convolution" : "convolution";
        String layout = transposed ? "(in_channels, out_channels/groups, k...)" : "(out_channels, in_channels/groups, k...)";
        if (w.length < 3 || w.length > 5) {
            throw new IllegalArgumentException("the " + op + " weight has shape " + Arrays.toString(w) + " (rank "
                    + w.length + ") but must be " + layout + " with 1 to 3 spatial dimensions: rank 3, 4 or 5");
        }
        int dims = w.length - 2;
        boolean batched = in.length == w.length;
        if (!batched && in.length != w.length - 1) {
            throw new IllegalArgumentException("the input has shape " + Arrays.toString(in) + " (rank " + in.length
                    + ") but a " + dims + "-D " + op + " takes (N, C, spatial...) of rank " + w.length
                    + " or an unbatched (C, spatial...) of rank " + (w.length - 1));
        }
        for (int i = 0; i < w.length; i++) {
            if (w[i] < 1) {
                throw new IllegalArgumentException("the weight shape " + Arrays.toString(w) + " has an empty dimension " + i);
            }
        }
        int g = spec.groups();
        int n = batched ? in[0] : 1;
        if (n < 0) {
            throw new IllegalArgumentException("batch size must not be negative, got " + n);
        }
        int c = in[batched ? 1 : 0];
        int[] spatial = Arrays.copyOfRange(in, batched ? 2 : 1, in.length);
        int[] kernel = Arrays.copyOfRange(w, 2, w.length);
        int cin;
        int cout;
        if (!transposed) {
            cout = w[0];
            if (c % g != 0) {
                throw new IllegalArgumentException("in_channels " + c + " is not divisible by groups " + g
                        + ": each group takes an equal share of the input channels");
            }
            if (c != w[1] * g) {
                throw new IllegalArgumentException("the input has " + c + " channels but the weight " + Arrays.toString(w)
                        + " with groups " + g + " expects " + w[1] * g + " (in_channels/groups = " + w[1] + " times groups "
                        + g + ")" + (c % g == 0 ? "; a weight of shape (" + cout + ", " + c / g + ", ...) would fit" : ""));
            }
            if (cout % g != 0) {
                throw new IllegalArgumentException("out_channels " + cout + " is not divisible by groups " + g);
            }
            cin = c;
        } else {
            if (c != w[0]) {
                throw new IllegalArgumentException("the input has " + c + " channels but the transposed convolution weight "
                        + Arrays.toString(w) + " expects " + w[0] + " (its first dimension is in_channels)");
            }
            if (c % g != 0) {
                throw new IllegalArgumentException("in_channels " + c + " is not divisible by groups " + g);
            }
            cin = c;
            cout = w[1] * g;
        }
        Geometry geo = transposed ? Geometry.convTranspose(spatial, kernel, spec) : Geometry.conv(spatial, kernel, spec);
        return new ConvProblem(transposed, batched, n, cin, cout, w.clone(), geo, spec);
    }

    /**
     * Checks a bias's length against the output channels; null is allowed (no bias).
     *
     * @param biasShape {@code (Cout)}, or null
     * @throws IllegalArgumentException if the bias is not one value per output channel
     */
    public void checkBias(int[] biasShape) {
        if (biasShape != null && (biasShape.length != 1 || biasShape[0] != outChannels)) {
            throw new IllegalArgumentException("the bias has shape " + Arrays.toString(biasShape) + " but must be ("
                    + outChannels + ",), one value per output channel");
        }
    }

    /**
     * Checks that a tensor's shape equals {@code expected}, naming it in the error.
     *
     * @param what the tensor, as the message names it ("the output gradient")
     * @param got its shape
     * @param expected the shape it must have
     * @throws IllegalArgumentException if they differ
     */
    public static void checkShape(String what, int[] got, int[] expected) {
        if (!Arrays.equals(got, expected)) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(got) + " but must be "
                    + Arrays.toString(expected));
        }
    }

    /**
     * Whether this is a transposed convolution.
     *
     * @return true for a transposed convolution
     */
    public boolean transposed() {
        return transposed;
    }

    /**
     * Whether the input had a batch dimension; unbatched outputs drop it too.
     *
     * @return true for {@code (N, C, spatial...)} inputs
     */
    public boolean batched() {
        return batched;
    }

    /**
     * The batch size.
     *
     * @return N, or 1 for an unbatched input
     */
    public int batch() {
        return batch;
    }

    /**
     * The input's channels.
     *
     * @return Cin
     */
    public int inChannels() {
        return inChannels;
    }

    /**
     * The output's channels.
     *
     * @return Cout
     */
    public int outChannels() {
        return outChannels;
    }

    /**
     * The channel groups.
     *
     * @return at least 1, dividing both channel counts
     */
    public int groups() {
        return groups;
    }

    /**
     * The spec it was checked with.
     *
     * @return the spec
     */
    public ConvSpec spec() {
        return spec;
    }

    /**
     * The spatial arithmetic, padding resolved.
     *
     * @return the geometry
     */
    public Geometry geometry() {
        return geometry;
    }

    /**
     * The weight's shape.
     *
     * @return a copy
     */
    public int[] weightShape() {
        return weightShape.clone();
    }

    /**
     * Channels of the big side: the convolution's input, the transposed convolution's output.
     *
     * @return the channel count
     */
    public int bigChannels() {
        return transposed ? outChannels : inChannels;
    }

    /**
     * Channels of the small side: the convolution's output, the transposed convolution's input.
     *
     * @return the channel count
     */
    public int smallChannels() {
        return transposed ? inChannels : outChannels;
    }

    /**
     * Spatial size of the big side.
     *
     * @return one extent per spatial dimension
     */
    public int[] bigSpatial() {
        return transposed ? geometry.output() : geometry.input();
    }

    /**
     * Spatial size of the small side.
     *
     * @return one extent per spatial dimension
     */
    public int[] smallSpatial() {
        return transposed ? geometry.input() : geometry.output();
    }

    /**
     * The big side's shape, batched.
     *
     * @return {@code (N, C_big, big spatial...)}
     */
    public int[] bigShape() {
        return shape(batch, bigChannels(), bigSpatial(), true);
    }

    /**
     * The small side's shape, batched.
     *
     * @return {@code (N, C_small, small spatial...)}
     */
    public int[] smallShape() {
        return shape(batch, smallChannels(), smallSpatial(), true);
    }

    /**
     * The input shape, batched.
     *
     * @return {@code (N, Cin, spatial...)}
     */
    public int[] inputShape() {
        return shape(batch, inChannels, geometry.input(), true);
    }

    /**
     * The output shape, batched.
     *
     * @return {@code (N, Cout, out...)}
     */
    public int[] outputShape() {
        return shape(batch, outChannels, geometry.output(), true);
    }

    /**
     * The output shape as the caller will see it: without the batch dimension for an unbatched input.
     *
     * @return {@code (N, Cout, out...)} or {@code (Cout, out...)}
     */
    public int[] userOutputShape() {
        return shape(batch, outChannels, geometry.output(), batched);
    }

    /**
     * The input shape as the caller gave it.
     *
     * @return {@code (N, Cin, spatial...)} or {@code (Cin, spatial...)}
     */
    public int[] userInputShape() {
        return shape(batch, inChannels, geometry.input(), batched);
    }

    private static int[] shape(int n, int c, int[] spatial, boolean withBatch) {
        int off = withBatch ? 2 : 1;
        int[] s = new int[spatial.length + off];
        if (withBatch) {
            s[0] = n;
        }
        s[off - 1] = c;
        System.arraycopy(spatial, 0, s, off, spatial.length);
        return s;
    }

    /**
     * Equal problems have the same shapes, spec and kind, so every decision made from the problem
     * alone (the planner's estimates) carries over from one to the other.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ConvProblem q && q.transposed == transposed && q.batched == batched && q.batch == batch
                && q.inChannels == inChannels && q.outChannels == outChannels
                && Arrays.equals(q.weightShape, weightShape) && Arrays.equals(q.geometry.input(), geometry.input())
                && q.spec.equals(spec);
    }

    @Override
    public int hashCode() {
        return ((Arrays.hashCode(geometry.input()) * 31 + Arrays.hashCode(weightShape)) * 31 + spec.hashCode()) * 31
                + batch * 7 + (transposed ? 1 : 0) + (batched ? 2 : 0);
    }
}
