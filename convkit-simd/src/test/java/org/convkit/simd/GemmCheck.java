package org.convkit.simd;

/** Compares two results of a {@link GemmProblem}; returns null when they agree, else what differs. */
final class GemmCheck {
    private GemmCheck() {
    }

    /**
     * Inside the m x n window: within the problem's budget (non-finite values must match exactly,
     * NaN with NaN). Outside it: the initial array, bit for bit, since a multiply must not write there.
     */
    static String withinBudget(GemmProblem p, float[] expected, float[] got) {
        for (int i = 0; i < p.m; i++) {
            for (int j = 0; j < p.n; j++) {
                int e = p.cIndex(i, j);
                float x = expected[e];
                float y = got[e];
                boolean ok = Float.isFinite(x) ? Math.abs((double) y - x) <= p.budget(i, j)
                        : Float.compare(x, y) == 0;
                if (!ok) {
                    return p + ": C(" + i + "," + j + ") = " + y + ", expected " + x + " within " + p.budget(i, j);
                }
            }
        }
        return outsideUntouched(p, got);
    }

    /** Bitwise equal everywhere (NaNs compare equal whatever their payload). */
    static String bitwise(GemmProblem p, float[] expected, float[] got) {
        for (int e = 0; e < got.length; e++) {
            if (Float.floatToIntBits(expected[e]) != Float.floatToIntBits(got[e])) {
                int rel = e - p.cOff;
                return p + ": element " + e + " (C(" + Math.floorDiv(rel, p.ldc) + "," + Math.floorMod(rel, p.ldc)
                        + ")) = " + got[e] + ", expected bitwise " + expected[e];
            }
        }
        return null;
    }

    private static String outsideUntouched(GemmProblem p, float[] got) {
        for (int e = 0; e < got.length; e++) {
            if (!p.insideC(e) && Float.floatToRawIntBits(got[e]) != Float.floatToRawIntBits(p.c0[e])) {
                return p + ": wrote element " + e + " outside C";
            }
        }
        return null;
    }
}
