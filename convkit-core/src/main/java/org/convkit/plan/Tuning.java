package org.convkit.plan;

import org.convkit.Algorithm;
import org.convkit.algo.Pass;
import org.convkit.runtime.Kernels;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the planner knows of the machine it runs on: per algorithm and pass, how much slower (or
 * faster) that algorithm runs here than its cost model says. Each model's constants were measured on
 * the development machine; a {@code Tuning} measured on another machine ({@link TuningMeasurement},
 * {@code convkit tune}) rescales them, so that a choice follows this machine's vector width, caches
 * and JIT (Winograd's transforms, for example, lose more than a GEMM does on 256-bit vectors).
 * Choosing stays a pure function of (problem, tuning): the same tuning gives the same choices.
 *
 * <p>{@link #active()} is the tuning the planner uses unless {@link org.convkit.ConvOptions#withTuning} says
 * otherwise: the one cached for this machine and JVM by an earlier measurement, or, without one, the
 * {@link #reference()} tuning (every scale 1). The system property {@code convkit.tuning} chooses:
 * {@code reference}, {@code cached} (the default) or the path of a tuning file. Immutable.
 */
public final class Tuning {
    private static final Tuning REFERENCE = new Tuning(new EnumMap<>(Algorithm.class), "reference (the cost models' "
            + "own constants, measured on the development machine)", null);

    private final Map<Algorithm, double[]> scales;
    private final String description;
    private final String key;

    private Tuning(Map<Algorithm, double[]> scales, String description, String key) {
        this.scales = scales;
        this.description = description;
        this.key = key;
    }

    /**
     * Every model as measured on the development machine: all scales 1.
     *
     * @return the reference tuning
     */
    public static Tuning reference() {
        return REFERENCE;
    }

    /** A tuning of these measured scales (per algorithm, indexed by {@link Pass#ordinal()}). */
    static Tuning of(Map<Algorithm, double[]> scales, String description) {
        Map<Algorithm, double[]> copy = new EnumMap<>(Algorithm.class);
        for (Map.Entry<Algorithm, double[]> e : scales.entrySet()) {
            double[] s = e.getValue().clone();
            for (double v : s) {
                if (!(v > 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("the scale of " + e.getKey().label() + " must be positive, not " + v);
                }
            }
            copy.put(e.getKey(), s);
        }
        return new Tuning(copy, description, machineKey());
    }

    /**
     * How much the model's estimate of {@code a} on {@code pass} is multiplied by on this machine.
     *
     * @param a the algorithm
     * @param pass the pass
     * @return the factor (1 for the reference)
     */
    public double scale(Algorithm a, Pass pass) {
        double[] s = scales.get(a);
        return s == null ? 1.0 : s[pass.ordinal()];
    }

    /**
     * Whether every scale is 1.
     *
     * @return true for the reference tuning
     */
    public boolean isReference() {
        return scales.isEmpty();
    }

    /**
     * One line for explain(): where the tuning comes from.
     *
     * @return the text
     */
    public String describe() {
        return description;
    }

    private static final Tuning ACTIVE = load();

    /**
     * The planner's default: see the class comment.
     *
     * @return the cached tuning for this machine and JVM, or the reference
     */
    public static Tuning active() {
        return ACTIVE;
    }

    /**
     * Where a measured tuning for this machine and JVM is kept ({@code convkit tune} writes it).
     *
     * @return the file's path (it may not exist)
     */
    public static Path cacheFile() {
        String home = System.getProperty("user.home", ".");
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path dir = xdg != null && !xdg.isEmpty() ? Path.of(xdg, "convkit") : Path.of(home, ".cache", "convkit");
        return dir.resolve("tuning.properties");
    }

    /**
     * What a tuning was measured on: the processor, its cores, the JVM and the kernels in use. A
     * cached tuning is used only where this is the same.
     */
    static String machineKey() {
        String cpu = System.getProperty("os.arch");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture stands for the processor
        }
        return cpu + "; " + Runtime.getRuntime().availableProcessors() + " cores; Java "
                + System.getProperty("java.vm.version") + "; " + Kernels.describe() + "; " + build();
    }

    /**
     * Which build of the library: the algorithms' speed changes with their code, so a tuning is kept
     * only for the jar it measured (its size and time), or for any build run from class directories.
     */
    private static String build() {
        try {
            java.security.CodeSource src = Tuning.class.getProtectionDomain().getCodeSource();
            Path p = src == null ? null : Path.of(src.getLocation().toURI());
            if (p != null && Files.isRegularFile(p)) {
                return "build " + Files.size(p) + "-" + Files.getLastModifiedTime(p).toMillis();
            }
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            // unknown location: any build
        }
        return "build from classes";
    }

    private static Tuning load() {
        String how = System.getProperty("convkit.tuning", "cached");
        if (how.equals("reference")) {
            return REFERENCE;
        }
        Path file = how.equals("cached") ? cacheFile() : Path.of(how);
        if (!Files.isRegularFile(file)) {
            if (!how.equals("cached")) {
                throw new IllegalStateException("-Dconvkit.tuning=" + how + ": no such file (use reference, cached "
                        + "or the path of a file that 'convkit tune' wrote)");
            }
            return REFERENCE;
        }
        try {
            Tuning t = read(file);
            if (!t.key.equals(machineKey())) {
                // quietly: every rebuild makes the cache stale, and explain() and 'convkit tune --show' say so
                System.getLogger("org.convkit").log(System.Logger.Level.DEBUG, "convkit: the tuning in " + file
                        + " was measured on another machine or JVM (" + t.key + "); using the reference tuning. Run "
                        + "'convkit tune' to measure this one.");
                return REFERENCE;
            }
            return t;
        } catch (IOException | RuntimeException e) {
            System.getLogger("org.convkit").log(System.Logger.Level.WARNING, "convkit: cannot read the tuning in "
                    + file + " (" + e.getMessage() + "); using the reference tuning. 'convkit tune' writes it again.");
            return REFERENCE;
        }
    }

    /**
     * Reads a tuning file written by {@link #write}.
     *
     * @param file the file
     * @return the tuning
     * @throws IOException if it cannot be read or is not a tuning file
     */
    public static Tuning read(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        Map<Algorithm, double[]> scales = new EnumMap<>(Algorithm.class);
        for (String name : p.stringPropertyNames()) {
            if (!name.startsWith("scale.")) {
                continue;
            }
            String[] parts = name.split("\\.");
            if (parts.length != 3) {
                throw new IOException("bad key " + name);
            }
            Algorithm a = Algorithm.parse(parts[1]);
            Pass pass = Pass.valueOf(parts[2].toUpperCase(Locale.ROOT));
            scales.computeIfAbsent(a, k -> new double[] {1, 1, 1})[pass.ordinal()] = Double.parseDouble(p.getProperty(name));
        }
        String key = p.getProperty("machine");
        if (key == null) {
            throw new IOException("no 'machine' line");
        }
        Tuning t = of(scales, "measured " + p.getProperty("measured", "") + " (" + file + ")");
        return new Tuning(t.scales, t.description, key);
    }

    /**
     * Writes this tuning to {@code file}, whole or not at all (a temporary file renamed into place).
     *
     * @param file the file
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("machine", key == null ? machineKey() : key);
        p.setProperty("measured", java.time.LocalDate.now().toString());
        for (Map.Entry<Algorithm, double[]> e : scales.entrySet()) {
            for (Pass pass : Pass.values()) {
                p.setProperty("scale." + e.getKey().label() + "." + pass.name().toLowerCase(Locale.ROOT),
                        Double.toString(e.getValue()[pass.ordinal()]));
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "tuning", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "convkit tuning: how much slower than its cost model each algorithm runs on this machine");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The scales, one line per algorithm, for people. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("tuning: " + description);
        for (Map.Entry<Algorithm, double[]> e : scales.entrySet()) {
            s.append(String.format(Locale.ROOT, "%n  %-10s gather x%.2f, scatter x%.2f, weight gradient x%.2f",
                    e.getKey().label(), e.getValue()[0], e.getValue()[1], e.getValue()[2]));
        }
        return s.toString();
    }
}
