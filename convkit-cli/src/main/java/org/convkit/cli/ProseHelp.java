package org.convkit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Picocli's help with the texts read as prose: picocli prints each element of a description or
 * footer array as a line of its own and wraps it at the terminal's width, so text written as lines
 * of about 100 columns came out at 80 as a long line, a stub and a long line again ("...a transposed
 * convolution) and the" / "formula worked with your numbers"). Here consecutive lines of a paragraph
 * are joined first and wrapped once. A line stays a line of its own where the layout is deliberate:
 * an indented line (examples, tables, JSON laid out by hand), one after a line ending in a colon, an
 * empty line (a paragraph break). The list of commands shows each command's first sentence, where
 * picocli showed its first line of source ("the adjoint of 'conv' with the same").
 */
final class ProseHelp extends CommandLine.Help {
    ProseHelp(CommandSpec spec, ColorScheme scheme) {
        super(spec, scheme);
    }

    /** The lines of a description, footer or header with each paragraph's lines joined by spaces. */
    static String[] reflow(String[] lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            int last = out.size() - 1;
            if (last >= 0 && continues(out.get(last), line)) {
                out.set(last, out.get(last) + " " + line);
            } else {
                out.add(line);
            }
        }
        return out.toArray(new String[0]);
    }

    /** Whether {@code next} continues the paragraph that {@code previous} ends. */
    private static boolean continues(String previous, String next) {
        return !previous.isEmpty() && !next.isEmpty() && !Character.isWhitespace(previous.charAt(0))
                && !Character.isWhitespace(next.charAt(0)) && !previous.endsWith(":") && !previous.endsWith("%n");
    }

    @Override
    public String description(Object... params) {
        return joined(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String header(Object... params) {
        return joined(commandSpec().usageMessage().header(), params);
    }

    @Override
    public String footer(Object... params) {
        return joined(commandSpec().usageMessage().footer(), params);
    }

    private String joined(String[] lines, Object... params) {
        UsageMessageSpec usage = commandSpec().usageMessage();
        return join(ansi(), usage.width(), usage.adjustLineBreaksForWideCJKCharacters(), reflow(lines),
                new StringBuilder(), params).toString();
    }

    /**
     * The usage line wrapped between options only: picocli breaks wherever its line breaker allows,
     * which includes inside a label ("-o=Y." / "npy", "[--target=N" / "[,M]]"). It is laid out on
     * one line and then wrapped at the spaces outside brackets, continuation lines under the first
     * option, as picocli indents them.
     */
    @Override
    public String synopsis(int synopsisHeadingLength) {
        UsageMessageSpec usage = commandSpec().usageMessage();
        int width = usage.width();
        String oneLine;
        try {
            usage.width(4000); // wide enough for any usage line; picocli lays out buffers this wide
            oneLine = super.synopsis(synopsisHeadingLength).strip();
        } finally {
            usage.width(width);
        }
        int indent = synopsisHeadingLength + commandSpec().qualifiedName().length() + 1;
        return wrapSynopsis(oneLine, synopsisHeadingLength, indent, width) + System.lineSeparator();
    }

    /** Wraps {@code line}, which starts at column {@code start}, at spaces outside brackets. */
    static String wrapSynopsis(String line, int start, int indent, int width) {
        List<String> tokens = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            depth += c == '[' || c == '(' ? 1 : c == ']' || c == ')' ? -1 : 0;
            if (c == ' ' && depth <= 0) {
                tokens.add(line.substring(from, i));
                from = i + 1;
            }
        }
        tokens.add(line.substring(from));
        StringBuilder sb = new StringBuilder();
        int column = start;
        boolean lineStart = true;
        for (String t : tokens) {
            if (t.isEmpty()) {
                continue;
            }
            if (!lineStart && column + 1 + t.length() > width - 1) {
                sb.append(System.lineSeparator()).append(" ".repeat(indent));
                column = indent;
            } else if (!lineStart) {
                sb.append(' ');
                column++;
            }
            sb.append(t);
            column += t.length();
            lineStart = false;
        }
        return sb.toString();
    }

    /** Each command's name and the first sentence of its description, wrapped in the second column. */
    @Override
    public String commandList(Map<String, CommandLine.Help> subcommands) {
        if (subcommands.isEmpty()) {
            return "";
        }
        int names = 2;
        for (String name : subcommands.keySet()) {
            names = Math.max(names, name.length() + 4);
        }
        int width = commandSpec().usageMessage().width();
        TextTable table = TextTable.forColumns(colorScheme(), new Column(names, 2, Column.Overflow.SPAN),
                new Column(Math.max(20, width - names), 2, Column.Overflow.WRAP));
        for (Map.Entry<String, CommandLine.Help> e : subcommands.entrySet()) {
            UsageMessageSpec usage = e.getValue().commandSpec().usageMessage();
            // a header, where a command has one (picocli's own help command), else the description
            String[] text = reflow(usage.header().length > 0 ? usage.header() : usage.description());
            table.addRowValues(e.getKey(), text.length == 0 ? "" : firstSentence(String.format(text[0])));
        }
        return table.toString();
    }

    /** Up to the first full stop followed by a space outside parentheses, or the whole text. */
    static String firstSentence(String text) {
        int depth = 0;
        for (int i = 0; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == '.' && depth <= 0 && text.charAt(i + 1) == ' ') {
                return text.substring(0, i + 1);
            }
        }
        return text;
    }

    @Override
    public IOptionRenderer createDefaultOptionRenderer() {
        IOptionRenderer plain = super.createDefaultOptionRenderer();
        return (option, labels, scheme) -> plain.render(reflowed(option), labels, scheme);
    }

    @Override
    public IParameterRenderer createDefaultParameterRenderer() {
        IParameterRenderer plain = super.createDefaultParameterRenderer();
        return (param, labels, scheme) -> plain.render(reflowed(param), labels, scheme);
    }

    /** A copy of the option for printing only, its description reflowed (the model is left alone). */
    private static OptionSpec reflowed(OptionSpec option) {
        return option.description().length < 2 ? option
                : option.toBuilder().description(reflow(option.description())).build();
    }

    private static PositionalParamSpec reflowed(PositionalParamSpec param) {
        return param.description().length < 2 ? param
                : param.toBuilder().description(reflow(param.description())).build();
    }
}
