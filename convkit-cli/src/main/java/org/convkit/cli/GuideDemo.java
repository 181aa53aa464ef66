package org.convkit.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.convkit.Conv;
import org.convkit.ConvTranspose;
import org.convkit.Pool;
import org.convkit.cli.tour.GuideExamples;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Geometry;
import org.convkit.spec.Padding;
import org.convkit.spec.PoolSpec;
import org.convkit.tensor.Tensor;

import picocli.CommandLine.Help.Ansi;

/**
 * The guide's worked examples, each computed by the library (never by this class) and printed as
 * small grids of whole numbers, with the shape arithmetic from {@link Geometry#explain()}. The only
 * sums done here are the hand checks printed next to the library's results.
 */
final class GuideDemo {
    static final String ALL = "abcdefg";
    private static final int WIDTH = 100;
    private static final ConvSpec STRIDE_2 = ConvSpec.defaults().withStride(2);

    private final PrintWriter out;
    private final Ansi ansi;

    GuideDemo(PrintWriter out, Ansi ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    void run(String which) {
        boolean first = true;
        for (char c : which.toCharArray()) {
            if (!first) {
                out.println();
            }
            first = false;
            switch (c) {
                case 'a' -> convolutionOperation();
                case 'b' -> fiveToTwo();
                case 'c' -> transposedBack();
                case 'd' -> dilated();
                case 'e' -> sameWithStride();
                case 'f' -> maxPooling();
                case 'g' -> adjointIdentity();
                default -> throw new IllegalArgumentException("no example '" + c + "'");
            }
        }
        out.flush();
    }

    private void heading(char letter, String title) {
        out.println(ansi.string("@|bold (" + letter + ") " + title + "|@"));
    }

    /** The library's worked arithmetic, wrapped to fit a terminal. */
    private void explain(Geometry g) {
        for (String line : g.explain().split("\n")) {
            for (String part : Grid.wrapEquation(line, WIDTH, "  ", "    ")) {
                out.println(part);
            }
        }
    }

    /**
     * The guide's example: 7x7x3 input, two 3x3x3 filters, padding 0, stride 2 -> 3x3x2, with the
     * numbers of the tour's and the explorer's animation ({@link GuideExamples}).
     */
    private void convolutionOperation() {
        heading('a', "The convolution operation: 7x7x3 input, two 3x3x3 filters, padding 0, stride 2 -> 3x3x2");
        Tensor x = GuideExamples.operationInput();
        Tensor w = GuideExamples.operationWeight();
        ConvSpec spec = GuideExamples.OPERATION_SPEC;
        Tensor y = Conv.forward(x, w, spec);
        out.println("  input: 7x7 in each of 3 channels, stored (N, C, H, W) = (1, 3, 7, 7)");
        out.print(Grid.sideBySide(List.of(
                Grid.titled("channel 0", Grid.block(x.data(), 0, 7, 7)),
                Grid.titled("channel 1", Grid.block(x.data(), 49, 7, 7)),
                Grid.titled("channel 2", Grid.block(x.data(), 98, 7, 7)))));
        List<List<String>> filters = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            for (int c = 0; c < 3; c++) {
                filters.add(Grid.titled("f" + f + " c" + c, Grid.block(w.data(), (f * 3 + c) * 9, 3, 3)));
            }
        }
        out.println("  filters: 2 of 3x3x3 (one 3x3 slice per input channel), weight (2, 3, 3, 3)");
        out.print(Grid.sideBySide(filters));
        explain(Geometry.conv(new int[] {7, 7}, new int[] {3, 3}, spec));
        out.println("  output: 3x3 per filter = 3x3x2, shape " + shapeText(y));
        out.print(Grid.sideBySide(List.of(
                Grid.titled("filter 0", Grid.block(y.data(), 0, 3, 3)),
                Grid.titled("filter 1", Grid.block(y.data(), 9, 3, 3)))));
        out.println("  by hand, on the top-left window the 9 products input x weight of each channel add up to");
        for (int f = 0; f < 2; f++) {
            double all = 0;
            StringBuilder perChannel = new StringBuilder();
            for (int c = 0; c < 3; c++) {
                double products = topLeftProducts(x, w, f, c);
                all += products;
                // written as a sum: "-12 - 2 + 10", not "-12 + -2 + 10"
                String term = Grid.number(Math.abs(products));
                perChannel.append(c == 0 ? (products < 0 ? "-" + term : term) : (products < 0 ? " - " : " + ") + term);
            }
            out.println("    filter " + f + ": " + perChannel + " = " + Grid.number(all) + " (library: "
                    + Grid.number(y.get(0, f, 0, 0)) + ")");
        }
    }

    /** The sum of the 9 products of channel {@code c} with filter {@code f} on the top-left 3x3 window. */
    private static double topLeftProducts(Tensor x, Tensor w, int f, int c) {
        double s = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                s += x.get(0, c, i, j) * w.get(f, c, i, j);
            }
        }
        return s;
    }

    private static Tensor fiveByFive() {
        return Tensor.arange(1, 1, 5, 5);
    }

    private static Tensor ones3x3() {
        return Tensor.full(1f, 1, 1, 3, 3);
    }

    /** The transposed-convolution section's example: 5x5, kernel 3, stride 2 -> 2x2. */
    private void fiveToTwo() {
        heading('b', "5x5 input, 3x3 kernel, stride 2 -> 2x2");
        Tensor x = fiveByFive();
        Tensor w = ones3x3();
        Tensor y = Conv.forward(x, w, STRIDE_2);
        out.print(Grid.sideBySide(List.of(
                Grid.titled("input 5x5", Grid.block(x.data(), 0, 5, 5)),
                Grid.titled("kernel 3x3", Grid.block(w.data(), 0, 3, 3)),
                Grid.titled("output 2x2", Grid.block(y.data(), 0, 2, 2)))));
        explain(Geometry.conv(new int[] {5, 5}, new int[] {3, 3}, STRIDE_2));
        out.println("  each output is the sum of a 3x3 window; the windows start 2 cells apart: 0+1+2+5+6+7+10+11+12 = "
                + Grid.number(y.data()[0]));
    }

    /** The same kernel, transposed, takes the 2x2 back to 5x5. */
    private void transposedBack() {
        heading('c', "Transposed convolution: that 2x2 back to 5x5, same kernel, stride 2");
        Tensor x = fiveByFive();
        Tensor w = ones3x3();
        Tensor y = Conv.forward(x, w, STRIDE_2);
        Tensor back = ConvTranspose.forward(y, w, STRIDE_2);
        out.print(Grid.sideBySide(List.of(
                Grid.titled("input 2x2", Grid.block(y.data(), 0, 2, 2)),
                Grid.titled("output 5x5", Grid.block(back.data(), 0, 5, 5)),
                Grid.titled("the original 5x5", Grid.block(x.data(), 0, 5, 5)))));
        explain(Geometry.convTranspose(new int[] {2, 2}, new int[] {3, 3}, STRIDE_2));
        out.println("  each input value is spread over a 3x3 patch, patches 2 cells apart, overlaps added: the centre is "
                + Grid.number(back.get(0, 0, 2, 2)) + " = 54 + 72 + 144 + 162");
        out.println("  the SHAPE is restored (" + shapeText(x) + " -> " + shapeText(y) + " -> " + shapeText(back)
                + "), the values are not (max |x - convT(conv(x))| = " + Grid.number(back.maxAbsDiff(x))
                + "): it is not a deconvolution");
    }

    /** Dilation 2: a 3x3 kernel spanning 5x5 on a 7x7 input. */
    private void dilated() {
        heading('d', "Dilated convolution: a 3x3 kernel with dilation 2 spans 5x5; 7x7 input -> 3x3");
        Tensor x = Tensor.arange(1, 1, 7, 7);
        Tensor w = ones3x3();
        ConvSpec spec = ConvSpec.defaults().withDilation(2);
        Tensor y = Conv.forward(x, w, spec);
        List<String> spread = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            spread.add(i % 2 == 0 ? "1 . 1 . 1" : ". . . . .");
        }
        out.print(Grid.sideBySide(List.of(
                Grid.titled("input 7x7", Grid.block(x.data(), 0, 7, 7)),
                Grid.titled("kernel, dilated", spread),
                Grid.titled("output 3x3", Grid.block(y.data(), 0, 3, 3)))));
        explain(Geometry.conv(new int[] {7, 7}, new int[] {3, 3}, spec));
        out.println("  9 weights, a 5x5 field of view: output (0,0) = 0+2+4 + 14+16+18 + 28+30+32 = "
                + Grid.number(y.data()[0]));
    }

    /** 'same' with stride 2, which PyTorch refuses. */
    private void sameWithStride() {
        heading('e', "'same' padding with stride 2 on a 7-wide input (PyTorch refuses padding='same' with stride > 1)");
        Tensor x = Tensor.zeros(1, 1, 7);
        for (int i = 0; i < 7; i++) {
            x.data()[i] = i + 1;
        }
        Tensor w = Tensor.full(1f, 1, 1, 3);
        ConvSpec spec = ConvSpec.defaults().withStride(2).withPadding(Padding.same());
        Geometry g = Geometry.conv(new int[] {7}, new int[] {3}, spec);
        Tensor y = Conv.forward(x, w, spec);
        explain(g);
        StringBuilder padded = new StringBuilder("  padded input: ");
        padded.append("0 ".repeat(g.padBefore()[0])).append("| ");
        for (float v : x.data()) {
            padded.append(Grid.number(v)).append(' ');
        }
        padded.append('|').append(" 0".repeat(g.padAfter()[0]));
        out.println(padded);
        StringBuilder values = new StringBuilder();
        for (float v : y.data()) {
            values.append(values.length() > 0 ? ", " : "").append(Grid.number(v));
        }
        out.println("  kernel [1, 1, 1], windows start every 2 cells; output: [" + values + "]  (ceil(7/2) = 4 cells)");
        Geometry even = Geometry.conv(new int[] {8}, new int[] {3}, spec);
        out.println("  on 8 cells 'same' pads " + even.padBefore()[0] + " before and " + even.padAfter()[0]
                + " after (the odd cell goes after, as in TensorFlow) and gives " + even.output()[0] + " outputs");
    }

    /** 2x2 max pooling with stride 2 on the tour's 4x4 map, and where each maximum came from. */
    private void maxPooling() {
        heading('f', "Max pooling 2x2, stride 2, with argmax indices");
        Tensor x = GuideExamples.poolingInput();
        PoolSpec spec = GuideExamples.pooling(PoolSpec.Kind.MAX);
        int n = GuideExamples.POOLING_SIZE;
        Pool.MaxResult r = Pool.maxWithIndices(x, spec);
        int m = r.values().shape()[3];
        float[] idx = new float[r.indices().length];
        List<String> where = new ArrayList<>();
        for (int i = 0; i < idx.length; i++) {
            idx[i] = r.indices()[i];
            where.add("(" + r.indices()[i] / n + "," + r.indices()[i] % n + ")");
        }
        List<String> whereGrid = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            whereGrid.add(String.join(" ", where.subList(i * m, (i + 1) * m)));
        }
        out.print(Grid.sideBySide(List.of(
                Grid.titled("input " + n + "x" + n, Grid.block(x.data(), 0, n, n)),
                Grid.titled("max " + m + "x" + m, Grid.block(r.values().data(), 0, m, m)),
                Grid.titled("flat index", Grid.block(idx, 0, m, m)),
                Grid.titled("(row,col)", whereGrid))));
        explain(Geometry.pool(new int[] {n, n}, spec));
        out.println("  the indices (flat, within each map, as PyTorch's return_indices) are what max-unpooling needs");
    }

    /** The transposed convolution is the adjoint of the convolution: <conv(x), y> = <x, convT(y)>. */
    private void adjointIdentity() {
        heading('g', "The adjoint identity <conv(x), y> = <x, convT(y)>");
        ConvSpec spec = ConvSpec.defaults().withStride(2).withPadding(1);
        Tensor x = Tensor.uniform(1, -1, 1, 1, 2, 7, 7);
        Tensor w = Tensor.uniform(2, -1, 1, 3, 2, 3, 3);
        Tensor cx = Conv.forward(x, w, spec);
        Tensor y = Tensor.uniform(3, -1, 1, cx.shape());
        Tensor cty = ConvTranspose.forward(y, w, spec);
        double left = dot(cx, y);
        double right = dot(x, cty);
        out.println("  random x " + shapeText(x) + ", weight " + shapeText(w) + ", y " + shapeText(y)
                + "; stride 2, padding 1");
        out.println(String.format(Locale.ROOT, "  <conv(x), y>  = %+.9f", left));
        out.println(String.format(Locale.ROOT, "  <x, convT(y)> = %+.9f", right));
        out.println(String.format(Locale.ROOT, "  difference %.1e (float32 rounding): the transposed convolution is "
                + "the convolution's adjoint, hence its input gradient", Math.abs(left - right)));
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.numel(); i++) {
            s += (double) a.data()[i] * b.data()[i];
        }
        return s;
    }

    private static String shapeText(Tensor t) {
        int[] s = t.shape();
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            sb.append(i > 0 ? ", " : "").append(s[i]);
        }
        return sb.append(')').toString();
    }
}
