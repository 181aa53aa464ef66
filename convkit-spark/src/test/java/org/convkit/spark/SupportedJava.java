package org.convkit.spark;

import org.junit.jupiter.api.Assumptions;

/**
 * Spark's tests run on Java 17 to 23 only: on 24 and later Hadoop 3.4's client cannot start
 * (Sessions.requireSupportedJava says why, and SessionsTest checks that it says so); the tests are
 * then reported as skipped with that reason, not passed.
 */
final class SupportedJava {
    private SupportedJava() {
    }

    static void assumeSparkRuns() {
        Assumptions.assumeTrue(Runtime.version().feature() < Sessions.FIRST_UNSUPPORTED_JAVA,
                "Spark 4.1's Hadoop client cannot run on Java " + Runtime.version().feature()
                        + " (Subject.getSubject removed by JEP 486)");
    }
}
