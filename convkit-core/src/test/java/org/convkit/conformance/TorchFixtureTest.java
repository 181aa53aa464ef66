package org.convkit.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.convkit.io.Npy;
import org.convkit.Conv;
import org.convkit.ConvTranspose;
import org.convkit.Pool;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every golden fixture made by PyTorch 1.13 ({@code src/test/python/make_torch_fixtures.py},
 * resources under {@code /torch}) through convkit's public API and compares each expected tensor.
 *
 * <p>One dynamic container per case, one dynamic test per expected tensor, and a last test that
 * checks the number of tensors actually compared against the number the manifest lists, so that a
 * case cannot be skipped silently (an unknown op, a missing file or an engine exception all leave
 * the count short).
 */
class TorchFixtureTest {

    /** Files that are inputs of a case; every other listed file is an expected result. */
    private static final Set<String> INPUTS = Set.of("x", "w", "b", "gy");
    private static final Set<String> UNPOOL_INPUTS = Set.of("x", "indices");

    /** float32 unit roundoff: half an ulp of 1. */
    private static final double U = 0x1p-24;

    /**
     * Tolerance per element: {@code 4u|e| + 16u * max|e|}, with u = 2^-24 and the maximum taken over
     * the whole expected tensor.
     *
     * <p>Budget: the expected values are float64 results for the very float32 inputs the engine gets,
     * so the only unavoidable error is the engine's final rounding to float32, at most u|e| (half an
     * ulp); double accumulation over the few hundred terms of these small fixtures adds less than
     * 1e-13 of the sum of |terms|. The 4u|e| term covers the final rounding with room to spare; the
     * 16u * max|e| term (about 1e-6 of the tensor's largest element) absorbs a few intermediate
     * float32 roundings an engine may make (a padded or folded buffer, a per-group partial result).
     * Any convention difference (a shifted window, a wrong divisor, a border cell read from the wrong
     * place, a dropped or extra output) moves elements by a whole product term, i.e. by orders of
     * magnitude more than this.
     */
    static double tolerance(double expected, double scale) {
        return 4 * U * Math.abs(expected) + 16 * U * scale;
    }

    @TestFactory
    Stream<DynamicNode> torchFixtures() throws IOException, URISyntaxException {
        URL url = TorchFixtureTest.class.getResource("/torch/manifest.txt");
        if (url == null) {
            fail("/torch/manifest.txt is not on the test classpath; regenerate it with "
                    + "/usr/bin/python3 convkit-core/src/test/python/make_torch_fixtures.py");
        }
        Path manifest = Path.of(url.toURI());
        Path root = manifest.getParent();
        Manifest m = Manifest.read(manifest);

        AtomicInteger compared = new AtomicInteger();
        Worst worst = new Worst();
        int expectedComparisons = 0;
        List<DynamicNode> nodes = new ArrayList<>();
        for (Case c : m.cases) {
            List<String> outputs = c.outputs();
            expectedComparisons += outputs.size();
            List<DynamicNode> tests = new ArrayList<>();
            for (String file : outputs) {
                tests.add(dynamicTest(file, () -> {
                    try {
                        new Check(c, root.resolve(c.name), compared, worst).run(file);
                    } catch (RuntimeException e) {
                        // name the case: surefire's console shows dynamic tests only by number
                        throw new AssertionError(c.name + " " + file + ": convkit threw " + e, e);
                    }
                }));
            }
            nodes.add(dynamicContainer(c.name + " [" + c.describe() + "]", tests));
        }
        int expectedTotal = expectedComparisons;
        nodes.add(dynamicTest("every listed tensor was compared", () -> {
            assertEquals(m.declaredCases, m.cases.size(), "the manifest's '# cases=' header disagrees with "
                    + "its number of case lines");
            Set<String> names = m.cases.stream().map(c -> c.name).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(m.cases.size(), names.size(), "duplicate case names in the manifest");
            Set<String> dirs;
            try (Stream<Path> s = Files.list(root)) {
                dirs = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                        .collect(Collectors.toCollection(TreeSet::new));
            }
            assertEquals(names, dirs, "fixture folders and manifest cases differ");
            for (Case c : m.cases) {
                for (String f : c.files()) {
                    assertTrue(Files.isRegularFile(root.resolve(c.name).resolve(f + ".npy")),
                            c.name + ": " + f + ".npy is listed but missing");
                }
            }
            System.out.println("TorchFixtureTest: compared " + compared.get() + " tensors of " + m.cases.size()
                    + " cases; " + worst);
            assertEquals(expectedTotal, compared.get(), "tensors compared (passed or failed) vs tensors the "
                    + "manifest lists as expected results: " + (expectedTotal - compared.get())
                    + " were never compared (engine exception or unsupported case)");
        }));
        return nodes.stream();
    }

    // ------------------------------------------------------------------------------------------
    // running one expected tensor

    /** Computes one expected tensor of a case with convkit and compares it. */
    private static final class Check {
        private final Case c;
        private final Path dir;
        private final AtomicInteger compared;
        private final Worst worst;

        Check(Case c, Path dir, AtomicInteger compared, Worst worst) {
            this.c = c;
            this.dir = dir;
            this.compared = compared;
            this.worst = worst;
        }

        Tensor in(String name) throws IOException {
            return Npy.read(dir.resolve(name + ".npy"));
        }

        void run(String file) throws IOException {
            switch (c.get("op")) {
                case "conv", "conv_transpose" -> conv(file);
                case "max_pool", "avg_pool" -> pool(file);
                case "global_avg", "global_max" -> global(file);
                case "max_unpool" -> unpool(file);
                default -> fail("unknown op '" + c.get("op") + "'");
            }
        }

        private void conv(String file) throws IOException {
            boolean transposed = c.get("op").equals("conv_transpose");
            ConvSpec spec = c.convSpec();
            Tensor x = in("x");
            Tensor w = in("w");
            Tensor b = c.flag("bias") ? in("b") : null;
            Tensor gy = in("gy");
            boolean batched = !c.flag("unbatched");
            Tensor got = switch (file) {
                case "y" -> transposed ? ConvTranspose.forward(x, w, b, spec) : Conv.forward(x, w, b, spec);
                case "gx" -> transposed ? ConvTranspose.gradInput(gy, w, x.shape(), spec)
                        : Conv.gradInput(gy, w, x.shape(), spec);
                case "gw" -> transposed ? ConvTranspose.gradWeight(x, gy, w.shape(), spec)
                        : Conv.gradWeight(x, gy, w.shape(), spec);
                case "gb" -> transposed ? ConvTranspose.gradBias(gy, batched) : Conv.gradBias(gy, batched);
                default -> throw new AssertionError("no rule for " + file);
            };
            compare(file, got);
        }

        private void pool(String file) throws IOException {
            PoolSpec spec = c.poolSpec();
            Tensor x = in("x");
            switch (file) {
                case "y" -> compare(file, Pool.forward(x, spec));
                case "gx" -> compare(file, Pool.backward(in("gy"), x, spec));
                case "indices" -> {
                    Pool.MaxResult r = Pool.maxWithIndices(x, spec);
                    var expected = Npy.readArray(dir.resolve("indices.npy"));
                    compared.incrementAndGet();
                    int[] want = expected.toInts();
                    assertEquals(want.length, r.indices().length, c.name + " indices: count");
                    int bad = 0;
                    int first = -1;
                    for (int i = 0; i < want.length; i++) {
                        if (want[i] != r.indices()[i]) {
                            bad++;
                            if (first < 0) {
                                first = i;
                            }
                        }
                    }
                    if (bad > 0) {
                        fail(c.name + " indices: " + bad + " of " + want.length + " differ; first at "
                                + at(first, expected.shape()) + ": got " + r.indices()[first] + ", torch "
                                + want[first]);
                    }
                    // the values returned with the indices are the forward values
                    var y = Npy.readArray(dir.resolve("y.npy"));
                    assertDoubles(c.name + " indices (values)", y.toDoubles(), y.shape(), r.values(), null);
                }
                default -> throw new AssertionError("no rule for " + file);
            }
        }

        private void global(String file) throws IOException {
            PoolSpec.Kind kind = c.get("op").equals("global_max") ? PoolSpec.Kind.MAX : PoolSpec.Kind.AVG;
            Tensor x = in("x");
            switch (file) {
                case "y" -> compare(file, Pool.globalPool(x, kind));
                case "gx" -> compare(file, Pool.globalBackward(in("gy"), x, kind));
                default -> throw new AssertionError("no rule for " + file);
            }
        }

        private void unpool(String file) throws IOException {
            if (!file.equals("y")) {
                throw new AssertionError("no rule for " + file);
            }
            PoolSpec spec = c.poolSpec();
            int[] indices = Npy.readArray(dir.resolve("indices.npy")).toInts();
            String size = c.get("output_size");
            int[] outputSize = size.equals("none") ? null : ints(size);
            compare(file, Pool.maxUnpool(in("x"), indices, outputSize, spec));
        }

        private void compare(String file, Tensor got) throws IOException {
            var expected = Npy.readArray(dir.resolve(file + ".npy"));
            compared.incrementAndGet();
            assertDoubles(c.name + " " + file, expected.toDoubles(), expected.shape(), got, worst);
        }
    }

    /** The largest error seen relative to its tolerance, for the summary line (diagnostics only). */
    private static final class Worst {
        double ratio = 0;
        String where = "none";

        void offer(double r, String w) {
            if (r > ratio) {
                ratio = r;
                where = w;
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "largest error %.3g of its tolerance (%s)", ratio, where);
        }
    }

    /** Shape equality, then every element within {@link #tolerance}; reports the worst element. */
    static void assertDoubles(String what, double[] want, int[] wantShape, Tensor got, Worst worstSeen) {
        assertArrayEquals(wantShape, got.shape(), () -> what + ": shape " + Arrays.toString(got.shape())
                + ", torch " + Arrays.toString(wantShape));
        float[] g = got.data();
        double scale = 0;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        int bad = 0;
        int worst = -1;
        double worstRatio = 0;
        double maxDiff = 0;
        for (int i = 0; i < want.length; i++) {
            double diff = Math.abs(g[i] - want[i]);
            double tol = tolerance(want[i], scale);
            if (worstSeen != null && tol > 0) {
                worstSeen.offer(diff / tol, what + " " + at(i, wantShape));
            }
            if (!(diff <= tol)) { // NaN fails too
                bad++;
                double ratio = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / Math.max(tol, Double.MIN_VALUE);
                if (worst < 0 || ratio > worstRatio) {
                    worst = i;
                    worstRatio = ratio;
                }
            }
            if (!Double.isNaN(diff)) {
                maxDiff = Math.max(maxDiff, diff);
            }
        }
        if (bad > 0) {
            fail(String.format(Locale.ROOT, "%s: %d of %d elements out of tolerance; max |diff| %.3g (%.3g of max|torch| "
                            + "%.4g); worst at %s: got %.9g, torch %.9g, tolerance %.3g", what, bad, want.length,
                    maxDiff, scale == 0 ? Double.POSITIVE_INFINITY : maxDiff / scale, scale, at(worst, wantShape),
                    g[worst], want[worst], tolerance(want[worst], scale)));
        }
    }

    /** A flat row-major index as a multi-index. */
    static String at(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        int r = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = shape[d] == 0 ? 0 : r % shape[d];
            r = shape[d] == 0 ? r : r / shape[d];
        }
        return Arrays.toString(idx);
    }

    static int[] ints(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    // ------------------------------------------------------------------------------------------
    // the manifest

    /** One fixture: its {@code key=value} fields. */
    static final class Case {
        final String name;
        final Map<String, String> fields;

        Case(Map<String, String> fields) {
            this.fields = fields;
            this.name = get("name");
        }

        String get(String key) {
            String v = fields.get(key);
            if (v == null) {
                throw new IllegalArgumentException("manifest case '" + fields.get("name") + "' has no '" + key + "'");
            }
            return v;
        }

        boolean flag(String key) {
            String v = get(key);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException(name + ": " + key + "=" + v + " is not true/false");
            }
            return v.equals("true");
        }

        List<String> files() {
            return List.of(get("files").split(","));
        }

        /** The listed files that are expected results. */
        List<String> outputs() {
            Set<String> inputs = get("op").equals("max_unpool") ? UNPOOL_INPUTS : INPUTS;
            return files().stream().filter(f -> !inputs.contains(f)).collect(Collectors.toList());
        }

        ConvSpec convSpec() {
            ConvSpec s = ConvSpec.defaults()
                    .withStride(ints(get("stride")))
                    .withPadding(Padding.parse(get("padding")))
                    .withDilation(ints(get("dilation")))
                    .withGroups(Integer.parseInt(get("groups")))
                    .withPaddingMode(PaddingMode.parse(get("padding_mode")))
                    .withFlip(flag("flip"));
            String op = get("output_padding");
            // 'auto': not set, the padding word chooses it (a transposed 'same')
            return op.equals("auto") ? s : s.withOutputPadding(ints(op));
        }

        /** Max or average pooling (max for max_unpool); one kernel value per spatial dimension. */
        PoolSpec poolSpec() {
            boolean max = !get("op").equals("avg_pool");
            int[] kernel = ints(get("kernel"));
            PoolSpec s = max ? PoolSpec.max(kernel) : PoolSpec.avg(kernel);
            String stride = get("stride");
            if (!stride.equals("default")) {
                s = s.withStride(ints(stride));
            }
            s = s.withPadding(Padding.parse(get("padding")));
            if (fields.containsKey("ceil_mode")) {
                s = s.withCeilMode(flag("ceil_mode"));
            }
            if (max && fields.containsKey("dilation")) {
                s = s.withDilation(ints(get("dilation")));
            }
            if (!max) {
                s = s.withCountIncludePad(flag("count_include_pad"));
            }
            return s;
        }

        String describe() {
            return fields.entrySet().stream()
                    .filter(e -> !e.getKey().equals("name") && !e.getKey().equals("files"))
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
        }
    }

    static final class Manifest {
        final List<Case> cases = new ArrayList<>();
        int declaredCases = -1;

        static Manifest read(Path p) throws IOException {
            Manifest m = new Manifest();
            for (String raw : Files.readAllLines(p)) {
                String line = raw.strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    String t = line.substring(1).strip();
                    if (t.startsWith("cases=")) {
                        m.declaredCases = Integer.parseInt(t.substring("cases=".length()).strip());
                    }
                    continue;
                }
                Map<String, String> f = new LinkedHashMap<>();
                for (String part : line.split(" ; ")) {
                    int eq = part.indexOf('=');
                    if (eq < 0) {
                        throw new IllegalArgumentException("manifest field '" + part + "' has no '=' in: " + line);
                    }
                    String key = part.substring(0, eq).strip();
                    if (f.put(key, part.substring(eq + 1).strip()) != null) {
                        throw new IllegalArgumentException("manifest field '" + key + "' repeats in: " + line);
                    }
                }
                m.cases.add(new Case(f));
            }
            if (m.declaredCases < 0) {
                throw new IllegalArgumentException(p + " has no '# cases=N' header line");
            }
            return m;
        }
    }
}
