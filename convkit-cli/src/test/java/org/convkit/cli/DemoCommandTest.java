package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.ok;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void printsEveryExampleWithTheLibrarysResults() {
        String out = ok("demo");
        for (char c = 'a'; c <= 'g'; c++) {
            assertThat(out).contains("(" + c + ") ");
        }
        // (a) the guide's 7x7x3 with two 3x3x3 filters and stride 2 gives 3x3x2
        assertThat(out).contains("output: 3x3 per filter = 3x3x2, shape (1, 2, 3, 3)");
        // (b) 5x5 arange with a 3x3 box kernel, stride 2
        assertThat(out).contains("output 2x2").containsPattern("\\s54\\s+72\\s").containsPattern("144 162");
        // (c) back to 5x5, the centre receiving all four values
        assertThat(out).contains("output 5x5").contains("432 = 54 + 72 + 144 + 162")
                .contains("(1, 1, 5, 5) -> (1, 1, 2, 2) -> (1, 1, 5, 5)").contains("not a deconvolution");
        // (d) dilation 2 on 7x7 arange: the corners of every 5x5 block
        assertThat(out).contains("output 3x3").contains("= 144");
        // (e) 'same' with stride 2 on 7 cells
        assertThat(out).contains("padding 'same' gives 1 before and 1 after").contains("output: [3, 9, 15, 13]");
        // (a) by hand, as a sum
        assertThat(out).contains("filter 0: -12 - 2 + 10 = -4 (library: -4)");
        // (f) max pooling and its indices, on the tour's 4x4 map
        assertThat(out).contains("(0,0) (1,2)").contains("(2,0) (3,2)");
    }

    @Test
    void theHandChecksAgreeWithTheLibrary() {
        String out = ok("demo", "--only", "a");
        Matcher m = Pattern.compile("= (-?\\d+) \\(library: (-?\\d+)\\)").matcher(out);
        int checks = 0;
        while (m.find()) {
            assertThat(m.group(1)).isEqualTo(m.group(2));
            checks++;
        }
        assertThat(checks).isEqualTo(2);
        assertThat(out).doesNotContain("(b)");
    }

    @Test
    void theAdjointIdentityHoldsToFloatRounding() {
        String out = ok("demo", "--only", "g");
        Matcher left = Pattern.compile("<conv\\(x\\), y>  = ([-+0-9.]+)").matcher(out);
        Matcher right = Pattern.compile("<x, convT\\(y\\)> = ([-+0-9.]+)").matcher(out);
        assertThat(left.find()).isTrue();
        assertThat(right.find()).isTrue();
        double l = Double.parseDouble(left.group(1));
        double r = Double.parseDouble(right.group(1));
        assertThat(Math.abs(l - r)).isLessThan(1e-5 * Math.max(1, Math.abs(l)));
    }

    @Test
    void plainTextWhenNotATerminal() {
        assertThat(ok("demo")).doesNotContain("\u001b[");
    }

    @Test
    void anUnknownExampleIsOneLine() {
        fails(args("demo", "--only", "az"), "there is no example 'z'");
    }
}
