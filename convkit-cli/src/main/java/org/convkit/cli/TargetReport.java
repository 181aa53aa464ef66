package org.convkit.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.convkit.spec.Geometry;
import org.convkit.spec.Ints;
import org.convkit.spec.Padding;
import org.convkit.spec.ShapeSolver;
import org.convkit.spec.ShapeSolver.Setting;

/** {@code shape --target}: the {@link ShapeSolver}'s settings per spatial dimension, as text or JSON. */
final class TargetReport {
    private final boolean transposed;
    private final int[] inputShape;
    private final int[] spatial;
    private final int[] kernel;
    private final int[] dilation;
    private final int[] target;
    private final List<List<Setting>> settings;

    TargetReport(boolean transposed, int[] inputShape, int spatialStart, int[] kernel, int[] dilation, int[] target) {
        this.transposed = transposed;
        this.inputShape = inputShape.clone();
        this.spatial = Arrays.copyOfRange(inputShape, spatialStart, inputShape.length);
        this.kernel = kernel.clone();
        this.dilation = dilation.clone();
        this.target = target.clone();
        this.settings = ShapeSolver.solve(transposed, spatial, kernel, dilation, target);
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("settings giving ").append(Ints.times(target)).append(" from ").append(Ints.times(spatial))
                .append(" with ").append(transposed ? "a transposed convolution, " : "").append("kernel ")
                .append(Ints.times(kernel)).append(", dilation ").append(Ints.times(dilation))
                .append(" (simplest first):\n");
        boolean alike = allDimensionsAlike();
        for (int i = 0; i < (alike ? 1 : spatial.length); i++) {
            String axis = alike && spatial.length > 1 ? "every dimension" : Geometry.axisName(i, spatial.length);
            sb.append(axis).append(" (").append(spatial[i]).append(" -> ").append(target[i]).append("):\n");
            if (settings.get(i).isEmpty()) {
                int span = Geometry.span(kernel[i], dilation[i]);
                sb.append("  none with stride 1..").append(ShapeSolver.strideBound(spatial[i], kernel[i], dilation[i],
                        target[i])).append(" and padding 0..").append(span - 1).append(" on each side\n");
            }
            for (Setting s : settings.get(i)) {
                sb.append("  ").append(s.describe(transposed)).append('\n');
            }
        }
        String options = simplestOptions();
        if (options != null) {
            sb.append("simplest: ").append(options);
        }
        return sb.toString().stripTrailing();
    }

    String json() {
        List<String> dims = new ArrayList<>();
        for (List<Setting> perDim : settings) {
            List<String> items = new ArrayList<>();
            for (Setting s : perDim) {
                List<String> words = new ArrayList<>();
                for (Padding.Word w : s.words()) {
                    words.add(Json.quote(w.name().toLowerCase(Locale.ROOT)));
                }
                items.add(new Json().field("stride", s.stride())
                        .field("padding", new int[] {s.padBefore(), s.padAfter()})
                        .field("output_padding", s.outputPadding()).raw("words", Json.array(words)).toString());
            }
            dims.add(Json.array(items));
        }
        return new Json().field("target", target).field("transposed", transposed).field("input", inputShape)
                .field("kernel", kernel).field("dilation", dilation).raw("settings", Json.array(dims)).toString();
    }

    /** The first setting of every dimension as command-line options, or null when a dimension has none. */
    String simplestOptions() {
        int dims = spatial.length;
        String[] stride = new String[dims];
        String[] pad = new String[dims];
        String[] op = new String[dims];
        for (int i = 0; i < dims; i++) {
            if (settings.get(i).isEmpty()) {
                return null;
            }
            Setting s = settings.get(i).get(0);
            stride[i] = Integer.toString(s.stride());
            pad[i] = s.paddingText();
            op[i] = Integer.toString(s.outputPadding());
        }
        String text = "--stride " + list(stride) + " --padding " + list(pad);
        return transposed ? text + " --output-padding " + list(op) : text;
    }

    /** One value when every dimension has the same, otherwise a comma list. */
    private static String list(String[] v) {
        return Arrays.stream(v).distinct().count() == 1 ? v[0] : String.join(",", v);
    }

    private boolean allDimensionsAlike() {
        for (int i = 1; i < spatial.length; i++) {
            if (spatial[i] != spatial[0] || kernel[i] != kernel[0] || dilation[i] != dilation[0]
                    || target[i] != target[0]) {
                return false;
            }
        }
        return true;
    }
}
