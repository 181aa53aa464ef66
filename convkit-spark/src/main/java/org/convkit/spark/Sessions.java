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

    static SparkSession open(String app, String master, boolean ui) {
        SparkSession.Builder b = SparkSession.builder().appName(app).master(withRetries(master))
                .config("spark.ui.enabled", Boolean.toString(ui))
                .config("spark.task.maxFailures", "4");
        if (master.toLowerCase(Locale.ROOT).startsWith("local")) {
            b = b.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1");
        }
        return b.getOrCreate();
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
