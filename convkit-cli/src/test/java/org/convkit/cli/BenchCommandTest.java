package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.ok;
import static org.convkit.cli.Parsed.list;
import static org.convkit.cli.Parsed.object;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convkit bench} on tiny suites: what it writes and how it fails, never how fast anything is. */
class BenchCommandTest {
    /** Every op, 1-D to 3-D, asymmetric padding, groups, a Gaussian weight; each case runs in microseconds. */
    static final String TINY = """
            {"about": "tiny cases of every op", "cases": [
             {"name": "conv-2d", "op": "conv", "input": [1, 3, 12, 12], "weight": [4, 3, 3, 3], "stride": [1, 1],
              "padding": [[1, 2], [0, 1]], "dilation": [1, 1], "groups": 1},
             {"name": "gauss", "op": "conv", "input": [1, 1, 20, 20], "weight": [1, 1, 5, 5], "weight_kind": "gaussian",
              "stride": [1, 1], "padding": [[2, 2], [2, 2]], "dilation": [1, 1], "groups": 1},
             {"name": "causal-1d", "op": "conv", "input": [1, 4, 50], "weight": [4, 4, 2], "stride": [1],
              "padding": [[2, 0]], "dilation": [2], "groups": 1},
             {"name": "convt", "op": "conv_transpose", "input": [1, 4, 5, 5], "weight": [4, 2, 4, 4], "stride": [2, 2],
              "padding": [[1, 1], [1, 1]], "output_padding": [1, 0], "dilation": [1, 1], "groups": 1},
             {"name": "maxpool", "op": "max_pool", "input": [1, 2, 9, 9], "kernel": [3, 3], "stride": [2, 2],
              "padding": [[1, 1], [1, 1]]},
             {"name": "avgpool-3d", "op": "avg_pool", "input": [1, 2, 6, 6, 6], "kernel": [2, 2, 2], "stride": [2, 2, 2],
              "padding": [[0, 0], [0, 0], [0, 0]]},
             {"name": "train", "op": "conv_train_step", "input": [2, 4, 6, 6], "weight": [4, 2, 3, 3], "stride": [1, 1],
              "padding": [[1, 1], [1, 1]], "dilation": [1, 1], "groups": 2}
            ]}
            """;
    static final List<String> NAMES = List.of("conv-2d", "gauss", "causal-1d", "convt", "maxpool", "avgpool-3d", "train");

    @TempDir
    Path dir;

    @Test
    void everyAlgorithmTimesEachOneThatCanRunACaseAndJudgesThePlanner() throws IOException {
        Path json = dir.resolve("every.json");
        String out = ok("bench", "--suite", suite(TINY), "--only", "conv-2d,maxpool", "--budget-s", "0", "--warmup-s", "0",
                "--threads", "1", "--every-algorithm", "--json", json.toString());
        assertThat(out).contains("planner: within 10% of the fastest forced algorithm on ").contains(" of 1 cases");
        Map<String, Object> report = object(JsonReader.parse(Files.readString(json)));
        List<Object> forced = list(report.get("forced"));
        // conv-2d (3 -> 4 channels, 3x3, asymmetric padding): gemm and direct at least; pooling is never forced
        assertThat(forced).extracting(f -> object(f).get("name")).containsOnly("conv-2d");
        assertThat(forced).extracting(f -> object(f).get("algorithm")).contains("gemm", "direct")
                .doesNotContain("reference", "auto");
    }

    @Test
    void writesOneResultPerCaseInTheShapeTorchPeerWrites() throws IOException {
        Path json = dir.resolve("out.json");
        String out = ok("bench", "--suite", suite(TINY), "--budget-s", "0", "--warmup-s", "0", "--threads", "2", "--json", json.toString());

        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).startsWith("case").contains("median ms", "GFLOP/s", "runs", "algorithm");
        assertThat(lines).hasSize(1 + NAMES.size());
        for (int i = 0; i < NAMES.size(); i++) {
            assertThat(lines.get(i + 1)).startsWith(NAMES.get(i) + " ");
        }

        Map<String, Object> report = object(JsonReader.parse(Files.readString(json)));
        assertThat(report.keySet()).contains("results", "peer", "threads", "jdk", "kernels");
        assertThat((String) report.get("peer")).startsWith("convkit ");
        assertThat(report.get("threads")).isEqualTo(2L);
        assertThat(report.get("jdk")).isEqualTo(System.getProperty("java.version"));
        List<Object> results = list(report.get("results"));
        assertThat(results).extracting(r -> object(r).get("name")).containsExactlyElementsOf(NAMES);
        for (Object o : results) {
            Map<String, Object> r = object(o);
            assertThat(r.keySet()).containsExactly("name", "median_ms", "min_ms", "max_ms", "runs", "gflops", "algorithm");
            double median = number(r, "median_ms");
            assertThat(number(r, "min_ms")).isPositive().isLessThanOrEqualTo(median);
            assertThat(number(r, "max_ms")).isGreaterThanOrEqualTo(median);
            assertThat(number(r, "gflops")).isPositive();
            // a budget of 0 leaves the protocol's minimum
            assertThat(r.get("runs")).isEqualTo((long) BenchTimer.MIN_RUNS);
            assertThat((String) r.get("algorithm")).isNotBlank();
        }
        assertThat(object(results.get(4)).get("algorithm")).as("pooling runs its direct path").isEqualTo("direct");
    }

    @Test
    void onlyKeepsTheNamedCasesInTheSuitesOrder() throws IOException {
        Path json = dir.resolve("only.json");
        String out = ok("bench", "--suite", suite(TINY), "--budget-s", "0", "--warmup-s", "0", "--only", "train,gauss", "--json",
                json.toString());
        assertThat(out.lines().skip(1).map(l -> l.split(" ")[0])).containsExactly("gauss", "train");
        List<Object> results = list(object(JsonReader.parse(Files.readString(json))).get("results"));
        assertThat(results).extracting(r -> object(r).get("name")).containsExactly("gauss", "train");
    }

    @Test
    void aForcedAlgorithmRunsEveryCaseOrNone() throws IOException {
        String s = suite(TINY);
        String out = ok("bench", "--suite", s, "--budget-s", "0", "--warmup-s", "0", "--only", "conv-2d,train", "--algorithm", "reference",
                "--threads", "1");
        assertThat(out.lines().skip(1)).allSatisfy(l -> assertThat(l).endsWith(" reference"));
        Path json = dir.resolve("never.json");
        // depthwise cannot do a dense convolution (and is not even in every build): nothing is timed or written
        fails(args("bench", "--suite", s, "--algorithm", "depthwise", "--json", json.toString()),
                "case 'conv-2d': algorithm depthwise");
        assertThat(json).doesNotExist();
    }

    @Test
    void unknownCasesAndBadOptionsAreOneLine() throws IOException {
        String s = suite(TINY);
        fails(args("bench", "--suite", s, "--only", "gauss,resnet,nope"),
                "has no case named 'resnet', 'nope'; its cases are: conv-2d, gauss, causal-1d");
        fails(args("bench", "--suite", s, "--only", ","), "--only needs at least one case name");
        fails(args("bench", "--suite", s, "--threads", "0"), "threads must be at least 1");
        fails(args("bench", "--suite", s, "--algorithm", "fastest"), "algorithm 'fastest' is not one of auto, reference");
        fails(args("bench", "--suite", s, "--budget-s", "-1"), "--budget-s must be a number of seconds");
        fails(args("bench", "--suite", s, "--warmup-s", "-1"), "--warmup-s must be a number of seconds");
        fails(args("bench", "--suite", s, "--json", dir.resolve("no/such/dir/out.json").toString()),
                "cannot write", "no such directory");
        fails(args("bench"), "missing required option: '--suite=FILE'");
    }

    @Test
    void badSuiteFilesNameTheFileTheCaseAndTheKey() throws IOException {
        fails(args("bench", "--suite", dir.resolve("missing.json").toString()), "cannot read suite", "no such file");
        fails(args("bench", "--suite", suite("{\"cases\": [}")), "is not valid JSON: line 1, column 12");
        fails(args("bench", "--suite", suite("[]")), "the top level must be an object");
        fails(args("bench", "--suite", suite("{\"cases\": []}")), "\"cases\" must be a non-empty list");
        fails(args("bench", "--suite", suite("{\"version\": 2, \"cases\": []}")), "unknown top-level key \"version\"");
        fails(args("bench", "--suite", suite(one("\"name\": \"a\", \"op\": \"fold\""))),
                "case 'a': op 'fold' is not one of conv, conv_transpose, max_pool, avg_pool, conv_train_step");
        fails(args("bench", "--suite", suite(one("\"op\": \"conv\""))), "case 1: needs a \"name\"");
        String pool = "\"name\": \"p\", \"op\": \"max_pool\", \"input\": [1, 1, 4, 4], \"kernel\": [2, 2], "
                + "\"stride\": [2, 2], \"padding\": [[0, 0], [0, 0]]";
        fails(args("bench", "--suite", suite(one(pool + ", \"dilation\": [2, 2]"))),
                "case 'p': unknown key \"dilation\" for op max_pool");
        fails(args("bench", "--suite", suite(one(pool.replace(", \"kernel\": [2, 2]", "")))),
                "case 'p': op max_pool needs \"kernel\"");
        fails(args("bench", "--suite", suite(one(pool.replace("\"stride\": [2, 2]", "\"stride\": [2]")))),
                "case 'p': \"stride\" has 1 values but needs 2, one per spatial dimension");
        fails(args("bench", "--suite", suite(one(pool.replace("[[0, 0], [0, 0]]", "[0, 0]")))),
                "case 'p': \"padding\" must list one [before, after] pair per spatial dimension (2)");
        fails(args("bench", "--suite", suite(one(pool.replace("\"kernel\": [2, 2]", "\"kernel\": [2, 2.5]")))),
                "case 'p': \"kernel\" must hold integers, got 2.5");
        fails(args("bench", "--suite", suite("{\"cases\": [{" + pool + "}, {" + pool + "}]}")),
                "two cases are named 'p'");
    }

    @Test
    void theLibrarysObjectionsNameTheCase() throws IOException {
        String conv = "\"name\": \"big-kernel\", \"op\": \"conv\", \"input\": [1, 1, 4, 4], \"weight\": [1, 1, 7, 7], "
                + "\"stride\": [1, 1], \"padding\": [[0, 0], [0, 0]], \"dilation\": [1, 1], \"groups\": 1";
        fails(args("bench", "--suite", suite(one(conv))), "case 'big-kernel': kernel 7");
        fails(args("bench", "--suite", suite(one(conv.replace("\"groups\": 1", "\"groups\": 1, \"weight_kind\": \"gaussian\"")
                .replace("[1, 1, 7, 7]", "[1, 1, 3, 2]")))), "case 'big-kernel': weight_kind gaussian needs a square");
    }

    private String suite(String text) throws IOException {
        Path p = Files.createTempFile(dir, "suite", ".json");
        Files.writeString(p, text);
        return p.toString();
    }

    private static String one(String caseFields) {
        return "{\"cases\": [{" + caseFields + "}]}";
    }

    private static double number(Map<String, Object> r, String key) {
        return ((Number) r.get(key)).doubleValue();
    }
}
