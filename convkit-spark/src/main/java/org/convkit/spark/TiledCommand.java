package org.convkit.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.convkit.cli.EngineOptions;
import org.convkit.cli.LayerOptions;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Ints;
import org.convkit.tensor.Tensor;
import org.convkit.tile.TileSize;
import org.convkit.tile.TiledOperation;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code convkit-spark conv|convt}: the CLI's options (its very option classes), with paths through
 * Hadoop's FileSystem and {@code --master}. The job carries the command line itself to the
 * executors, which parse it again: the operation there is made from exactly what the user typed.
 */
abstract class TiledCommand implements Callable<Integer> {
    /** Bytes one task's tiles may use when --tile is auto: a quarter of Spark's default executor memory. */
    static final long TASK_BUDGET = 256L << 20;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N], spark://host:port, yarn (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X.npy",
            description = "Input, (N, C_in, spatial...) or (C_in, spatial...): a file:, hdfs: or s3a: path.")
    String input;

    @Option(names = {"-w", "--weight"}, required = true, paramLabel = "W.npy",
            description = "Weight; its rank sets 1-D, 2-D or 3-D.")
    String weight;

    @Option(names = "--bias", paramLabel = "B.npy", description = "Bias, one value per output channel.")
    String bias;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Y.npy",
            description = "Where to write the result (float32), published when every tile is in.")
    String output;

    @Option(names = "--tile", paramLabel = "SIZE", defaultValue = "auto",
            description = "Output cells per tile per side (one value or one per dimension), or auto (default: the "
                    + "largest power of two whose tile fits in 256 MiB). One Spark task per group of tiles.")
    String tile;

    @Option(names = "--flip", description = "True convolution: the kernel reversed in every spatial dimension.")
    boolean flip;

    @Option(names = "--ui", description = "Keep Spark's web UI on (default off).")
    boolean ui;

    @Mixin
    LayerOptions layer;

    @Mixin
    EngineOptions engine;

    @Spec
    CommandSpec spec;

    /** The name of the subcommand, as the job line says it. */
    abstract String label();

    /** The spec these options describe. */
    ConvSpec convSpec() {
        return layer.spec().withFlip(flip);
    }

    /** One library thread per task unless --threads says otherwise: Spark's cores are the parallelism. */
    org.convkit.ConvOptions taskOptions() {
        org.convkit.ConvOptions o = engine.toOptions();
        return spec.commandLine().getParseResult().hasMatchedOption("--threads") ? o : o.withThreads(1);
    }

    /** The tiled operation for this input and these weights. */
    abstract TiledOperation operation(int[] inputShape, Tensor w, Tensor b);

    /** The output shape as written. */
    abstract int[] outputShape(int[] inputShape, Tensor w);

    @Override
    public Integer call() throws IOException {
        // the options after the subcommand's name: what the executors parse again
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        String[] args = all.subList(all.indexOf(label()) + 1, all.size()).toArray(new String[0]);
        Job job = new Job(label(), args, input, output);
        PrintWriter out = spec.commandLine().getOut();
        try (SparkSession spark = Sessions.open("convkit-spark " + label(), master, ui)) {
            SparkTiles.Result r = SparkTiles.run(spark, job, TaskFault.NONE);
            out.println(label() + " " + input + " -> " + output + ": " + r.tiles() + " tiles in " + r.tasks()
                    + " Spark tasks on " + spark.sparkContext().master() + ", "
                    + String.format(Locale.ROOT, "%.1f MB/s (%.2f s)", r.megabytesPerSecond(), r.seconds()));
        }
        return 0;
    }

    /**
     * The job: the command line, parsed again wherever the operation is needed.
     *
     * @param label the subcommand, conv or convt
     * @param args its options, as typed
     * @param input the input file
     * @param output the output file
     */
    record Job(String label, String[] args, String input, String output) implements TiledJob {
        private TiledCommand parsed() {
            TiledCommand c = label.equals("conv") ? new ConvOnSpark() : new ConvTransposeOnSpark();
            new CommandLine(c).parseArgs(args);
            return c;
        }

        @Override
        public int[] tileSize(TiledOperation op) {
            return parsed().tileSize(op);
        }

        @Override
        public TiledOperation operation(int[] inputShape, Configuration conf) throws IOException {
            TiledCommand c = parsed();
            Tensor w = HadoopFiles.readSmall(c.weight, conf);
            Tensor b = HadoopFiles.readSmall(c.bias, conf);
            return c.operation(inputShape, w, b);
        }

        @Override
        public int[] outputShape(int[] inputShape, Configuration conf) throws IOException {
            TiledCommand c = parsed();
            return c.outputShape(inputShape, HadoopFiles.readSmall(c.weight, conf));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Job j && j.label.equals(label) && Arrays.equals(j.args, args);
        }

        @Override
        public int hashCode() {
            return label.hashCode() * 31 + Arrays.hashCode(args);
        }

        @Override
        public String toString() {
            return label + " " + String.join(" ", args);
        }
    }

    /** The tile size given, or (for auto, from the operation) the largest that fits a task's budget. */
    int[] tileSize(TiledOperation op) {
        if (!tile.equals("auto")) {
            return Ints.parseList("tile size", tile);
        }
        return TileSize.auto(op, TASK_BUDGET, 1);
    }
}
