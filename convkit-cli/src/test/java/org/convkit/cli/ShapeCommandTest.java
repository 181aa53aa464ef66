package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.ok;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ShapeCommandTest {
    /** One setting of --target's JSON. */
    private static final Pattern SETTING = Pattern.compile(
            "\\{\"stride\": (\\d+), \"padding\": \\[(\\d+), (\\d+)\\], \"output_padding\": (\\d+), \"words\": \\[([^]]*)]}");

    @Test
    void theGuidesExampleWithItsArithmetic() {
        String out = ok("shape", "--input", "1,3,7,7", "--kernel", "3", "--stride", "2");
        assertThat(out).startsWith("convolution [1, 3, 7, 7] -> [1, 3, 3, 3]")
                .contains("kernel 3x3, stride 2x2, dilation 1x1, padding 0")
                .contains("height: n_out = floor((n + p_before + p_after - d(k-1) - 1)/s) + 1")
                .contains("= floor((7 + 0 + 0 - 1*2 - 1)/2) + 1 = floor(4/2) + 1 = 3")
                .contains("width: ");
    }

    @Test
    void theInputIsReadAsConvReadsItAndAnOpenReadingIsNamed() {
        // one kernel value: 3,7,7 could be (N, C, L) or (C, H, W); it is read as batched, and the output says so
        String open = ok("shape", "--input", "3,7,7", "--kernel", "3");
        assertThat(open.lines().toList().subList(0, 3)).containsExactly(
                "convolution [3, 7, 7] -> [3, 7, 5]  (N, C, length)",
                "read as batched (N = 3, 7 channels)",
                "    --kernel 3,3 reads it as unbatched (C, H, W), as conv does with a 2-D weight");
        // two values name two spatial dimensions, as a 2-D weight does for conv: an unbatched image
        assertThat(ok("shape", "--input", "3,7,7", "--kernel", "3,3", "--stride", "2"))
                .startsWith("convolution [3, 7, 7] -> [3, 3, 3]  (C, height, width)\nkernel 3x3")
                .doesNotContain("read as");
        assertThat(ok("shape", "--input", "3,7,7", "--kernel", "3,3", "--json")).contains("\"batched\": false");
        assertThat(ok("shape", "--input", "3,7,7", "--kernel", "3", "--target", "7")).startsWith("input [3, 7, 7] read "
                + "as batched (N = 3, 7 channels); --kernel 3,3 reads it as unbatched (C, H, W), as conv does with a "
                + "2-D weight\nsettings giving 7 from 7");
        assertThat(ok("shape", "--input", "3,7,7", "--kernel", "3,3", "--target", "7")).startsWith("settings giving 7x7 from 7x7");
        assertThat(ok("shape", "--input", "4,100", "--kernel", "5")).startsWith("convolution [4, 100] -> [4, 96]  "
                + "(C, length)\n");
        assertThat(ok("shape", "--input", "1,2,5,5,5", "--kernel", "3")).doesNotContain("read as");
    }

    @Test
    void outChannelsGroupsAndOneDimension() {
        assertThat(ok("shape", "--input", "4,6,100", "--kernel", "5", "--out-channels", "8", "--groups", "2",
                "--padding", "causal", "--dilation", "3"))
                .startsWith("convolution [4, 6, 100] -> [4, 8, 100]").contains("padding 12:0 ('causal')")
                .contains("groups 2").contains("length: padding 'causal' gives 12 before");
    }

    @Test
    void transposedShapes() {
        assertThat(ok("shape", "--input", "1,16,2,2", "--kernel", "3", "--stride", "2", "--transposed",
                "--out-channels", "8"))
                .startsWith("transposed convolution [1, 16, 2, 2] -> [1, 8, 5, 5]").contains("output_padding 0x0");
        assertThat(ok("shape", "--input", "1,1,4,4,4", "--kernel", "3", "--stride", "2", "--padding", "1",
                "--output-padding", "1", "--transposed"))
                .startsWith("transposed convolution [1, 1, 4, 4, 4] -> [1, 1, 8, 8, 8]")
                .contains("depth: ").contains("height: ").contains("width: ");
    }

    @Test
    void jsonHasEveryFieldAndEscapesTheExplanation() {
        String out = ok("shape", "--input", "1,3,7,8", "--kernel", "3", "--stride", "2", "--padding", "same", "--json")
                .strip();
        assertThat(out).matches("\\{\"output\": \\[1, 3, 4, 4], \"input\": \\[1, 3, 7, 8], \"kernel\": \\[3, 3], "
                + "\"stride\": \\[2, 2], \"padding\": \\[\\[1, 1], \\[0, 1]], \"dilation\": \\[1, 1], "
                + "\"output_padding\": \\[0, 0], \"transposed\": false, \"batched\": true, \"explain\": \"(\\\\.|[^\"\\\\])*\"}");
        assertThat(out).contains("\"explain\": \"height: padding 'same' gives 1 before and 1 after")
                .contains("= 4\\nwidth: ").doesNotContain("\n");
    }

    @Test
    void targetListsSettingsThatReallyGiveIt() {
        String out = ok("shape", "--input", "1,3,7,7", "--kernel", "3", "--target", "3");
        assertThat(out).contains("every dimension (7 -> 3):")
                .contains("  stride 2, padding 0 (valid)\n  stride 2, padding 0:1\n  stride 3, padding 1 (same)")
                .contains("simplest: --stride 2 --padding 0");
        List<String> lines = out.lines().filter(l -> l.startsWith("  stride ")).toList();
        assertThat(lines).hasSizeGreaterThan(3);
        for (String line : lines) {
            Matcher m = Pattern.compile("stride (\\d+), padding ([0-9:]+)").matcher(line);
            assertThat(m.find()).isTrue();
            assertThat(ok("shape", "--input", "1,3,7,7", "--kernel", "3", "--stride", m.group(1), "--padding",
                    m.group(2))).as(line).contains("-> [1, 3, 3, 3]");
        }
    }

    @Test
    void targetPerDimensionAndTheSimplestOptionsWork() {
        String out = ok("shape", "--input", "1,3,7,9", "--kernel", "3,5", "--target", "4,3");
        assertThat(out).contains("height (7 -> 4):").contains("width (9 -> 3):");
        Matcher m = Pattern.compile("simplest: --stride (\\S+) --padding (\\S+)").matcher(out);
        assertThat(m.find()).isTrue();
        assertThat(ok("shape", "--input", "1,3,7,9", "--kernel", "3,5", "--stride", m.group(1), "--padding",
                m.group(2))).contains("-> [1, 3, 4, 3]");
    }

    @Test
    void targetJsonSettingsReallyGiveIt() {
        for (boolean transposed : new boolean[] {false, true}) {
            List<String> a = new ArrayList<>(List.of("shape", "--input", "2,4,3,6", "--kernel", "3,2", "--dilation",
                    "1,2", "--target", transposed ? "7,12" : "2,3", "--json"));
            if (transposed) {
                a.add("--transposed");
            }
            String out = ok(a.toArray(new String[0])).strip();
            assertThat(out).startsWith("{\"target\": [" + (transposed ? "7, 12" : "2, 3") + "], \"transposed\": "
                    + transposed + ", \"input\": [2, 4, 3, 6], \"kernel\": [3, 2], \"dilation\": [1, 2], \"settings\": [[");
            int dimensionsSeen = 0;
            for (String perDim : out.substring(out.indexOf("\"settings\": [") + 13).split("], \\[")) {
                int dim = dimensionsSeen++;
                Matcher m = SETTING.matcher(perDim);
                int count = 0;
                while (m.find()) {
                    count++;
                    String pad = m.group(2) + ":" + m.group(3);
                    String stride = dim == 0 ? m.group(1) + ",1" : "1," + m.group(1);
                    String padding = dim == 0 ? pad + ",0" : "0," + pad;
                    List<String> check = new ArrayList<>(List.of("shape", "--input", "2,4,3,6", "--kernel", "3,2",
                            "--dilation", "1,2", "--stride", stride, "--padding", padding, "--json"));
                    if (transposed) {
                        check.addAll(List.of("--transposed", "--output-padding",
                                dim == 0 ? m.group(4) + ",0" : "0," + m.group(4)));
                    }
                    String json = ok(check.toArray(new String[0]));
                    Matcher o = Pattern.compile("\"output\": \\[2, 4, (\\d+), (\\d+)]").matcher(json);
                    assertThat(o.find()).as(json).isTrue();
                    int expected = transposed ? (dim == 0 ? 7 : 12) : (dim == 0 ? 2 : 3);
                    assertThat(Integer.parseInt(o.group(dim + 1))).as(m.group()).isEqualTo(expected);
                }
                assertThat(count).as("settings in dimension %d", dim).isPositive();
            }
            assertThat(dimensionsSeen).isEqualTo(2);
        }
    }

    @Test
    void unreachableTargetsSaySo() {
        assertThat(ok("shape", "--input", "1,1,3", "--kernel", "3", "--target", "100"))
                .contains("none with stride 1..64 and padding 0..2 on each side").doesNotContain("simplest:");
    }

    @Test
    void mistakesAreOneLine() {
        fails(args("shape", "--kernel", "3"), "missing required option", "--input", "(see 'convkit shape --help')");
        fails(args("shape", "--input", "1,3,7,7", "--kernel", "9"), "kernel 9", "spans 9 cells",
                "the padded input has 7");
        fails(args("shape", "--input", "7,7", "--kernel", "3,3"), "--kernel has 2 values, so --input [7, 7] should "
                + "have 3 (C, H, W) or 4 (N, C, H, W) values");
        fails(args("shape", "--input", "7", "--kernel", "3"), "input shape [7] has 1 dimensions");
        fails(args("shape", "--input", "1,3,7,7", "--kernel", "3", "--padding", "sme"),
                "padding 'sme' is not one of valid, same, full, causal");
        fails(args("shape", "--input", "1,3,2,2", "--kernel", "3", "--stride", "2", "--transposed", "--output-padding",
                "2"), "output_padding 2", "use at most 1");
        fails(args("shape", "--input", "1,3,7,7", "--kernel", "3", "--output-padding", "1"),
                "--output-padding needs --transposed");
        fails(args("shape", "--input", "1,3,7,7", "--kernel", "3", "--groups", "2"),
                "input channels 3 are not divisible by groups 2");
        fails(args("shape", "--input", "1,3,7,7", "--kernel", "3", "--target", "3", "--stride", "2", "--padding", "1"),
                "--target finds the stride and padding itself; drop --stride, --padding");
        fails(args("shape", "--input", "1,3,7,7", "--kernel", "3", "--target", "0"), "target size must be at least 1");
        fails(args("shape", "--input", "1,0,7,7", "--kernel", "3"), "input channels must be at least 1");
    }
}
