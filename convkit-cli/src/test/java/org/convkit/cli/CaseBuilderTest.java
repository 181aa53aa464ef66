package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.convkit.ConvOptions;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The cases are the peer's cases: the committed suites build, with torch_peer.py's own flop counts and weights. */
class CaseBuilderTest {

    @Test
    void theCommittedSuiteBuildsWithThePeersFlopCounts() {
        // from torch_peer.build(case)[1] for each case of bench/suite.json (PyTorch 1.13)
        Map<String, Double> torch = new LinkedHashMap<>();
        torch.put("resnet-3x3", 231211008.0);
        torch.put("pointwise-1x1", 102760448.0);
        torch.put("stem-7x7-s2", 236027904.0);
        torch.put("depthwise-3x3", 7225344.0);
        torch.put("dilated-3x3-d2", 231211008.0);
        torch.put("batch8-3x3", 1849688064.0);
        torch.put("image-5x5", 52428800.0);
        torch.put("image-15x15", 471859200.0);
        torch.put("gaussian-31x31-rank1", 8061452288.0);
        torch.put("transposed-4x4-s2", 268435456.0);
        torch.put("wavenet-causal-d8", 262144000.0);
        torch.put("conv3d-3x3x3", 226492416.0);
        torch.put("maxpool-3x3-s2", 1806336.0);
        torch.put("train-step-3x3", 693633024.0);

        List<SuiteCase> cases = SuiteReader.read(repoRoot().resolve("bench/suite.json"));
        CaseBuilder builder = new CaseBuilder(ConvOptions.defaults());
        assertThat(cases).extracting(SuiteCase::name).containsExactlyElementsOf(torch.keySet());
        for (SuiteCase c : cases) {
            BenchCase b = builder.build(c);
            assertThat(b.flops()).as(c.name()).isEqualTo(torch.get(c.name()));
            assertThat(b.algorithm()).as(c.name()).isNotBlank();
        }
    }

    /**
     * Every case of the zoo builds and plans, with the flop count and result shape that torch_peer.py
     * computes for it (bench/zoo.expected.json, written by bench/peer_counts.py from the peer itself;
     * bench/crosscheck.py checks the values on all three sides). A case that convkit could not plan,
     * or that meant another problem here than to the peer, fails with its name.
     */
    @Test
    void everyZooCaseBuildsWithThePeersFlopCountAndOutputShape() throws IOException {
        Path root = repoRoot();
        List<SuiteCase> cases = SuiteReader.read(root.resolve("bench/zoo.json"));
        Map<?, ?> expected = (Map<?, ?>) ((Map<?, ?>) JsonReader.parse(
                Files.readString(root.resolve("bench/zoo.expected.json")))).get("cases");
        // the expectations were written for this very zoo: regenerate both together
        assertThat(cases).extracting(SuiteCase::name).containsExactlyElementsOf(
                expected.keySet().stream().map(String.class::cast).toList());
        CaseBuilder builder = new CaseBuilder(ConvOptions.defaults());
        Set<String> architectures = new LinkedHashSet<>();
        Set<BenchOp> ops = new LinkedHashSet<>();
        List<String> wrong = new ArrayList<>();
        for (SuiteCase c : cases) {
            // one at a time: each built case holds its weight, and the zoo's weights add up to hundreds of MB
            BenchCase b = builder.build(c);
            Map<?, ?> peer = (Map<?, ?>) expected.get(c.name());
            double flops = ((Number) peer.get("flops")).doubleValue();
            int[] output = ((List<?>) peer.get("output")).stream().mapToInt(o -> ((Long) o).intValue()).toArray();
            if (b.flops() != flops || !Arrays.equals(b.output(), output)) {
                wrong.add(c.name() + ": convkit " + b.flops() + " flops " + Arrays.toString(b.output())
                        + ", torch_peer " + flops + " flops " + Arrays.toString(output));
            }
            assertThat(b.algorithm()).as(c.name()).isNotBlank();
            assertThat(c.name()).as("a zoo name is <architecture>.<layer>").matches("[a-z0-9]+\\.[^.].*");
            architectures.add(c.name().substring(0, c.name().indexOf('.')));
            ops.add(c.op());
        }
        assertThat(wrong).isEmpty();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(80);
        assertThat(architectures).hasSizeGreaterThanOrEqualTo(8);
        assertThat(ops).containsExactlyInAnyOrder(BenchOp.values());
    }

    @Test
    void theGaussianIsThePeersToFloatPrecision() {
        // torch_peer.weight_for({"weight": [1, 1, 5, 5], "weight_kind": "gaussian"})[0, 0, 0:3, 2] and [2, 2]
        Tensor w5 = CaseBuilder.gaussian(new int[] {2, 1, 5, 5});
        float eps = 2e-7f;
        assertThat(w5.get(1, 0, 0, 2)).isCloseTo(0.012903198599815369f, within(eps));
        assertThat(w5.get(1, 0, 1, 2)).isCloseTo(0.11188541352748871f, within(eps));
        assertThat(w5.get(0, 0, 2, 2)).isCloseTo(0.22986111044883728f, within(eps));
        assertThat(w5.get(0, 0, 0, 0)).isCloseTo(0.0007243179134093225f, within(eps));
        Tensor w31 = CaseBuilder.gaussian(new int[] {1, 1, 31, 31});
        assertThat(w31.get(0, 0, 15, 15)).isCloseTo(0.0059939282946288586f, within(1e-9f));
        assertThat(w31.get(0, 0, 0, 3)).isCloseTo(5.971221980871633e-06f, within(1e-12f));
        double sum = 0;
        for (float v : w31.data()) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-6));
    }

    /** The nearest directory at or above the working directory that holds bench/suite.json. */
    static Path repoRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("bench/suite.json"))) {
                return d;
            }
        }
        throw new IllegalStateException("no bench/suite.json above " + Path.of("").toAbsolutePath());
    }
}
