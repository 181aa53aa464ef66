package org.convkit.spark;

import java.util.Locale;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark session a command runs in. On {@code local[...]} the driver binds to the loopback
 * interface only (nothing listens on the network); on a cluster the cluster's settings apply. The
 * web UI is off unless asked for: a batch command has no one to watch it.
 */
final class Sessions {
    private Sessions() {
    }

    /** The first Java release whose removal of Subject.getSubject (JEP 486) breaks Hadoop 3.4's client. */
    static final int FIRST_UNSUPPORTED_JAVA = 24;

    static SparkSession open(String app, String master, boolean ui) {
        requireSupportedJava();
        // spark-submit passes its --master as spark.master; ours, when given, wins
        String chosen = master != null ? master : System.getProperty("spark.master", "local[*]");
        SparkSession.Builder b = SparkSession.builder().appName(app).master(withRetries(chosen))
                .config("spark.ui.enabled", Boolean.toString(ui))
                .config("spark.task.maxFailures", "4");
        if (chosen.toLowerCase(Locale.ROOT).startsWith("local")) {
            b = b.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1");
        }
        SparkSession session = b.getOrCreate();
        // the command prints its own result line; Spark's INFO log would bury it
        session.sparkContext().setLogLevel("WARN");
        return session;
    }

    /**
     * Spark 4.1.1 ships Hadoop 3.4's client, whose UserGroupInformation calls Subject.getSubject:
     * Java 24 removed it (JEP 486, no flag brings it back), so every file system call fails there.
     * Said once, clearly, instead of Hadoop's "getSubject is not supported" from deep inside.
     */
    static void requireSupportedJava() {
        int feature = Runtime.version().feature();
        if (feature >= FIRST_UNSUPPORTED_JAVA) {
            throw new IllegalStateException("convkit-spark runs on Java 17 to 23, not " + feature + ": Spark 4.1's "
                    + "Hadoop client calls Subject.getSubject, which Java 24 removed (JEP 486); set JAVA_HOME to a "
                    + "Java 17 to 23");
        }
    }

    /**
     * Local mode ignores spark.task.maxFailures and tries each task once unless the master says
     * {@code local[N,F]}; a failed task is retried on a cluster (4 attempts), so it is here too.
     */
    static String withRetries(String master) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)\\]").matcher(master.trim());
        return m.matches() ? "local[" + m.group(1) + ",4]" : master;
    }
}
