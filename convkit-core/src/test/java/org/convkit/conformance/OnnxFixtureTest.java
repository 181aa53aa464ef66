package org.convkit.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.convkit.Conv;
import org.convkit.ConvTranspose;
import org.convkit.Pool;
import org.convkit.io.Npy;
import org.convkit.io.NpyArray;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.IndexLayout;
import org.convkit.spec.Ints;
import org.convkit.spec.Padding;
import org.convkit.spec.PoolSpec;
import org.convkit.spec.SlidingSpec;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every golden fixture made by ONNX's reference evaluator and ONNX Runtime
 * ({@code src/test/python/make_onnx_fixtures.py}, resources under {@code /onnx}) through convkit's
 * public API, translating each node's ONNX attributes into convkit's options exactly as
 * docs/onnx.md describes, so that the mapping is tested and not only written down.
 *
 * <p>One test per case, and a last one that checks how many tensors were compared against the
 * manifest's count, so that a case cannot be skipped silently.
 */
class OnnxFixtureTest {
    private static final double U = 0x1p-24;

    /**
     * Reference results are float64 answers for the float32 inputs: the budget of
     * {@link TorchFixtureTest#tolerance}. ONNX Runtime's are float32 and carry its own roundings
     * (a power, a sum, a root per window: a few dozen of u relative to the window's norm), so 64u
     * of the tensor's largest value on top.
     */
    private static double tolerance(boolean float32Expected, double e, double scale) {
        return TorchFixtureTest.tolerance(e, scale) + (float32Expected ? 8 * U * Math.abs(e) + 64 * U * scale : 0);
    }

    @TestFactory
    Stream<DynamicTest> onnxFixtures() throws IOException, URISyntaxException {
        URL url = OnnxFixtureTest.class.getResource("/onnx/manifest.txt");
        if (url == null) {
            fail("/onnx/manifest.txt is not on the test classpath; regenerate it with "
                    + "~/.venvs/ort/bin/python convkit-core/src/test/python/make_onnx_fixtures.py");
        }
        Path manifest = Path.of(url.toURI());
        Path root = manifest.getParent();
        List<Map<String, String>> cases = new ArrayList<>();
        int declared = -1;
        for (String line : Files.readAllLines(manifest)) {
            if (line.startsWith("# cases=")) {
                declared = Integer.parseInt(line.substring("# cases=".length()).trim());
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Map<String, String> f = new LinkedHashMap<>();
                for (String kv : line.split(" ; ")) {
                    int eq = kv.indexOf('=');
                    f.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                }
                cases.add(f);
            }
        }
        AtomicInteger compared = new AtomicInteger();
        int expected = 0;
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, String> c : cases) {
            expected += c.get("outputs").split(",").length;
            tests.add(dynamicTest(c.get("name") + " [" + c.get("op") + "]", () -> {
                try {
                    run(c, root.resolve(c.get("name")), compared);
                } catch (RuntimeException e) {
                    throw new AssertionError(c.get("name") + ": convkit threw " + e, e);
                }
            }));
        }
        int want = expected;
        int declaredCases = declared;
        tests.add(dynamicTest("every listed tensor was compared", () -> {
            assertEquals(declaredCases, cases.size(), "the manifest's '# cases=' header disagrees with its lines");
            assertEquals(want, compared.get(), "tensors compared vs tensors the manifest lists");
        }));
        return tests.stream();
    }

    private static void run(Map<String, String> c, Path dir, AtomicInteger compared) throws IOException {
        Tensor x = Npy.read(dir.resolve("x.npy"));
        int dims = x.shape().length - 2;
        boolean f4 = c.get("engine").equals("onnxruntime");
        switch (c.get("op")) {
            case "MaxPool": {
                PoolSpec spec = poolSpec(c, PoolSpec.max(ints(c, "kernel_shape")), dims);
                if (c.get("outputs").contains("indices")) {
                    int order = Integer.parseInt(c.getOrDefault("storage_order", "0"));
                    Pool.MaxResult r = Pool.maxWithIndices(x, spec, IndexLayout.onnx(order),
                            org.convkit.ConvOptions.defaults());
                    compare(c, dir, "y", r.values(), f4, compared);
                    NpyArray idx = Npy.readArray(dir.resolve("indices.npy"));
                    assertArrayEquals(idx.shape(), r.values().shape(), c.get("name") + " indices: shape");
                    assertArrayEquals(idx.toInts(), r.indices(), c.get("name") + " indices");
                    compared.incrementAndGet();
                } else {
                    compare(c, dir, "y", Pool.forward(x, spec), f4, compared);
                }
                break;
            }
            case "AveragePool":
                compare(c, dir, "y", Pool.forward(x, poolSpec(c, PoolSpec.avg(ints(c, "kernel_shape")), dims)
                        .withCountIncludePad(c.getOrDefault("count_include_pad", "0").equals("1"))), f4, compared);
                break;
            case "LpPool":
                compare(c, dir, "y", Pool.forward(x, poolSpec(c, PoolSpec.lp(Double.parseDouble(c.getOrDefault("p", "2")),
                        ints(c, "kernel_shape")), dims)), f4, compared);
                break;
            case "GlobalLpPool":
                compare(c, dir, "y", Pool.globalLp(x, Double.parseDouble(c.getOrDefault("p", "2"))), f4, compared);
                break;
            case "MaxUnpool": {
                int[] idx = Npy.readArray(dir.resolve("indices.npy")).toInts();
                PoolSpec spec = poolSpec(c, PoolSpec.max(ints(c, "kernel_shape")), dims);
                compare(c, dir, "y", Pool.maxUnpool(x, idx, null, spec, IndexLayout.onnx(0)), f4, compared);
                break;
            }
            case "Conv":
            case "ConvTranspose": {
                Tensor w = Npy.read(dir.resolve("w.npy"));
                Tensor b = Files.exists(dir.resolve("b.npy")) ? Npy.read(dir.resolve("b.npy")) : null;
                ConvSpec spec = slide(c, ConvSpec.defaults(), dims)
                        .withGroups(Integer.parseInt(c.getOrDefault("group", "1")));
                if (c.containsKey("output_padding")) {
                    spec = spec.withOutputPadding(ints(c, "output_padding"));
                }
                if (c.containsKey("output_shape")) {
                    spec = spec.withOutputSize(ints(c, "output_shape"));
                }
                Tensor y = c.get("op").equals("Conv") ? Conv.forward(x, w, b, spec) : ConvTranspose.forward(x, w, b, spec);
                compare(c, dir, "y", y, f4, compared);
                break;
            }
            default:
                fail("unknown op " + c.get("op"));
        }
    }

    /** ONNX's pooling attributes: strides default to 1 (convkit's to the window), ceil_mode. */
    private static PoolSpec poolSpec(Map<String, String> c, PoolSpec base, int dims) {
        return slide(c, base, dims).withCeilMode(c.getOrDefault("ceil_mode", "0").equals("1"));
    }

    /**
     * strides, dilations, pads (ONNX order: the begins, then the ends) and auto_pad, shared by
     * every windowed op. auto_pad SAME_UPPER is 'same', SAME_LOWER 'same-lower', VALID 'valid'.
     */
    private static <T extends SlidingSpec<T>> T slide(Map<String, String> c, T base, int dims) {
        int[] ones = new int[dims];
        Arrays.fill(ones, 1);
        T s = base.withStride(c.containsKey("strides") ? ints(c, "strides") : ones)
                .withDilation(c.containsKey("dilations") ? ints(c, "dilations") : ones);
        String auto = c.getOrDefault("auto_pad", "NOTSET");
        switch (auto) {
            case "SAME_UPPER":
                return s.withPadding(Padding.same());
            case "SAME_LOWER":
                return s.withPadding(Padding.sameLower());
            case "VALID":
                return s.withPadding(Padding.valid());
            case "NOTSET":
                if (!c.containsKey("pads")) {
                    return s.withPadding(Padding.of(0));
                }
                int[] pads = ints(c, "pads");
                return s.withPadding(Padding.of(Arrays.copyOfRange(pads, 0, dims), Arrays.copyOfRange(pads, dims, 2 * dims)));
            default:
                throw new IllegalArgumentException("auto_pad " + auto);
        }
    }

    private static int[] ints(Map<String, String> c, String key) {
        return Ints.parseList(key, c.get(key));
    }

    private static void compare(Map<String, String> c, Path dir, String file, Tensor got, boolean f4,
                                AtomicInteger compared) throws IOException {
        compared.incrementAndGet();
        NpyArray want = Npy.readArray(dir.resolve(file + ".npy"));
        String what = c.get("name") + " " + file;
        assertArrayEquals(want.shape(), got.shape(), () -> what + ": shape " + Arrays.toString(got.shape())
                + " but ONNX gives " + Arrays.toString(want.shape()));
        double[] e = want.toDoubles();
        double scale = 0;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        float[] g = got.data();
        for (int i = 0; i < e.length; i++) {
            double tol = tolerance(f4, e[i], scale);
            int at = i;
            assertTrue(Math.abs(g[i] - e[i]) <= tol || (Double.isNaN(e[i]) && Float.isNaN(g[i])),
                    () -> what + ": element " + at + " " + Arrays.toString(Ints.coords(at, want.shape())) + " is " + g[at]
                            + " but ONNX gives " + e[at] + " (tolerance " + tol + ")");
        }
    }
}
