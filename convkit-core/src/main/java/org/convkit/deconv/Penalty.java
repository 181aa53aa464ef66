package org.convkit.deconv;

import java.util.Locale;

/** The operator L of a Tikhonov penalty {@code lambda ||L x||^2}. */
public enum Penalty {
    /** L = I: penalizes energy at every frequency alike; with lambda = NSR this is the Wiener filter. */
    IDENTITY,
    /**
     * L = the discrete Laplacian: penalizes roughness, so low frequencies (where a blur keeps the
     * signal) pass untouched and only the noisy high ones are damped; scikit-image's {@code wiener}
     * uses the same operator by default.
     */
    LAPLACIAN;

    /**
     * Parses {@code identity|laplacian}.
     *
     * @param s the name, in any case
     * @return the penalty
     * @throws IllegalArgumentException if it is neither
     */
    public static Penalty parse(String s) {
        for (Penalty p : values()) {
            if (p.toString().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("penalty '" + s + "' is not one of identity, laplacian");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
