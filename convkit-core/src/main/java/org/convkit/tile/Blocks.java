package org.convkit.tile;

import java.io.IOException;

import org.convkit.tensor.Tensor;

/**
 * Copies between a batched {@code (N, C, spatial...)} array and spatial blocks of it, one row (the
 * last dimension) at a time; batch entries and channels are always whole.
 */
final class Blocks {
    private Blocks() {
    }

    /** The spatial block {@code [start, start + size)} of {@code t}, every batch entry and channel. */
    static Tensor slice(Tensor t, int[] start, int[] size) {
        int[] shape = t.shape();
        int[] whole = Window.padded(java.util.Arrays.copyOfRange(shape, 2, shape.length));
        int[] s3 = Window.padded(size);
        int[] o3 = offset3(start);
        int planes = shape[0] * shape[1];
        int[] outShape = shape.clone();
        System.arraycopy(size, 0, outShape, 2, size.length);
        float[] out = new float[Math.toIntExact(Tensor.numel(outShape))];
        float[] in = t.data();
        int at = 0;
        for (int p = 0; p < planes; p++) {
            for (int a = 0; a < s3[0]; a++) {
                for (int b = 0; b < s3[1]; b++) {
                    int from = ((p * whole[0] + o3[0] + a) * whole[1] + o3[1] + b) * whole[2] + o3[2];
                    System.arraycopy(in, from, out, at, s3[2]);
                    at += s3[2];
                }
            }
        }
        return Tensor.of(out, outShape);
    }

    /**
     * Adds {@code z} into {@code out} (spatial extent {@code outSpatial}, same planes), its cell at
     * position {@code i} of dimension {@code d} landing on {@code dest[d][i]}.
     */
    static void addMapped(float[] out, int[] outSpatial, Tensor z, int[][] dest) {
        int[] zShape = z.shape();
        int[] o3 = Window.padded(outSpatial);
        int[] z3 = Window.padded(java.util.Arrays.copyOfRange(zShape, 2, zShape.length));
        int[][] m3 = Window.padded(dest);
        float[] zd = z.data();
        int planes = zShape[0] * zShape[1];
        int at = 0;
        for (int p = 0; p < planes; p++) {
            for (int a = 0; a < z3[0]; a++) {
                for (int b = 0; b < z3[1]; b++) {
                    int row = ((p * o3[0] + m3[0][a]) * o3[1] + m3[1][b]) * o3[2];
                    for (int c = 0; c < z3[2]; c++) {
                        out[row + m3[2][c]] += zd[at++];
                    }
                }
            }
        }
    }

    /** Writes a tile's output {@code (N, C, box size...)} at its box of the whole array. */
    static void write(Tensor tile, Box box, int[] wholeSpatial, CellSink sink) throws IOException {
        int[] shape = tile.shape();
        int[] w3 = Window.padded(wholeSpatial);
        int[] s3 = Window.padded(box.size());
        int[] o3 = offset3(box.start());
        long planeVolume = (long) w3[0] * w3[1] * w3[2];
        float[] data = tile.data();
        int at = 0;
        for (int p = 0; p < shape[0] * shape[1]; p++) {
            for (int a = 0; a < s3[0]; a++) {
                for (int b = 0; b < s3[1]; b++) {
                    long to = p * planeVolume + ((long) (o3[0] + a) * w3[1] + o3[1] + b) * w3[2] + o3[2];
                    sink.write(to, data, at, s3[2]);
                    at += s3[2];
                }
            }
        }
    }

    private static int[] offset3(int[] start) {
        int[] o = new int[3];
        System.arraycopy(start, 0, o, 3 - start.length, start.length);
        return o;
    }
}
