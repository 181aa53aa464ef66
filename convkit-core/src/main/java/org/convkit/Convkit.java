package org.convkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.convkit.runtime.Kernels;
import org.convkit.runtime.Scratch;

/**
 * What this copy of convkit is and how it runs: its version, the Java it runs on, and whether the
 * Vector API kernels are on (and, when they are not, why and how to turn them on). {@code convkit
 * --version} prints the same {@link Status}. Also the one library-wide resource a user may manage:
 * the pool of workspaces kept between calls ({@link #releaseWorkspaces()}).
 *
 * <pre>{@code
 * System.out.println(Convkit.status());
 * // convkit 0.1.0
 * // Java 17.0.15
 * // vector kernels: on (Vector API, 256-bit float lanes x8 (sgemm ...))
 * }</pre>
 */
public final class Convkit {
    private static final String VERSION = readVersion();

    private Convkit() {
    }

    /**
     * This library's version, as built (Maven's project version).
     *
     * @return the version, for example {@code 0.1.0}
     */
    public static String version() {
        return VERSION;
    }

    /**
     * The version, the Java version and the state of the vector kernels. The kernels are chosen
     * once, at the first use of any operation (or of this method), and stay for the JVM's life.
     *
     * @return the status; its {@code toString()} is three lines for people
     */
    public static Status status() {
        return new Status(VERSION, Runtime.version().toString(), Kernels.vectorized(), Kernels.describe());
    }

    /**
     * Lets go of the workspaces kept between calls. The operations keep their larger workspaces in a
     * pool of at most 16 MiB, so that a layer called in a loop does not pay for fresh zeroed memory
     * each time; a program done with convolutions can hand that memory back to the collector.
     * Later calls fill the pool again.
     */
    public static void releaseWorkspaces() {
        Scratch.clear();
    }

    /**
     * The state of this copy of convkit.
     *
     * @param version convkit's version
     * @param javaVersion the running JVM's version ({@link Runtime#version()})
     * @param vectorKernels whether the Vector API kernels of module {@code org.convkit.simd} are in
     *     use; without them convkit runs scalar twins, several times slower, with the same results
     *     within each algorithm's stated error budget
     * @param kernels which kernels run and why: when they are scalar, the reason and the fix (on the
     *     class path, {@code --add-modules jdk.incubator.vector}; on the module path the vector
     *     kernels need no flag)
     */
    public record Status(String version, String javaVersion, boolean vectorKernels, String kernels) {
        /**
         * Three lines: {@code convkit VERSION}, {@code Java VERSION}, {@code vector kernels: on|off (...)}.
         *
         * @return the status for people
         */
        @Override
        public String toString() {
            return "convkit " + version + "\nJava " + javaVersion + "\nvector kernels: "
                    + (vectorKernels ? "on" : "off") + " (" + kernels + ")";
        }
    }

    private static String readVersion() {
        try (InputStream in = Convkit.class.getResourceAsStream("convkit.properties")) {
            if (in == null) {
                throw new IllegalStateException("convkit.properties is missing from org.convkit: a broken build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
