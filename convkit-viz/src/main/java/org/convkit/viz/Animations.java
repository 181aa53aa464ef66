package org.convkit.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.convkit.algo.reference.Lattice;
import org.convkit.Conv;
import org.convkit.ConvTranspose;
import org.convkit.Pool;
import org.convkit.spec.ConvProblem;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Geometry;
import org.convkit.spec.Ints;
import org.convkit.spec.PaddingMode;
import org.convkit.spec.PoolProblem;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;
import org.convkit.viz.AnimationSpec.Operation;

/**
 * Builds an {@link Animation} from an {@link AnimationSpec}: checks it with the engine's own
 * {@link ConvProblem} / {@link Geometry} (so errors are the engine's), runs the operation through
 * the engine ({@link Conv}, {@link ConvTranspose}, {@link Pool}) on small integer inputs and
 * weights, and walks every output cell with the reference engine's {@link Lattice}: the cells
 * drawn under the window are the ones the reference traversal visits.
 *
 * <p>Inputs and weights are deterministic small integers ({@link #inputValue}, {@link #weightValue}),
 * so every value drawn is exact in float32 and can be checked by hand.
 */
public final class Animations {
    /** Most frames computing an output (the hold comes on top): more is a film nobody watches. */
    public static final int MAX_FRAMES = 400;
    /** Most cells drawn (every canvas slice and output map of every stage). */
    public static final int MAX_CELLS = 4000;
    /** Most window cells summed over all frames (bounds the SVG's size). */
    public static final int MAX_TAPS = 100_000;
    /** Frames showing the finished result at the end. */
    public static final int HOLD_FRAMES = 1;

    private Animations() {
    }

    /**
     * Runs and walks {@code spec}; an invalid or too large spec fails with an {@link IllegalArgumentException}.
     *
     * @param spec the operation and its settings
     * @return the animation: its stages and frames, every value from the engine
     * @throws IllegalArgumentException if the spec is invalid, or its drawing passes {@link #MAX_FRAMES},
     *     {@link #MAX_CELLS} or {@link #MAX_TAPS}
     */
    public static Animation build(AnimationSpec spec) {
        if (spec.paddingMode() != PaddingMode.ZEROS && spec.operation() != Operation.CONV) {
            throw new IllegalArgumentException("padding mode " + spec.paddingMode().name().toLowerCase(Locale.ROOT)
                    + " is drawn for a convolution only; the " + spec.operation().title() + " animation pads with"
                    + " zeros (use padding mode zeros)");
        }
        if (spec.ceilMode() && spec.operation() != Operation.MAX_POOL && spec.operation() != Operation.AVG_POOL) {
            throw new IllegalArgumentException("ceil_mode applies to pooling only; the " + spec.operation().title()
                    + " animation rounds its output size down (drop ceil_mode)");
        }
        switch (spec.operation()) {
            case CONV:
                return conv(spec, false);
            case CONV_TRANSPOSE:
                return conv(spec, true);
            case MAX_POOL:
            case AVG_POOL:
                return pool(spec);
            case DEPTHWISE_SEPARABLE:
                return depthwiseSeparable(spec);
            default:
                throw new AssertionError(spec.operation());
        }
    }

    /**
     * The input value at channel c and flat spatial index i: 0 to 6, scrambled by a hash so that
     * rows and channels do not repeat one another whatever the width.
     *
     * @param c the channel
     * @param i the flat spatial index
     * @return 0 to 6
     */
    public static int inputValue(int c, int i) {
        return (int) Long.remainderUnsigned(mix(i, c, 0), 7);
    }

    /**
     * The weight of output map o, input channel j (within its group) and flat kernel index k: -1, 0
     * or 1, scrambled like the inputs so that filters, channels and kernel rows all differ.
     *
     * @param o the output map
     * @param j the input channel within its group
     * @param k the flat kernel index
     * @return -1, 0 or 1
     */
    public static int weightValue(int o, int j, int k) {
        return (int) Long.remainderUnsigned(mix(k, j, o + 1), 3) - 1;
    }

    /** SplitMix64's finalizer over three small integers: well scrambled, and the same on every JVM. */
    private static long mix(int a, int b, int c) {
        long h = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL + c * 0x165667B19E3779F9L + 1;
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    private static Animation conv(AnimationSpec spec, boolean transposed) {
        int dims = spec.dims();
        int c = spec.channels();
        int f = spec.filters();
        int g = spec.groups();
        ConvSpec cs = spec.convSpec();
        if (!transposed && spec.hasOutputPadding()) {
            throw new IllegalArgumentException("output_padding " + Arrays.toString(spec.outputPadding()) + " only "
                    + "applies to a transposed convolution; add transposed or drop the output padding");
        }
        int[] weightShape;
        ConvProblem p;
        if (transposed) {
            if (f % g != 0) {
                throw new IllegalArgumentException("out_channels " + f + " is not divisible by groups " + g);
            }
            weightShape = shape(c, f / g, spec.kernel());
            p = ConvProblem.convTranspose(shape(1, c, spec.input()), weightShape, cs);
        } else {
            weightShape = shape(f, Math.max(1, c / g), spec.kernel());
            p = ConvProblem.conv(shape(1, c, spec.input()), weightShape, cs);
        }
        Geometry geo = p.geometry();
        checkSize(geo, c, f);
        Tensor x = inputs(c, spec.input());
        Tensor w = weights(weightShape);
        Tensor y = transposed ? ConvTranspose.forward(x, w, cs) : Conv.forward(x, w, cs);
        String title = kernelName(geo.kernel()) + (transposed ? " transposed convolution" : " convolution");
        Stage stage = new Stage(title, transposed ? Operation.CONV_TRANSPOSE : Operation.CONV, geo,
                transposed ? Canvas.transposed(geo) : Canvas.padded(geo, spec.paddingMode()), c, f, g, widen(x),
                widen(w), widen(y));
        List<Frame> frames = new ArrayList<>();
        walkConv(stage, 0, p, spec.delayMillis(), frames);
        return finish(spec, List.of(stage), frames);
    }

    private static Animation depthwiseSeparable(AnimationSpec spec) {
        int c = spec.channels();
        int f = spec.filters();
        if (spec.groups() != 1) {
            throw new IllegalArgumentException("groups " + spec.groups() + " does not apply to a depthwise separable "
                    + "convolution: its depthwise stage uses groups = channels (" + c + ") and its pointwise stage 1");
        }
        if (spec.hasOutputPadding()) {
            throw new IllegalArgumentException("output_padding " + Arrays.toString(spec.outputPadding()) + " only "
                    + "applies to a transposed convolution");
        }
        ConvSpec depthSpec = spec.convSpec().withGroups(c);
        int[] depthShape = shape(c, 1, spec.kernel());
        ConvProblem depth = ConvProblem.conv(shape(1, c, spec.input()), depthShape, depthSpec);
        int[] mid = depth.geometry().output();
        int[] ones = new int[spec.dims()];
        Arrays.fill(ones, 1);
        int[] pointShape = shape(f, c, ones);
        ConvProblem point = ConvProblem.conv(shape(1, c, mid), pointShape, ConvSpec.defaults());
        long midCells = Ints.product(mid);
        long outCells = Ints.product(point.geometry().output());
        checkSize(c * midCells + f * outCells, SceneLayout.plural(c, "depthwise map") + " of " + midCells
                + " cells and " + SceneLayout.plural(f, "pointwise map") + " of " + outCells + " cells",
                c * canvasCells(depth.geometry()) + c * midCells
                + f * outCells);
        Tensor x = inputs(c, spec.input());
        Tensor wd = weights(depthShape);
        Tensor wp = weights(pointShape);
        // the real chain: the pointwise stage runs on what the depthwise stage computed
        Tensor y1 = Conv.forward(x, wd, depthSpec);
        Tensor y2 = Conv.forward(y1, wp, ConvSpec.defaults());
        Stage s0 = new Stage("depthwise " + kernelName(spec.kernel()) + " convolution (groups = " + c + ")",
                Operation.DEPTHWISE_SEPARABLE, depth.geometry(), Canvas.padded(depth.geometry()), c, c, c, widen(x),
                widen(wd), widen(y1));
        Stage s1 = new Stage("pointwise " + kernelName(ones) + " convolution", Operation.DEPTHWISE_SEPARABLE,
                point.geometry(), Canvas.padded(point.geometry()), c, f, 1, widen(y1), widen(wp), widen(y2));
        List<Frame> frames = new ArrayList<>();
        walkConv(s0, 0, depth, spec.delayMillis(), frames);
        walkConv(s1, 1, point, spec.delayMillis(), frames);
        return finish(spec, List.of(s0, s1), frames);
    }

    private static Animation pool(AnimationSpec spec) {
        int c = spec.channels();
        if (spec.filters() != 1) {
            throw new IllegalArgumentException("filters " + spec.filters() + " do not apply to pooling: it keeps the "
                    + c + " channels, one output map each");
        }
        if (spec.groups() != 1) {
            throw new IllegalArgumentException("groups " + spec.groups() + " do not apply to pooling");
        }
        if (spec.hasOutputPadding()) {
            throw new IllegalArgumentException("output_padding " + Arrays.toString(spec.outputPadding()) + " only "
                    + "applies to a transposed convolution");
        }
        PoolSpec ps = spec.poolSpec();
        if (ps.kind() == PoolSpec.Kind.LP) {
            throw new IllegalArgumentException("Lp pooling is not animated; animate max or avg pooling (the same windows)");
        }
        PoolProblem p = PoolProblem.of(shape(1, c, spec.input()), ps);
        Geometry geo = p.geometry();
        checkSize(geo, c, c);
        Tensor x = inputs(c, spec.input());
        boolean max = ps.kind() == PoolSpec.Kind.MAX;
        Tensor y;
        int[] argmax = null;
        if (max) {
            Pool.MaxResult r = Pool.maxWithIndices(x, ps);
            y = r.values();
            argmax = r.indices();
        } else {
            y = Pool.forward(x, ps);
        }
        Stage stage = new Stage(kernelName(geo.kernel()) + (max ? " max pooling" : " average pooling"),
                max ? Operation.MAX_POOL : Operation.AVG_POOL, geo, Canvas.padded(geo), c, c, c, widen(x), null,
                widen(y));
        List<Frame> frames = new ArrayList<>();
        Lattice l = new Lattice(geo);
        int off = Lattice.D - geo.dims();
        int[] pb = geo.padBefore();
        int[] out = geo.output();
        int outVolume = (int) Ints.product(out);
        int kv = (int) Ints.product(geo.kernel());
        int[] lo = new int[Lattice.D];
        int[] hi = new int[Lattice.D];
        for (int m = 0; m < c; m++) {
            for (int oi = 0; oi < outVolume; oi++) {
                int[] o = unflat(oi, out);
                List<Tap> taps = new ArrayList<>(kv);
                int chosen = -1;
                long divisor = 1;
                for (int a = 0; a < o.length; a++) {
                    divisor *= l.avgCells(off + a, o[a], lo, hi);
                }
                for (int ki = 0; ki < kv; ki++) {
                    int[] k = unflat(ki, geo.kernel());
                    int[] cell = new int[o.length];
                    for (int a = 0; a < o.length; a++) {
                        cell[a] = l.position(off + a, o[a], k[a]) + pb[a];
                    }
                    int[] src = stage.canvas().source(cell);
                    CellKind kind = stage.canvas().kind(cell);
                    double v = src == null ? (max ? Double.NEGATIVE_INFINITY : 0) : stage.input(m, src);
                    if (max && src != null && flatSpatial(src, geo.input()) == argmax[m * outVolume + oi]) {
                        chosen = taps.size();
                    }
                    taps.add(new Tap(m, cell, k, k, kind, v, Double.NaN));
                }
                frames.add(new Frame(frames.size(), 0, m, o, stage.output(m, o), taps, chosen,
                        max ? 0 : Math.toIntExact(divisor), spec.delayMillis()));
            }
        }
        return finish(spec, List.of(stage), frames);
    }

    /**
     * One frame per (map, output cell) of a convolution stage. A convolution's window tap k of
     * output o reads big cell {@link Lattice#position}(o, k); a transposed convolution's output o
     * receives input i through tap k where {@code position(i, k) == o}, which on the zero-inserted
     * canvas is the flipped window tap {@code K-1-k} at {@code o + (K-1-k)d}.
     */
    private static void walkConv(Stage stage, int stageIndex, ConvProblem p, int delay, List<Frame> frames) {
        Geometry geo = p.geometry();
        boolean transposed = p.transposed();
        Lattice l = new Lattice(p);
        int off = Lattice.D - geo.dims();
        int[] kernel = geo.kernel();
        int[] dil = geo.dilation();
        int[] pb = geo.padBefore();
        int[] origin = transposed ? Canvas.transposedOrigin(geo) : null;
        int[] out = geo.output();
        int outVolume = (int) Ints.product(out);
        int kv = (int) Ints.product(kernel);
        int groups = p.groups();
        int cin = stage.inChannels();
        int cout = stage.outChannels();
        int cinG = cin / groups;
        int coutG = cout / groups;
        double[] w = stage.weightsArray();
        Canvas canvas = stage.canvas();
        for (int m = 0; m < cout; m++) {
            int group = m / coutG;
            for (int oi = 0; oi < outVolume; oi++) {
                int[] o = unflat(oi, out);
                List<Tap> taps = new ArrayList<>(kv * cinG);
                for (int j = 0; j < cinG; j++) {
                    int ch = group * cinG + j;
                    for (int fi = 0; fi < kv; fi++) {
                        int[] foot = unflat(fi, kernel);
                        int[] k = foot.clone();
                        int[] cell = new int[o.length];
                        for (int a = 0; a < o.length; a++) {
                            if (transposed) {
                                k[a] = kernel[a] - 1 - foot[a];
                                cell[a] = o[a] + foot[a] * dil[a] - origin[a];
                            } else {
                                cell[a] = l.position(off + a, o[a], k[a]) + pb[a];
                            }
                        }
                        int[] src = canvas.source(cell);
                        if (transposed && src != null) {
                            for (int a = 0; a < o.length; a++) {
                                if (l.position(off + a, src[a], k[a]) != o[a]) {
                                    throw new IllegalStateException("drawn tap " + Arrays.toString(cell) + " is not "
                                            + "where the reference scatters input " + Arrays.toString(src));
                                }
                            }
                        }
                        int ki = flatSpatial(k, kernel);
                        int wi = transposed ? (ch * coutG + m % coutG) * kv + ki : (m * cinG + j) * kv + ki;
                        // a reflect, replicate or circular padding cell reads the input cell it copies
                        int[] read = src != null ? src : canvas.copiedFrom(cell);
                        double x = read == null ? 0 : stage.input(ch, read);
                        taps.add(new Tap(ch, cell, foot, k, canvas.kind(cell), x, w[wi]));
                    }
                }
                frames.add(new Frame(frames.size(), stageIndex, m, o, stage.output(m, o), taps, -1, 0, delay));
            }
        }
    }

    private static Animation finish(AnimationSpec spec, List<Stage> stages, List<Frame> frames) {
        long taps = frames.stream().mapToLong(fr -> fr.taps().size()).sum();
        if (taps > MAX_TAPS) {
            throw new IllegalArgumentException("the animation would draw " + taps + " window cells over its "
                    + frames.size() + " frames, more than the limit of " + MAX_TAPS + "; use a smaller kernel, "
                    + "fewer channels or a smaller input");
        }
        int hold = holdDelay(spec.delayMillis());
        for (int i = 0; i < HOLD_FRAMES; i++) {
            frames.add(new Frame(frames.size(), stages.size() - 1, -1, new int[0], Double.NaN, List.of(), -1, 0, hold));
        }
        return new Animation(spec, stages, frames);
    }

    /** The pause on the finished result: long enough to read it. */
    static int holdDelay(int delay) {
        return Math.min(AnimationSpec.MAX_DELAY_MS, Math.max(2000, 3 * delay));
    }

    /** Refuses a stage's drawing that would be too long or too large to read, before anything is computed. */
    private static void checkSize(Geometry geo, int inMaps, int outMaps) {
        checkSize(outMaps * Ints.product(geo.output()), SceneLayout.plural(outMaps, "output map") + " of "
                + SceneLayout.plural(Ints.product(geo.output()), "cell"), inMaps * canvasCells(geo) + outMaps * Ints.product(geo.output()));
    }

    private static void checkSize(long frames, String count, long cells) {
        if (frames > MAX_FRAMES) {
            throw new IllegalArgumentException("the animation would have " + frames + " frames, one for each output "
                    + "cell (" + count + "), more than the limit of " + MAX_FRAMES + "; use a smaller input, a larger "
                    + "stride or fewer filters");
        }
        if (cells > MAX_CELLS) {
            throw new IllegalArgumentException("the animation would draw " + cells + " cells, more than the limit of "
                    + MAX_CELLS + "; use a smaller input or fewer channels");
        }
    }

    private static long canvasCells(Geometry geo) {
        long n = 1;
        int[] in = geo.input();
        int[] pb = geo.padBefore();
        int[] pa = geo.padAfter();
        for (int a = 0; a < in.length; a++) {
            long len = geo.kind() == Geometry.Kind.CONV_TRANSPOSE
                    ? (long) (in[a] - 1) * geo.stride()[a] + 1 + 2L * Geometry.span(geo.kernel()[a], geo.dilation()[a])
                    : (long) in[a] + pb[a] + pa[a];
            n *= len;
        }
        return n;
    }

    /** "3x3" in 2-D; "3-tap" in 1-D, where a bare "3" reads as a count. */
    private static String kernelName(int[] k) {
        return k.length == 1 ? k[0] + "-tap" : Ints.times(k);
    }

    private static Tensor inputs(int c, int[] spatial) {
        int vol = (int) Ints.product(spatial);
        float[] d = new float[c * vol];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < vol; i++) {
                d[ch * vol + i] = inputValue(ch, i);
            }
        }
        return Tensor.of(d, shape(1, c, spatial));
    }

    private static Tensor weights(int[] shape) {
        int kv = (int) Ints.product(Arrays.copyOfRange(shape, 2, shape.length));
        float[] d = new float[shape[0] * shape[1] * kv];
        for (int o = 0; o < shape[0]; o++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int k = 0; k < kv; k++) {
                    d[(o * shape[1] + j) * kv + k] = weightValue(o, j, k);
                }
            }
        }
        return Tensor.of(d, shape);
    }

    private static double[] widen(Tensor t) {
        float[] f = t.data();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static int[] shape(int a, int b, int[] spatial) {
        int[] s = new int[spatial.length + 2];
        s[0] = a;
        s[1] = b;
        System.arraycopy(spatial, 0, s, 2, spatial.length);
        return s;
    }

    static int[] unflat(int i, int[] size) {
        int[] r = new int[size.length];
        for (int a = size.length - 1; a >= 0; a--) {
            r[a] = i % size[a];
            i /= size[a];
        }
        return r;
    }

    static int flatSpatial(int[] index, int[] size) {
        int f = 0;
        for (int a = 0; a < size.length; a++) {
            f = f * size[a] + index[a];
        }
        return f;
    }
}
