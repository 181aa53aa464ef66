package org.convkit.fft;

/**
 * Transform sizes that {@link PanelFft} is fast at: 5-smooth ones, {@code 2^a 3^b 5^c}, whose
 * radices all have butterflies written out (7 goes through the general butterfly, p^2 work per p
 * cells, and larger primes through Bluestein's chirp-z, three transforms of twice the length). A
 * padded grid takes the smallest such size that holds it: these lie at most 25% above any n, and
 * at most 8% above n from 100 on, where the next power of two may be 100% above.
 */
public final class FftSizes {
    private FftSizes() {
    }

    /** The smallest 5-smooth size at least {@code n} (at least 1). */
    public static int fastSize(int n) {
        if (n > (1 << 30)) {
            throw new IllegalArgumentException("a transform of " + n + " cells is too large; the largest is 2^30");
        }
        for (int k = Math.max(1, n); ; k++) {
            if (isSmooth(k)) {
                return k;
            }
        }
    }

    /** Whether n has no prime factor above 5. */
    public static boolean isSmooth(int n) {
        if (n < 1) {
            return false;
        }
        for (int p : new int[] {2, 3, 5}) {
            while (n % p == 0) {
                n /= p;
            }
        }
        return n == 1;
    }
}
