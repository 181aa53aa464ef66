package org.convkit.cli;

import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code convkit demo}: the guide's worked examples, computed by the library as you watch. */
@Command(name = "demo",
        description = {
            "Compute the guide's worked examples with the library and print them small enough to check by hand:",
            "  a  the convolution operation: 7x7x3 input, two 3x3x3 filters, stride 2 -> 3x3x2",
            "  b  5x5 input, 3x3 kernel, stride 2 -> 2x2",
            "  c  the transposed convolution taking that 2x2 back to 5x5 (the shape, not the values)",
            "  d  dilation 2: a 3x3 kernel spanning 5x5 on a 7x7 input -> 3x3",
            "  e  'same' padding with stride 2 on a 7-wide input (which PyTorch refuses)",
            "  f  2x2 max pooling, stride 2, with the argmax indices",
            "  g  the adjoint identity <conv(x), y> = <x, convT(y)> on random tensors"})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--only", paramLabel = "LETTERS", description = "Only these examples, e.g. 'a' or 'bc'.")
    String only;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String which = only == null ? GuideDemo.ALL : only.toLowerCase(Locale.ROOT).replace(",", "");
        for (char c : which.toCharArray()) {
            if (GuideDemo.ALL.indexOf(c) < 0) {
                throw new ParameterException(spec.commandLine(), "--only '" + only + "': there is no example '" + c
                        + "'; the examples are a to g");
            }
        }
        Ansi ansi = spec.commandLine().getColorScheme().ansi();
        new GuideDemo(spec.commandLine().getOut(), ansi).run(which);
        return 0;
    }
}
