package org.convkit.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;


/** The words and numbers under each frame, shared by every rendering of a {@link Scene}. */
final class Captions {
    private Captions() {
    }

    /** The frame's first caption line: which map and cell, its value, and where in the film. */
    static String headline(Animation anim, Frame f, Stage s) {
        String what;
        switch (s.operation()) {
            case MAX_POOL:
            case AVG_POOL:
                what = "channel " + f.map();
                break;
            case DEPTHWISE_SEPARABLE:
                what = (s.groups() > 1 ? "depthwise, channel " : "pointwise, filter ") + f.map();
                break;
            default:
                what = "filter " + f.map();
                break;
        }
        return what + ", output cell " + position(f.position()) + " = " + number(f.value()) + "   (frame "
                + (f.index() + 1) + " of " + anim.outputFrames() + ")";
    }

    /** The frame's arithmetic: the products summed, the max taken or the average divided. */
    static String expression(Frame f, Stage s) {
        List<Tap> real = new ArrayList<>();
        for (Tap t : f.taps()) {
            // an input cell, or a padding cell that copies one (reflect, replicate, circular)
            if (s.canvas().copiedFrom(t.cell()) != null) {
                real.add(t);
            }
        }
        // a ceil-mode window's cells past the input are not read at all, not even as padding
        int beyond = (int) f.taps().stream().filter(t -> t.kind() == CellKind.BEYOND).count();
        String past = beyond == 0 ? "" : " (" + beyond + " cell" + (beyond == 1 ? "" : "s") + " past the input, unread)";
        int others = f.taps().size() - real.size() - beyond;
        String rest = others == 0 ? "" : " (+ " + others + " padding/zero cell" + (others == 1 ? "" : "s") + ")";
        StringBuilder sb = new StringBuilder();
        switch (s.operation()) {
            case MAX_POOL:
                sb.append("max(");
                for (int k = 0; k < real.size(); k++) {
                    sb.append(k > 0 ? ", " : "").append(number(real.get(k).input()));
                }
                return sb.append(")").append(others == 0 ? "" : " (padding never wins)").append(past).append(" = ")
                        .append(number(f.value())).toString();
            case AVG_POOL:
                sb.append("(");
                for (int k = 0; k < real.size(); k++) {
                    sb.append(k > 0 ? " + " : "").append(number(real.get(k).input()));
                }
                for (int k = 0; k < others; k++) {
                    sb.append(" + 0");
                }
                return sb.append(") / ").append(f.divisor()).append(past).append(" = ").append(number(f.value()))
                        .toString();
            default:
                if (real.size() > 16) {
                    return "sum of " + real.size() + " products input x weight over " + channelsOf(f) + " channel" + (channelsOf(f) == 1 ? "" : "s")
                            + rest + " = " + number(f.value());
                }
                for (int k = 0; k < real.size(); k++) {
                    Tap t = real.get(k);
                    sb.append(k > 0 ? " + " : "").append(paren(t.input())).append('*').append(paren(t.weight()));
                }
                if (real.isEmpty()) {
                    sb.append("0");
                }
                return sb.append(rest).append(" = ").append(number(f.value())).toString();
        }
    }

    static int channelsOf(Frame f) {
        return (int) f.taps().stream().mapToInt(Tap::channel).distinct().count();
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String paren(double w) {
        return w < 0 ? "(" + number(w) + ")" : number(w);
    }

    static String position(int[] p) {
        StringBuilder sb = new StringBuilder("(");
        for (int a = 0; a < p.length; a++) {
            sb.append(a > 0 ? ", " : "").append(p[a]);
        }
        return sb.append(')').toString();
    }
}
