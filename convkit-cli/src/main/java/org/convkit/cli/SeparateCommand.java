package org.convkit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.convkit.kernel.Factors;
import org.convkit.kernel.Separation;
import org.convkit.tensor.Tensor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convkit separate}: a kernel's rank and the 1-D factors that rebuild it. */
@Command(name = "separate", sortOptions = false,
        description = {
            "How far a 2-D kernel (k1, k2) or 3-D kernel (k0, k1, k2) separates into 1-D",
            "factors: its numerical rank (singular values above T times the largest), the",
            "factor pairs whose outer products sum to it, the largest error of that sum,",
            "and the parameters (= multiplies per output) saved: k1*k2 against rank*(k1+k2).",
            "An integer rank-1 kernel gets integer factors (Sobel: [1, 2, 1] x [1, 0, -1]);",
            "otherwise each term's factors share its weight equally, every factor but the",
            "first signed so that its first entry is positive. Factors print rounded to",
            "float32, the precision kernels are stored in; integral values as integers.",
            "A 3-D kernel is reported as depth x column x row terms: rank 1 exactly when",
            "it separates into three 1-D factors, otherwise the number of terms of a",
            "nested SVD (an upper bound on its tensor rank)."},
        footer = {"",
            "--json prints",
            "  {\"rank\": r, \"separable\": bool,",
            "   \"factors\": [{\"column\": [...], \"row\": [...]}, ...],",
            "   \"params\": {\"full\": n, \"separable\": m}, \"max_error\": e}",
            "for a 3-D kernel each factor is {\"depth\": [...], \"column\": [...], \"row\": [...]}.",
            "max_error is the largest |kernel - sum of the terms| before the factors' rounding.",
            "",
            "Examples:",
            "  convkit separate --kernel sobel.npy",
            "  convkit separate --kernel blur.npy --tolerance 1e-3 --json"})
final class SeparateCommand implements Callable<Integer> {
    @Option(names = {"-k", "--kernel"}, required = true, paramLabel = "K.npy",
            description = "The kernel: a 2-D (k1, k2) or 3-D (k0, k1, k2) .npy array.")
    Path kernel;

    @Option(names = "--tolerance", paramLabel = "T",
            description = "Relative tolerance: singular values at or below T * sigma_max do not count "
                    + "(default max(k) * 2^-23, NumPy's matrix_rank rule for float32 data).")
    Double tolerance;

    @Option(names = "--json", description = "Print JSON (described below) instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Tensor k = NpyFiles.read(kernel);
        Separation s;
        try {
            s = tolerance == null ? Separation.of(k) : Separation.of(k, tolerance);
        } catch (IllegalArgumentException e) {
            throw new CliException(kernel + ": " + e.getMessage(), e);
        }
        spec.commandLine().getOut().println(json ? json(s) : text(s));
        return 0;
    }

    private static String json(Separation s) {
        List<String> terms = new ArrayList<>();
        for (Factors f : s.factors()) {
            Json t = new Json();
            if (f.dims() == 3) {
                t.raw("depth", numbers(f.depth()));
            }
            terms.add(t.raw("column", numbers(f.column())).raw("row", numbers(f.row())).toString());
        }
        Separation.Count p = s.parameters();
        return new Json().field("rank", s.rank()).field("separable", s.separable()).raw("factors", Json.array(terms))
                .raw("params", new Json().raw("full", Long.toString(p.full())).raw("separable", Long.toString(p.separable()))
                        .toString())
                .field("max_error", s.maxError()).toString();
    }

    private static String text(Separation s) {
        int[] k = s.kernelShape();
        StringBuilder sb = new StringBuilder();
        sb.append("kernel ").append(org.convkit.spec.Ints.times(k)).append(": rank ").append(s.rank())
                .append(s.separable() ? ", separable" : ", not separable").append(" (tolerance ")
                .append(String.format(Locale.ROOT, "%.3g", s.tolerance())).append(" of the largest singular value)\n");
        sb.append(k.length == 2 ? "singular values: " : "singular values of the depth unfolding: ");
        double[] sigma = s.singularValues();
        for (int i = 0; i < sigma.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", sigma[i]));
        }
        sb.append('\n');
        String[] names = k.length == 2 ? new String[] {"column", "row"} : new String[] {"depth", "column", "row"};
        int[] width = new int[names.length];
        List<String[]> rows = new ArrayList<>();
        for (Factors f : s.factors()) {
            String[] cells = new String[names.length];
            for (int d = 0; d < names.length; d++) {
                cells[d] = numbers(f.get(d));
                width[d] = Math.max(width[d], cells[d].length());
            }
            rows.add(cells);
        }
        for (int t = 0; t < rows.size(); t++) {
            sb.append(String.format(Locale.ROOT, "term %d:", t + 1));
            for (int d = 0; d < names.length; d++) {
                sb.append("  ").append(names[d]).append(' ').append(String.format(Locale.ROOT, "%-" + width[d] + "s",
                        rows.get(t)[d]));
            }
            sb.setLength(sb.length() - trailing(sb));
            sb.append('\n');
        }
        if (k.length == 2 && s.rank() > 1) {
            sb.append("best rank-r approximations, largest error:");
            for (int r = 1; r < s.rank(); r++) {
                sb.append(String.format(Locale.ROOT, " r=%d %.3g,", r, s.approximation(r).maxError()));
            }
            sb.setLength(sb.length() - 1);
            sb.append('\n');
        }
        Separation.Count p = s.parameters();
        sb.append(String.format(Locale.ROOT, "parameters and multiplies per output: %d full, %d as %d 1-D pass%s (%.2f)%n",
                p.full(), p.separable(), s.rank() * k.length, s.rank() * k.length == 1 ? "" : "es", p.ratio()));
        sb.append(String.format(Locale.ROOT, "largest error of the rebuilt kernel: %.3g", s.maxError()));
        return sb.toString();
    }

    private static int trailing(StringBuilder sb) {
        int n = 0;
        while (n < sb.length() && sb.charAt(sb.length() - 1 - n) == ' ') {
            n++;
        }
        return n;
    }

    /** A JSON array of the factor's values. */
    private static String numbers(double[] v) {
        List<String> items = new ArrayList<>();
        for (double x : v) {
            items.add(number(x));
        }
        return Json.array(items);
    }

    /**
     * The shortest decimal that reads back as the value's float32 rounding (the kernel's own
     * precision: the double digits past it are the SVD's rounding), integral values as integers.
     */
    private static String number(double x) {
        float f = (float) x;
        return f == Math.rint(f) && Math.abs(f) < 0x1p24 ? Long.toString((long) f) : Float.toString(f);
    }
}
