package org.convkit.spark;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.convkit.io.Npy;
import org.convkit.io.NpyFile;
import org.convkit.tensor.Tensor;
import org.convkit.tile.Tile;
import org.convkit.tile.TiledOperation;

/**
 * A tiled operation as a Spark job: one task per group of tiles. Each task reads its tiles'
 * windows from the input {@code .npy} by positional reads, computes them with convkit, and writes
 * each tile's output as its own part file, once (see {@link HadoopFiles#writeOnce}); the driver
 * then streams the parts into the output {@code .npy}, row by row, and publishes it by a rename.
 * The result is the single-machine one: the same tiles, the same algorithm, the same bits.
 */
public final class SparkTiles {
    /** Operations already built in this JVM, by job: an executor runs many tasks of one job. */
    private static final Map<String, TiledOperation> BUILT = new ConcurrentHashMap<>();

    private SparkTiles() {
    }

    /**
     * What a run did.
     *
     * @param tiles the tiles computed
     * @param tasks the Spark tasks they ran in
     * @param seconds the wall time, the assembly included
     * @param bytes the input and output bytes
     */
    public record Result(int tiles, int tasks, double seconds, long bytes) {
        /**
         * The data rate.
         *
         * @return megabytes (10^6) per second
         */
        public double megabytesPerSecond() {
            return bytes / 1e6 / Math.max(seconds, 1e-9);
        }
    }

    /**
     * Runs a job.
     *
     * @param spark the session
     * @param job the operation and its files
     * @param fault a failure to inject (tests), or {@link TaskFault#NONE}
     * @return what it did
     * @throws IOException if a file cannot be read or written (the output is then untouched)
     */
    public static Result run(SparkSession spark, TiledJob job, TaskFault fault) throws IOException {
        long start = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        int[] inputShape;
        try (NpyFile in = HadoopFiles.openNpy(job.input(), conf)) {
            inputShape = in.shape();
        }
        TiledOperation op = job.operation(inputShape, conf);
        int[] outputShape = job.outputShape(inputShape, conf);
        List<Tile> tiles = op.tiles(job.tileSize(op));
        Path out = new Path(job.output());
        FileSystem fs = out.getFileSystem(conf);
        String runId = UUID.randomUUID().toString();
        Path parts = new Path(out.getParent(), "." + out.getName() + ".parts-" + runId);
        fs.mkdirs(parts);
        try {
            int tasks = Math.min(tiles.size(), Math.max(1, jsc.defaultParallelism() * 4));
            Map<String, String> settings = settings(conf);
            String partsDir = parts.toString();
            jsc.parallelize(IntStream.range(0, tiles.size()).boxed().toList(), tasks).foreachPartition(indices -> {
                Configuration c = configuration(settings);
                TiledOperation taskOp = BUILT.computeIfAbsent(runId, id -> build(job, inputShape, c));
                List<Tile> taskTiles = taskOp.tiles(job.tileSize(taskOp));
                try (NpyFile in = HadoopFiles.openNpy(job.input(), c)) {
                    while (indices.hasNext()) {
                        int i = indices.next();
                        fault.before(i, TaskContext.get().attemptNumber());
                        Tile t = taskTiles.get(i);
                        Tensor window = t.input().read(in::read, taskOp.batch(), taskOp.inChannels(),
                                taskOp.inputSpatial());
                        Tensor result = taskOp.compute(t, window);
                        HadoopFiles.writeOnce(part(partsDir, i), c, o -> writeFloats(o, result.data()));
                    }
                }
            });
            assemble(fs, parts, tiles, op, outputShape, out);
            long bytes = 4L * (Tensor.numel(inputShape) + Tensor.numel(outputShape));
            return new Result(tiles.size(), tasks, (System.nanoTime() - start) / 1e9, bytes);
        } finally {
            fs.delete(parts, true);
        }
    }

    private static TiledOperation build(TiledJob job, int[] inputShape, Configuration conf) {
        try {
            return job.operation(inputShape, conf);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String part(String dir, int tile) {
        return dir + "/tile-" + tile;
    }

    /** The Hadoop settings as a plain map, which serializes (a Configuration does not). */
    private static Map<String, String> settings(Configuration conf) {
        Map<String, String> m = new HashMap<>();
        conf.forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static Configuration configuration(Map<String, String> settings) {
        Configuration c = new Configuration(false);
        settings.forEach(c::set);
        return c;
    }

    private static void writeFloats(OutputStream out, float[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        DataOutputStream d = new DataOutputStream(out);
        for (float v : data) {
            if (!b.hasRemaining()) {
                d.write(b.array(), 0, b.position());
                b.clear();
            }
            b.putFloat(v);
        }
        d.write(b.array(), 0, b.position());
        d.flush();
    }

    /**
     * Streams the parts into the output file, plane by plane and, within a plane, slab by slab (the
     * tiles that share their first spatial range), so the driver holds one slab of one plane.
     */
    private static void assemble(FileSystem fs, Path parts, List<Tile> tiles, TiledOperation op, int[] outputShape,
                                 Path out) throws IOException {
        Path temp = new Path(out.getParent(), "." + out.getName() + "." + UUID.randomUUID() + ".tmp");
        int[] extent = op.outputSpatial();
        int dims = extent.length;
        int planes = op.batch() * op.outChannels();
        List<List<Tile>> slabs = slabs(tiles, dims);
        try (OutputStream os = fs.create(temp, false)) {
            os.write(Npy.float32Header(outputShape));
            float[] row = new float[extent[dims - 1]];
            ByteBuffer bytes = ByteBuffer.allocate(4 * row.length).order(ByteOrder.LITTLE_ENDIAN);
            for (int p = 0; p < planes; p++) {
                for (List<Tile> slab : slabs) {
                    float[][] blocks = new float[slab.size()][];
                    for (int j = 0; j < slab.size(); j++) {
                        blocks[j] = readPlane(fs, parts, slab.get(j), p);
                    }
                    for (int[] coordinate : rows(slab.get(0), extent)) {
                        for (int j = 0; j < slab.size(); j++) {
                            Tile t = slab.get(j);
                            int local = localRow(t, coordinate);
                            if (local >= 0) {
                                int w = t.output().size()[dims - 1];
                                System.arraycopy(blocks[j], local * w, row, t.output().start()[dims - 1], w);
                            }
                        }
                        bytes.clear();
                        bytes.asFloatBuffer().put(row);
                        os.write(bytes.array());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            fs.delete(temp, false);
            throw e;
        }
        HadoopFiles.publish(fs, temp, out);
    }

    /** Tiles grouped by their first spatial range (all of them for 1-D), in row-major order. */
    private static List<List<Tile>> slabs(List<Tile> tiles, int dims) {
        List<List<Tile>> slabs = new ArrayList<>();
        for (Tile t : tiles) {
            if (dims > 1 && !slabs.isEmpty()
                    && slabs.get(slabs.size() - 1).get(0).output().start()[0] == t.output().start()[0]) {
                slabs.get(slabs.size() - 1).add(t);
            } else if (dims == 1 && !slabs.isEmpty()) {
                slabs.get(0).add(t);
            } else {
                slabs.add(new ArrayList<>(List.of(t)));
            }
        }
        for (List<Tile> s : slabs) {
            s.sort(Comparator.comparingInt((Tile t) -> t.output().start()[dims - 1]));
        }
        return slabs;
    }

    /** The output rows a slab covers: its first-dimension range, the whole extent in the others but the last. */
    private static List<int[]> rows(Tile first, int[] extent) {
        int dims = extent.length;
        List<int[]> rows = new ArrayList<>();
        if (dims == 1) {
            rows.add(new int[0]);
            return rows;
        }
        int start = first.output().start()[0];
        int size = first.output().size()[0];
        int middle = dims == 3 ? extent[1] : 1;
        for (int a = start; a < start + size; a++) {
            for (int b = 0; b < middle; b++) {
                rows.add(dims == 3 ? new int[] {a, b} : new int[] {a});
            }
        }
        return rows;
    }

    /** Which row of the tile's block holds this output row, or -1 if the tile does not cover it. */
    private static int localRow(Tile t, int[] coordinate) {
        int[] s = t.output().start();
        int[] z = t.output().size();
        int local = 0;
        for (int d = 0; d < coordinate.length; d++) {
            int c = coordinate[d] - s[d];
            if (c < 0 || c >= z[d]) {
                return -1;
            }
            local = local * z[d] + c;
        }
        return local;
    }

    private static float[] readPlane(FileSystem fs, Path parts, Tile t, int plane) throws IOException {
        int volume = Math.toIntExact(t.output().volume());
        byte[] b = new byte[4 * volume];
        try (FSDataInputStream in = fs.open(new Path(part(parts.toString(), t.index())))) {
            in.readFully(4L * volume * plane, b, 0, b.length);
        }
        float[] f = new float[volume];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }
}
