package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help reads as prose at the width it is printed at: no sentence breaks early, none is cut. */
class ProseHelpTest {
    private static final int[] WIDTHS = {60, 80, 120};

    @Test
    void paragraphsAreJoinedAndLaidOutLinesKept() {
        assertThat(ProseHelp.reflow(new String[] {"One sentence", "goes on.", "", "Examples:", "  convkit a",
            "  convkit b", "After."})).containsExactly("One sentence goes on.", "", "Examples:", "  convkit a",
                "  convkit b", "After.");
        assertThat(ProseHelp.firstSentence("Convolve X (e.g. like this. Really). Then more.")).isEqualTo(
                "Convolve X (e.g. like this. Really).");
    }

    @Test
    void usageLinesBreakBetweenOptionsNeverInsideALabel() {
        for (int width : WIDTHS) {
            for (Map.Entry<String, String> help : helps(width).entrySet()) {
                List<String> usage = new ArrayList<>();
                for (String line : help.getValue().split("\n", -1)) {
                    if (!usage.isEmpty() && !line.startsWith(" ")) {
                        break;
                    }
                    if (line.startsWith("Usage: ") || !usage.isEmpty()) {
                        usage.add(line);
                    }
                }
                for (int i = 0; i < usage.size(); i++) {
                    String line = usage.get(i);
                    assertThat(line.length()).as("%s at %d: %s", help.getKey(), width, line).isLessThan(width);
                    String body = line.strip();
                    // a line starts with an option, a bracket or a positional label, and never ends inside one
                    assertThat(body).as("%s at %d: %s", help.getKey(), width, line).doesNotMatch(".*(=|\\[|[^.]\\.)$");
                    if (i > 0) {
                        assertThat(body).as("%s at %d: %s", help.getKey(), width, line).matches("^[-\\[A-Z(].*");
                    }
                }
            }
        }
        assertThat(ProseHelp.wrapSynopsis("convkit x [-a] -o=Y.npy [--target=N[,M]] [--b=1 [--c]]", 7, 17, 40))
                .isEqualTo("convkit x [-a] -o=Y.npy\n                 [--target=N[,M]]\n                 "
                        + "[--b=1 [--c]]".replace("\n", System.lineSeparator()));
    }

    /**
     * Greedy wrapping: a line of prose is followed by a line starting at the same column only when
     * the next line's first word did not fit after it (picocli keeps the last column free). Before, picocli printed each line of the
     * source as a line of its own and wrapped it, so at 80 columns "...a transposed" was followed by
     * "convolution) and the" and then a new long line.
     */
    @Test
    void noLineOfProseEndsBeforeItHasTo() {
        for (int width : WIDTHS) {
            for (Map.Entry<String, String> help : helps(width).entrySet()) {
                String[] lines = help.getValue().split("\n", -1);
                for (int i = 0; i + 1 < lines.length; i++) {
                    String a = lines[i];
                    String b = lines[i + 1];
                    int indent = indent(b);
                    // prose starts at column 0 (descriptions, footers) or at a table's text column
                    // (options, commands); lines indented by a few columns are laid out by hand, and
                    // so are the deconv methods' table (for 80 columns: wider, it stays as it is)
                    boolean prose = indent == 0 || indent >= 10 && width <= 80;
                    if (!prose || a.isBlank() || b.isBlank() || indent != indent(a) || indent >= b.length()
                            || !Character.isLowerCase(b.charAt(indent)) || b.startsWith("convkit ", indent)) {
                        // (not prose, or an example: a command line of its own)
                        continue;
                    }
                    String word = b.substring(indent).split(" ", 2)[0];
                    assertThat(a.length() + 1 + word.length())
                            .as("%s at %d columns: \"%s\" could have taken \"%s\" from the next line", help.getKey(),
                                    width, a, word)
                            .isGreaterThan(width - 1);
                }
            }
        }
    }

    @Test
    void theCommandListGivesWholeSentences() {
        String top = helps(80).get("convkit");
        List<String> entries = new ArrayList<>();
        StringBuilder entry = null;
        boolean inList = false;
        for (String line : top.split("\n")) {
            if (line.startsWith("Commands:")) {
                inList = true;
                continue;
            }
            if (!inList) {
                continue;
            }
            if (line.isBlank()) {
                break;
            }
            if (line.startsWith("  ") && !line.startsWith("    ")) {
                if (entry != null) {
                    entries.add(entry.toString());
                }
                entry = new StringBuilder(line.trim());
            } else if (entry != null) {
                entry.append(' ').append(line.trim());
            }
        }
        entries.add(entry.toString());
        assertThat(entries).hasSizeGreaterThan(10);
        for (String e : entries) {
            assertThat(e).as(e).matches(".*[.:]$");
        }
        assertThat(top).contains("the adjoint of 'conv' with the same options");
    }

    /** The help of the top command and of every command, at {@code width} columns. */
    private static Map<String, String> helps(int width) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        CommandLine top = Main.commandLine(sink, sink);
        top.setUsageHelpAutoWidth(false);
        top.setUsageHelpWidth(width);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("convkit", top.getUsageMessage(CommandLine.Help.Ansi.OFF));
        top.getSubcommands().forEach((name, cl) -> out.put(name, cl.getUsageMessage(CommandLine.Help.Ansi.OFF)));
        return out;
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
