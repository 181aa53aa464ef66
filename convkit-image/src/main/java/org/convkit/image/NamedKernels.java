package org.convkit.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.convkit.io.Npy;
import org.convkit.tensor.Tensor;

/**
 * The classic image kernels by name, and 2-D kernels from {@code .npy} files. The grammar is
 * {@value #GRAMMAR}.
 *
 * <ul>
 *   <li>{@code identity}: 3 x 3, a single 1 in the centre.</li>
 *   <li>{@code box:N}: N x N, every weight 1/N^2.</li>
 *   <li>{@code gaussian:SIGMA}: {@code 2 ceil(3 SIGMA) + 1} wide (99.7 % of the mass), the outer
 *       product of a sampled 1-D Gaussian normalized to sum 1, so it is exactly separable.</li>
 *   <li>{@code sobel-x}, {@code sobel-y}, {@code scharr-x} (also {@code scharr}), {@code scharr-y}:
 *       unnormalized 3 x 3 derivatives, positive where the image brightens rightwards (x) or
 *       downwards (y); Scharr's weights 3, 10, 3 are more rotation-invariant than Sobel's 1, 2, 1.</li>
 *   <li>{@code laplacian}: the 4-neighbour Laplacian {@code [0 1 0; 1 -4 1; 0 1 0]}.</li>
 *   <li>{@code sharpen}: {@code [0 -1 0; -1 5 -1; 0 -1 0]}, identity plus the negated Laplacian.</li>
 *   <li>{@code emboss}: {@code [-2 -1 0; -1 1 1; 0 1 2]}: its weights sum to 1, so flat regions keep
 *       their grey and the relief adds to them; no 0.5 offset is needed.</li>
 *   <li>{@code motion:LEN:ANGLE}: a line segment LEN pixels long through the centre at ANGLE
 *       degrees counterclockwise from the +x axis (as seen on screen, rows growing downwards); each
 *       weight is the length of the segment inside that pixel's square, normalized to sum 1. At 0
 *       degrees and odd LEN that is a row of LEN equal weights; an even LEN ends in two half weights.
 *       The kernel is square and odd-sized.</li>
 *   <li>{@code FILE.npy}: any 2-D array, used as it is.</li>
 * </ul>
 *
 * <p>Sizes are limited to {@value #MAX_SIZE} so that a typo ({@code gaussian:1e6}) is an error
 * rather than hours of work.
 */
public final class NamedKernels {
    /** The grammar every error message quotes. */
    public static final String GRAMMAR = "identity | box:N | gaussian:SIGMA | sobel-x | sobel-y | scharr-x | scharr-y"
            + " | laplacian | sharpen | emboss | motion:LEN:ANGLE | FILE.npy";
    /** The largest kernel width or height a name may produce. */
    public static final int MAX_SIZE = 1025;

    private static final List<String> FIXED = List.of("identity", "sobel-x", "sobel-y", "scharr", "scharr-x",
            "scharr-y", "laplacian", "sharpen", "emboss");

    private NamedKernels() {
    }

    /**
     * The names without parameters, and the parametrized forms, as the grammar writes them.
     *
     * @return the names, in the grammar's order
     */
    public static List<String> names() {
        return List.of("identity", "box:N", "gaussian:SIGMA", "sobel-x", "sobel-y", "scharr-x", "scharr-y", "laplacian",
                "sharpen", "emboss", "motion:LEN:ANGLE");
    }

    /**
     * A name or a {@code .npy} path (anything ending in {@code .npy}).
     *
     * @param spec a kernel name ({@code gaussian:2}) or a file
     * @return the kernel
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the name is not in the grammar or its parameter is out of range,
     *     quoting {@link #GRAMMAR}
     */
    public static Kernel parse(String spec) throws IOException {
        return isFile(spec) ? read(Path.of(spec.trim())) : named(spec);
    }

    /**
     * Whether {@link #parse} would read {@code spec} as a file.
     *
     * @param spec a kernel name or a file
     * @return true when it ends in {@code .npy}
     */
    public static boolean isFile(String spec) {
        return spec.trim().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    /**
     * A 2-D kernel from a {@code .npy} file, any numeric dtype, used as float32.
     *
     * @param file the file
     * @return the kernel, named after its file
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the array is not 2-D
     */
    public static Kernel read(Path file) throws IOException {
        return fromArray(String.valueOf(file.getFileName()), Npy.read(file));
    }

    /**
     * A kernel from an array read elsewhere (named after its file), checked to be 2-D.
     *
     * @param name its name
     * @param w {@code (kh, kw)}
     * @return the kernel
     * @throws IllegalArgumentException if the array is not 2-D
     */
    public static Kernel fromArray(String name, Tensor w) {
        if (w.rank() != 2) {
            throw new IllegalArgumentException("kernel file " + name + " holds shape " + java.util.Arrays.toString(w.shape())
                    + " but a kernel is 2-D (kh, kw); save it with np.save(path, k) for a 2-D array k");
        }
        return Kernel.of(name, w);
    }

    /**
     * The kernel {@code spec} names; see the class comment for the names.
     *
     * @param spec a name, with its parameters
     * @return the kernel
     * @throws IllegalArgumentException if the name is not in the grammar or its parameter is out of range,
     *     quoting {@link #GRAMMAR}
     */
    public static Kernel named(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        String[] parts = s.split(":", -1);
        String head = parts[0];
        switch (head) {
            case "box":
                arity(spec, parts, 1, "box:N");
                return Kernel.of(s, box(size(spec, parts[1], "N", "box:N")));
            case "gaussian":
                arity(spec, parts, 1, "gaussian:SIGMA");
                return Kernel.of(s, gaussian(sigma(spec, parts[1])));
            case "motion":
                arity(spec, parts, 2, "motion:LEN:ANGLE");
                return Kernel.of(s, motion(size(spec, parts[1], "LEN", "motion:LEN:ANGLE"), angle(spec, parts[2])));
            default:
                if (parts.length != 1 || !FIXED.contains(head)) {
                    throw new IllegalArgumentException("unknown kernel '" + spec.trim() + "': use " + GRAMMAR);
                }
                return Kernel.of(s, fixed(head));
        }
    }

    /**
     * {@code n x n}, every weight {@code 1/n^2}.
     *
     * @param n the width, from 1 to {@link #MAX_SIZE}
     * @return {@code (n, n)}
     * @throws IllegalArgumentException if n is out of range
     */
    public static Tensor box(int n) {
        checkSize("box", n);
        return Tensor.full((float) (1.0 / ((double) n * n)), n, n);
    }

    /**
     * {@code 2 ceil(3 sigma) + 1} square, the outer product of a normalized sampled 1-D Gaussian.
     *
     * @param sigma the standard deviation in pixels, above 0
     * @return {@code (k, k)} summing to 1
     * @throws IllegalArgumentException if sigma is not positive or the kernel would pass {@link #MAX_SIZE}
     */
    public static Tensor gaussian(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("gaussian sigma is " + sigma + " but must be > 0");
        }
        long r = (long) Math.ceil(3 * sigma);
        checkSize("gaussian", 2 * r + 1);
        int n = (int) (2 * r + 1);
        double[] g = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            double x = i - r;
            g[i] = Math.exp(-x * x / (2 * sigma * sigma));
            total += g[i];
        }
        float[] w = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                w[i * n + j] = (float) (g[i] / total * (g[j] / total));
            }
        }
        return Tensor.of(w, n, n);
    }

    /**
     * A line segment {@code length} pixels long through the centre at {@code degrees}
     * counterclockwise from +x (rows grow downwards), each weight the segment's length inside the
     * pixel, normalized to sum 1.
     *
     * @param length the segment's length in pixels, at least 1
     * @param degrees its angle, counterclockwise from +x
     * @return a square kernel summing to 1
     * @throws IllegalArgumentException if the length is out of range
     */
    public static Tensor motion(int length, double degrees) {
        checkSize("motion", length);
        if (!Double.isFinite(degrees)) {
            throw new IllegalArgumentException("motion angle is " + degrees + " but must be a finite number of degrees");
        }
        double a = Math.toRadians(degrees);
        double dx = Math.cos(a);
        double dy = -Math.sin(a);
        double half = length / 2.0;
        // the last pixel the segment enters; a segment ending exactly on a pixel edge does not enter the next
        int r = (int) Math.max(0, Math.ceil(half * Math.max(Math.abs(dx), Math.abs(dy)) - 0.5 - 1e-9));
        int n = 2 * r + 1;
        double[] len = new double[n * n];
        double total = 0;
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                double l = inside(-half, half, dx, col - r, dy, row - r);
                len[row * n + col] = l;
                total += l;
            }
        }
        float[] w = new float[n * n];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (len[i] / total);
        }
        return Tensor.of(w, n, n);
    }

    /** Length of {@code t (dx, dy)}, t in [t0, t1], inside the unit square centred on (cx, cy). */
    private static double inside(double t0, double t1, double dx, int cx, double dy, int cy) {
        double[] lo = {t0};
        double[] hi = {t1};
        clip(dx, cx, lo, hi);
        clip(dy, cy, lo, hi);
        double l = hi[0] - lo[0];
        // a line through a pixel corner only touches the neighbours; rounding would give them 1e-16 slivers
        return l > 1e-9 ? l : 0;
    }

    private static void clip(double d, int c, double[] lo, double[] hi) {
        if (d == 0) {
            if (c != 0) {
                hi[0] = lo[0]; // the line runs outside this column (or row)
            }
            return;
        }
        double a = (c - 0.5) / d;
        double b = (c + 0.5) / d;
        lo[0] = Math.max(lo[0], Math.min(a, b));
        hi[0] = Math.min(hi[0], Math.max(a, b));
    }

    private static Tensor fixed(String name) {
        switch (name) {
            case "identity":
                return k3(0, 0, 0, 0, 1, 0, 0, 0, 0);
            case "sobel-x":
                return k3(-1, 0, 1, -2, 0, 2, -1, 0, 1);
            case "sobel-y":
                return k3(-1, -2, -1, 0, 0, 0, 1, 2, 1);
            case "scharr":
            case "scharr-x":
                return k3(-3, 0, 3, -10, 0, 10, -3, 0, 3);
            case "scharr-y":
                return k3(-3, -10, -3, 0, 0, 0, 3, 10, 3);
            case "laplacian":
                return k3(0, 1, 0, 1, -4, 1, 0, 1, 0);
            case "sharpen":
                return k3(0, -1, 0, -1, 5, -1, 0, -1, 0);
            case "emboss":
                return k3(-2, -1, 0, -1, 1, 1, 0, 1, 2);
            default:
                throw new AssertionError(name);
        }
    }

    private static Tensor k3(float... w) {
        return Tensor.of(w, 3, 3);
    }

    private static void arity(String spec, String[] parts, int params, String form) {
        if (parts.length != params + 1) {
            throw new IllegalArgumentException("kernel '" + spec.trim() + "' should be written " + form
                    + " (grammar: " + GRAMMAR + ")");
        }
    }

    private static int size(String spec, String text, String param, String form) {
        int n;
        try {
            n = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("kernel '" + spec.trim() + "': " + param + " in " + form
                    + " must be a whole number from 1 to " + MAX_SIZE + ", got '" + text + "'");
        }
        if (n < 1 || n > MAX_SIZE) {
            throw new IllegalArgumentException("kernel '" + spec.trim() + "': " + param + " in " + form
                    + " must be from 1 to " + MAX_SIZE + ", got " + n);
        }
        return n;
    }

    private static double sigma(String spec, String text) {
        double s = number(spec, text, "SIGMA", "gaussian:SIGMA");
        double max = (MAX_SIZE / 2) / 3.0;
        if (!(s > 0) || s > max) {
            throw new IllegalArgumentException("kernel '" + spec.trim() + "': SIGMA must be > 0 and at most "
                    + String.format(Locale.ROOT, "%.1f", max) + " (the kernel is 2*ceil(3*SIGMA)+1 wide, at most "
                    + MAX_SIZE + "), got " + text);
        }
        return s;
    }

    private static double angle(String spec, String text) {
        return number(spec, text, "ANGLE", "motion:LEN:ANGLE");
    }

    private static double number(String spec, String text, String param, String form) {
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // worded below, with the form
        }
        throw new IllegalArgumentException("kernel '" + spec.trim() + "': " + param + " in " + form
                + " must be a finite number, got '" + text + "'");
    }

    private static void checkSize(String kernel, long n) {
        if (n < 1 || n > MAX_SIZE) {
            throw new IllegalArgumentException(kernel + " kernel size " + n + " must be from 1 to " + MAX_SIZE);
        }
    }
}
