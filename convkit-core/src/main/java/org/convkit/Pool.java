package org.convkit;

import java.util.Arrays;

import org.convkit.algo.pool.DirectPool;
import org.convkit.algo.reference.ReferencePool;
import org.convkit.spec.Geometry;
import org.convkit.spec.IndexLayout;
import org.convkit.spec.Ints;
import org.convkit.spec.PoolProblem;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.DoubleTensor;
import org.convkit.tensor.Tensor;

/**
 * Max, average and Lp pooling over 1 to 3 spatial dimensions, global pooling, max-unpooling, and
 * the backward passes of max and average, with PyTorch's conventions and ONNX's extensions (see
 * {@link ReferencePool} and {@link PoolSpec}). They run on {@link DirectPool} (all cores; max
 * pooling and its indices bitwise equal to the reference, average pooling in float within the
 * budget DirectPool states) unless {@link ConvOptions} asks for {@link Algorithm#REFERENCE}, or
 * DirectPool declines the problem (Lp pooling, and the backward pass of dilated average pooling:
 * {@link #explain} says so): those run on the reference, in double, slower but exact.
 */
public final class Pool {
    private Pool() {
    }

    /**
     * Max-pooled values and, for each, the index of its input cell: by default the flat spatial
     * index within its (n, c) map, else as the {@link IndexLayout} asked.
     *
     * @param values {@code (N, C, out...)} or {@code (C, out...)}, as {@link #forward} gives them
     * @param indices one per value: the index of the input cell it came from
     */
    public record MaxResult(Tensor values, int[] indices) {
    }

    /**
     * Max or average pooling, as the spec says.
     *
     * @param input {@code (N, C, spatial...)}, or unbatched {@code (C, spatial...)}
     * @param spec the kind, window, stride, padding, dilation, ceil mode and whether padding counts
     * @return {@code (N, C, out...)} (unbatched: {@code (C, out...)})
     * @throws IllegalArgumentException if the window does not fit the input, naming the numbers
     */
    public static Tensor forward(Tensor input, PoolSpec spec) {
        return forward(input, spec, ConvOptions.defaults());
    }

    /**
     * {@link #forward(Tensor, PoolSpec)} with the algorithm and threads of {@code options}.
     *
     * @param input {@code (N, C, spatial...)}, or unbatched {@code (C, spatial...)}
     * @param spec the kind, window, stride, padding, dilation, ceil mode and whether padding counts
     * @param options the algorithm ({@link Algorithm#AUTO} or {@link Algorithm#REFERENCE}) and threads
     * @return {@code (N, C, out...)} (unbatched: {@code (C, out...)})
     * @throws IllegalArgumentException if the window does not fit the input, or another algorithm is forced
     */
    public static Tensor forward(Tensor input, PoolSpec spec, ConvOptions options) {
        return forward(PoolProblem.of(input.shape(), spec), input, options, false);
    }

    /**
     * A pooling prepared once for inputs of {@code inputShape}, to run many times: see
     * {@link PoolLayer}. Its results are bitwise those of {@link #forward(Tensor, PoolSpec)}.
     *
     * @param spec the kind, window, stride, padding, dilation, ceil mode and whether padding counts
     * @param inputShape {@code (N, C, spatial...)} or {@code (C, spatial...)}: the shape prepared first
     * @return the prepared layer
     * @throws IllegalArgumentException if the window does not fit the input
     */
    public static PoolLayer prepare(PoolSpec spec, int[] inputShape) {
        return prepare(spec, inputShape, ConvOptions.defaults());
    }

    /**
     * {@link #prepare(PoolSpec, int[])} with the algorithm and threads of {@code options}.
     *
     * @param spec the pooling's parameters
     * @param inputShape {@code (N, C, spatial...)} or {@code (C, spatial...)}: the shape prepared first
     * @param options the algorithm ({@link Algorithm#AUTO} or {@link Algorithm#REFERENCE}) and threads
     * @return the prepared layer
     * @throws IllegalArgumentException if the window does not fit the input, or another algorithm is forced
     */
    public static PoolLayer prepare(PoolSpec spec, int[] inputShape, ConvOptions options) {
        return new PoolLayer(spec, inputShape, options);
    }

    /**
     * The shape {@link #forward} would return, checked the same way.
     *
     * @param inputShape {@code (N, C, spatial...)} or {@code (C, spatial...)}
     * @param spec the pooling's parameters
     * @return {@code (N, C, out...)} or {@code (C, out...)}
     * @throws IllegalArgumentException if the window does not fit the input
     */
    public static int[] outputShape(int[] inputShape, PoolSpec spec) {
        return PoolProblem.of(inputShape, spec).userOutputShape();
    }

    /**
     * Max pooling with argmax indices (the spec's kind must be max).
     *
     * @param input {@code (N, C, spatial...)}, or unbatched {@code (C, spatial...)}
     * @param spec a max pooling's parameters
     * @return the values, as {@link #forward} gives them, and each one's index in its input map
     * @throws IllegalArgumentException if the spec is not max pooling, or the window does not fit
     */
    public static MaxResult maxWithIndices(Tensor input, PoolSpec spec) {
        return maxWithIndices(input, spec, ConvOptions.defaults());
    }

    /**
     * {@link #maxWithIndices(Tensor, PoolSpec)} with the algorithm and threads of {@code options}.
     *
     * @param input {@code (N, C, spatial...)}, or unbatched {@code (C, spatial...)}
     * @param spec a max pooling's parameters
     * @param options the algorithm ({@link Algorithm#AUTO} or {@link Algorithm#REFERENCE}) and threads
     * @return the values and each one's index in its input map
     * @throws IllegalArgumentException if the spec is not max pooling, or the window does not fit
     */
    public static MaxResult maxWithIndices(Tensor input, PoolSpec spec, ConvOptions options) {
        return maxWithIndices(input, spec, IndexLayout.PYTORCH, options);
    }

    /**
     * {@link #maxWithIndices(Tensor, PoolSpec, ConvOptions)} with indices in {@code layout}: ONNX's
     * MaxPool counts them across the whole tensor ({@code IndexLayout.onnx(storageOrder)}).
     *
     * @param input {@code (N, C, spatial...)}, or unbatched {@code (C, spatial...)}
     * @param spec a max pooling's parameters
     * @param layout how the indices count the input's cells
     * @param options the algorithm ({@link Algorithm#AUTO} or {@link Algorithm#REFERENCE}) and threads
     * @return the values and each one's index, in {@code layout}
     * @throws IllegalArgumentException if the spec is not max pooling, or the window does not fit
     */
    public static MaxResult maxWithIndices(Tensor input, PoolSpec spec, IndexLayout layout, ConvOptions options) {
        requireMax(spec);
        checkAlgorithm(options);
        PoolProblem p = PoolProblem.of(input.shape(), spec);
        MaxResult r;
        if (onReference(p, options)) {
            ReferencePool.MaxPooled m = ReferencePool.max(p, Tensors.batched(input, p.inputShape()));
            r = new MaxResult(Tensors.result(m.values(), p.userOutputShape()), m.indices());
        } else {
            Tensor y = Tensor.zeros(p.userOutputShape());
            int[] idx = new int[y.numel()];
            DirectPool.max(p, input.data(), y.data(), idx, options.threads());
            r = new MaxResult(y, idx);
        }
        if (!layout.equals(IndexLayout.PYTORCH)) {
            int[] idx = r.indices();
            int[] spatial = p.geometry().input();
            int perMap = Math.max(1, idx.length / Math.max(1, p.batch() * p.channels()));
            long volume = Ints.product(spatial);
            for (int i = 0; i < idx.length; i++) {
                // a window that misses the input (dilation on a tiny map) has no cell to renumber
                if (idx[i] >= 0 && idx[i] < volume) {
                    idx[i] = (int) layout.fromMapIndex(i / perMap, idx[i], spatial);
                }
            }
        }
        return r;
    }

    /**
     * Gradient with respect to the input of {@link #forward}.
     *
     * @param gradOutput the loss's gradient with respect to the output: {@code (N, C, out...)}
     * @param input the forward pass's input: {@code (N, C, spatial...)} or {@code (C, spatial...)}
     * @param spec the forward pass's spec
     * @return the gradient with respect to the input, of the input's shape
     * @throws IllegalArgumentException if the shapes do not fit together
     */
    public static Tensor backward(Tensor gradOutput, Tensor input, PoolSpec spec) {
        return backward(gradOutput, input, spec, ConvOptions.defaults());
    }

    /**
     * {@link #backward(Tensor, Tensor, PoolSpec)} with the algorithm and threads of {@code options}.
     *
     * @param gradOutput the loss's gradient with respect to the output: {@code (N, C, out...)}
     * @param input the forward pass's input: {@code (N, C, spatial...)} or {@code (C, spatial...)}
     * @param spec the forward pass's spec
     * @param options the algorithm ({@link Algorithm#AUTO} or {@link Algorithm#REFERENCE}) and threads
     * @return the gradient with respect to the input, of the input's shape
     * @throws IllegalArgumentException if the shapes do not fit together
     */
    public static Tensor backward(Tensor gradOutput, Tensor input, PoolSpec spec, ConvOptions options) {
        return backward(PoolProblem.of(input.shape(), spec), gradOutput, input, options, false);
    }

    /**
     * Global pooling: one value per map.
     *
     * @param input {@code (N, C, spatial...)}
     * @param kind max, average or Lp (with p = 2)
     * @return {@code (N, C, 1, ...)}, with as many 1s as spatial dimensions
     */
    public static Tensor globalPool(Tensor input, PoolSpec.Kind kind) {
        return forward(PoolProblem.global(input.shape(), kind), input, ConvOptions.defaults(), true);
    }

    /**
     * Global Lp pooling (ONNX's GlobalLpPool): each map's p-norm {@code (sum |x|^p)^(1/p)}. It runs
     * on the reference, in double.
     *
     * @param input {@code (N, C, spatial...)}
     * @param p the power, at least 1 and finite (ONNX's default is 2)
     * @return {@code (N, C, 1, ...)}, with as many 1s as spatial dimensions
     * @throws IllegalArgumentException if p is out of range or the input has no spatial dimension
     */
    public static Tensor globalLp(Tensor input, double p) {
        PoolProblem g = PoolProblem.global(input.shape(), PoolSpec.Kind.LP);
        PoolProblem lp = PoolProblem.of(input.shape(), g.spec().withPower(p));
        return forward(lp, input, ConvOptions.defaults(), true);
    }

    /**
     * How {@link #forward} would run this pooling, for people: the shape arithmetic per dimension,
     * then the path (the fast direct kernels, or the reference and why).
     *
     * @param inputShape {@code (N, C, spatial...)} or {@code (C, spatial...)}
     * @param spec the pooling's parameters
     * @param options the algorithm asked for
     * @return the text, several lines
     * @throws IllegalArgumentException if the window does not fit the input, or the algorithm cannot run it
     */
    public static String explain(int[] inputShape, PoolSpec spec, ConvOptions options) {
        checkAlgorithm(options);
        PoolProblem p = PoolProblem.of(inputShape, spec);
        String why = DirectPool.declines(p);
        String path;
        if (reference(options)) {
            path = "runs on the reference engine (plain loops in double), as asked";
        } else if (onReference(p, options)) {
            path = "runs on the reference engine (plain loops in double, exact but slower): the fast direct "
                    + "kernels do not take " + why;
        } else {
            path = "runs on the direct kernels (separable reductions over whole rows, all cores)";
        }
        return "pooling " + spec.kind().name().toLowerCase(java.util.Locale.ROOT) + " "
                + Arrays.toString(p.userInputShape()) + " -> " + Arrays.toString(p.userOutputShape()) + "\n"
                + p.geometry().explain() + "\n" + path;
    }

    /**
     * Gradient with respect to the input of {@link #globalPool}.
     *
     * @param gradOutput {@code (N, C, 1, ...)}
     * @param input the forward pass's input: {@code (N, C, spatial...)}
     * @param kind max or average
     * @return the gradient with respect to the input, of the input's shape
     */
    public static Tensor globalBackward(Tensor gradOutput, Tensor input, PoolSpec.Kind kind) {
        return backward(PoolProblem.global(input.shape(), kind), gradOutput, input, ConvOptions.defaults(), true);
    }

    /** {@code batchedShapes}: global pooling speaks in batched shapes, windowed pooling in the caller's. */
    private static Tensor forward(PoolProblem p, Tensor input, ConvOptions options, boolean batchedShapes) {
        checkAlgorithm(options);
        int[] outShape = batchedShapes ? p.outputShape() : p.userOutputShape();
        if (onReference(p, options)) {
            return Tensors.result(ReferencePool.forward(p, Tensors.batched(input, p.inputShape())), outShape);
        }
        Tensor y = Tensor.zeros(outShape);
        DirectPool.prepare(p).run(input.data(), y.data(), options.threads());
        return y;
    }

    private static Tensor backward(PoolProblem p, Tensor gradOutput, Tensor input, ConvOptions options,
                                   boolean batchedShapes) {
        checkAlgorithm(options);
        checkGradient(gradOutput, batchedShapes ? p.outputShape() : p.userOutputShape());
        int[] inShape = batchedShapes ? p.inputShape() : p.userInputShape();
        if (onReference(p, options, true)) {
            return Tensors.result(ReferencePool.backward(p, Tensors.batched(gradOutput, p.outputShape()),
                    Tensors.batched(input, p.inputShape())), inShape);
        }
        Tensor gx = Tensor.zeros(inShape);
        if (p.spec().kind() == PoolSpec.Kind.MAX) {
            int[] idx = new int[gradOutput.numel()];
            DirectPool.max(p, input.data(), new float[gradOutput.numel()], idx, options.threads());
            DirectPool.maxBackward(p, gradOutput.data(), idx, gx.data(), options.threads());
        } else {
            DirectPool.avgBackward(p, gradOutput.data(), gx.data(), options.threads());
        }
        return gx;
    }

    private static boolean reference(ConvOptions options) {
        return options.algorithm() == Algorithm.REFERENCE;
    }

    /**
     * Whether this problem runs on the reference: asked for, or declined by DirectPool (then
     * silently under auto, but an error when direct was forced: a forced algorithm never switches).
     */
    static boolean onReference(PoolProblem p, ConvOptions options) {
        return onReference(p, options, false);
    }

    private static boolean onReference(PoolProblem p, ConvOptions options, boolean backward) {
        if (reference(options)) {
            return true;
        }
        String why = backward ? DirectPool.declinesBackward(p) : DirectPool.declines(p);
        if (why == null) {
            return false;
        }
        if (options.algorithm() == Algorithm.DIRECT) {
            throw new IllegalArgumentException("algorithm direct cannot run this pooling: it does not take " + why
                    + "; use auto or reference (both run it on the reference engine)");
        }
        return true;
    }

    static void checkAlgorithm(ConvOptions options) {
        Algorithm a = options.algorithm();
        if (a != Algorithm.AUTO && a != Algorithm.REFERENCE && a != Algorithm.DIRECT) {
            throw new IllegalArgumentException("algorithm " + a.label() + " is for convolutions; pooling runs "
                    + "direct (the default) or reference");
        }
    }

    /**
     * Max-unpooling: puts each value of {@code input} at its index from {@link #maxWithIndices} in a
     * zero output.
     *
     * @param input {@code (N, C, spatial...)} or {@code (C, spatial...)}: pooled values
     * @param indices one per input value: its index in its output map, as {@link #maxWithIndices} gives
     * @param outputSpatial the output's spatial size, or null for the default {@code (n-1)s - p_before -
     *     p_after + d(k-1) + 1} (the input size of a max pooling that gives this size)
     * @param spec the max pooling's spec
     * @return {@code (N, C, outputSpatial...)} or {@code (C, outputSpatial...)}
     * @throws IllegalArgumentException if there is not one index per value, or the sizes disagree
     */
    public static Tensor maxUnpool(Tensor input, int[] indices, int[] outputSpatial, PoolSpec spec) {
        return maxUnpool(input, indices, outputSpatial, spec, IndexLayout.PYTORCH);
    }

    /**
     * {@link #maxUnpool(Tensor, int[], int[], PoolSpec)} with indices in {@code layout}, as
     * {@link #maxWithIndices(Tensor, PoolSpec, IndexLayout, ConvOptions)} gives them (ONNX's
     * MaxUnpool takes MaxPool's whole-tensor indices: {@code IndexLayout.onnx(0)}). Indices count the
     * output's cells; each must lie in its own (n, c) map.
     *
     * @param input {@code (N, C, spatial...)} or {@code (C, spatial...)}: pooled values
     * @param indices one per input value: its index in the output, in {@code layout}
     * @param outputSpatial the output's spatial size, or null for the default (see the other overload)
     * @param spec the max pooling's spec
     * @param layout how the indices count the output's cells
     * @return {@code (N, C, outputSpatial...)} or {@code (C, outputSpatial...)}
     * @throws IllegalArgumentException if there is not one index per value, an index lies outside its map, or
     *     the sizes disagree
     */
    public static Tensor maxUnpool(Tensor input, int[] indices, int[] outputSpatial, PoolSpec spec,
                                   IndexLayout layout) {
        int[] s = input.shape();
        int dims = PoolProblem.spatialDims("max-unpooling", s, spec);
        boolean batched = s.length == dims + 2;
        int off = batched ? 2 : 1;
        int[] spatial = Arrays.copyOfRange(s, off, s.length);
        if (indices.length != input.numel()) {
            throw new IllegalArgumentException("max-unpooling needs one index per input value: the input has "
                    + input.numel() + " values but there are " + indices.length + " indices");
        }
        int[] out = outputSpatial != null ? outputSpatial.clone() : defaultUnpoolSize(spatial, spec);
        if (out.length != dims) {
            throw new IllegalArgumentException("max-unpooling output size " + Arrays.toString(out) + " has "
                    + out.length + " values but the input has " + dims + " spatial dimensions");
        }
        int[] batchedShape = new int[dims + 2];
        batchedShape[0] = batched ? s[0] : 1;
        batchedShape[1] = s[off - 1];
        System.arraycopy(spatial, 0, batchedShape, 2, dims);
        int[] cells = layout.equals(IndexLayout.PYTORCH) ? indices
                : mapIndices(indices, batchedShape[0] * batchedShape[1], out, layout);
        DoubleTensor y = ReferencePool.maxUnpool(Tensors.batched(input, batchedShape), cells, out);
        int[] user = y.shape();
        return Tensors.result(y, batched ? user : Arrays.copyOfRange(user, 1, user.length));
    }

    /**
     * Indices in {@code layout} as the reference takes them: row-major within each map; an index
     * outside its own map becomes an error naming it.
     */
    private static int[] mapIndices(int[] indices, int maps, int[] outSpatial, IndexLayout layout) {
        int perMap = indices.length / Math.max(1, maps);
        int[] cells = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int map = i / Math.max(1, perMap);
            cells[i] = layout.toMapIndex(indices[i], map, outSpatial);
            if (cells[i] < 0) {
                long volume = (long) Ints.product(outSpatial);
                throw new IllegalArgumentException("max-unpooling index " + indices[i] + " (value " + i + ", map " + map
                        + ") is outside its map, which holds indices " + (layout.scope() == IndexLayout.Scope.TENSOR
                        ? map * volume + " to " + ((map + 1) * volume - 1) : "0 to " + (volume - 1))
                        + " in the " + layout + " layout; the indices must come from a max pooling whose input had the "
                        + "output's size, counted in the same layout");
            }
        }
        return cells;
    }

    private static int[] defaultUnpoolSize(int[] in, PoolSpec spec) {
        int dims = in.length;
        if (spec.padding().isWord() && spec.padding().word() != org.convkit.spec.Padding.Word.VALID) {
            throw new IllegalArgumentException("max-unpooling with padding '" + spec.padding() + "' needs the output "
                    + "size: give it explicitly (the pooled input's spatial size)");
        }
        int[] k = spec.kernel(dims);
        int[] st = spec.stride(dims);
        int[] d = spec.dilation(dims);
        int[] pb = spec.padding().isWord() ? new int[dims] : spec.padding().before(dims);
        int[] pa = spec.padding().isWord() ? new int[dims] : spec.padding().after(dims);
        int[] out = new int[dims];
        for (int i = 0; i < dims; i++) {
            out[i] = Geometry.transposedOutput(in[i], k[i], st[i], d[i], pb[i], pa[i], 0);
            if (out[i] < 1) {
                throw new IllegalArgumentException("max-unpooling output would have " + out[i] + " cells in spatial "
                        + "dimension " + i + "; give the output size explicitly");
            }
        }
        return out;
    }

    private static void requireMax(PoolSpec spec) {
        if (spec.kind() != PoolSpec.Kind.MAX) {
            throw new IllegalArgumentException("argmax indices exist only for max pooling, not " + spec.kind());
        }
    }

    private static void checkGradient(Tensor gradOutput, int[] expected) {
        if (!Arrays.equals(gradOutput.shape(), expected)) {
            throw new IllegalArgumentException("the output gradient has shape " + Arrays.toString(gradOutput.shape())
                    + " but the pooling's output is " + Arrays.toString(expected));
        }
    }
}
