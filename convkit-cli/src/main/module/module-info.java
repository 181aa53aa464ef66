/**
 * The {@code convkit} command (picocli), the tour and the explorer's HTTP server. An application,
 * not an API: it exports nothing, and opens its commands to picocli, which fills their options by
 * reflection.
 */
module org.convkit.cli {
    requires org.convkit.core;
    requires org.convkit.image;
    requires org.convkit.viz;
    requires info.picocli;
    requires jdk.httpserver;

    opens org.convkit.cli to info.picocli;
}
