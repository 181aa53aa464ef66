/**
 * convkit on Apache Spark: the command {@code convkit-spark} ({@link org.convkit.spark.Main}) runs
 * the tiles of {@link org.convkit.tile} as Spark tasks ({@link org.convkit.spark.SparkTiles}) and
 * filters image collections one file per task ({@link org.convkit.spark.SparkFilter}), every path
 * through Hadoop's FileSystem API ({@code file:}, {@code hdfs:}, {@code s3a:} alike).
 *
 * <p>Outputs are written so that a retried or speculative task cannot corrupt or duplicate them:
 * each attempt writes its own hidden file and renames it to the result's name; the results are
 * deterministic, so whichever attempt's rename lands, the content is the same.
 */
package org.convkit.spark;
