package org.convkit.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.convkit.Conv;
import org.convkit.ConvOptions;
import org.convkit.deconv.DeconvSettings;
import org.convkit.deconv.Wiener;
import org.convkit.io.Npy;
import org.convkit.io.NpyFile;
import org.convkit.spec.ConvSpec;
import org.convkit.spec.Padding;
import org.convkit.spec.PaddingMode;
import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiles from one .npy file to another: the same bits as in memory, and nothing published on failure. */
class NpyTilesTest {
    @TempDir
    Path dir;

    private final ConvSpec spec = ConvSpec.defaults().withStride(2).withPadding(Padding.same())
            .withPaddingMode(PaddingMode.CIRCULAR);

    @Test
    void streamedConvolutionIsTheInMemoryOne() throws Exception {
        Tensor x = Tensor.uniform(1, -1, 1, 3, 45, 38);
        Tensor w = Tensor.uniform(2, -1, 1, 4, 3, 3, 3);
        Npy.write(dir.resolve("x.npy"), x);
        ConvTiles op = new ConvTiles(x.shape(), w, null, spec, ConvOptions.defaults());
        int[] shape = Conv.outputShape(x.shape(), w.shape(), spec);
        NpyTiles.run(op, op.tiles(8, 5), dir.resolve("x.npy"), dir.resolve("y.npy"), shape, 2, TileListener.NONE);
        Tensor y = Npy.read(dir.resolve("y.npy"));
        assertThat(y.shape()).isEqualTo(shape);
        assertThat(y.data()).isEqualTo(Conv.forward(x, w, null, spec).data());
        assertThat(onlyFiles()).containsExactlyInAnyOrder("x.npy", "y.npy");
    }

    @Test
    void streamedDeconvolutionIsTheInMemoryTiling() throws Exception {
        Tensor y = Tensor.uniform(3, 0, 1, 2, 40, 56);
        Tensor psf = Tensor.full(1f / 9, 3, 3);
        Npy.write(dir.resolve("y.npy"), y);
        DeconvSettings s = DeconvSettings.defaults().withRegularization(1e-2);
        BlendedDeconvolution tiling = new BlendedDeconvolution(2, new int[] {40, 56}, new int[] {16},
                new int[] {6}, new int[] {3}, win -> Wiener.deconvolve(win, psf, s).estimate());
        NpyTiles.run(tiling, dir.resolve("y.npy"), dir.resolve("x.npy"), 2, TileListener.NONE);
        assertThat(Npy.read(dir.resolve("x.npy")).data()).isEqualTo(tiling.apply(y, 1).data());
    }

    @Test
    void aFailedRunPublishesNothingAndLeavesNoTemporaryFile() throws Exception {
        Tensor x = Tensor.uniform(1, -1, 1, 1, 3, 64, 64);
        Tensor w = Tensor.uniform(2, -1, 1, 2, 3, 3, 3);
        Npy.write(dir.resolve("x.npy"), x);
        Files.writeString(dir.resolve("y.npy"), "the previous result");
        ConvTiles op = new ConvTiles(x.shape(), w, null, spec, ConvOptions.defaults());
        TileListener interrupting = (done, total, bytes) -> {
            if (done == 3) {
                throw new IllegalStateException("stopped after 3 of " + total + " tiles");
            }
        };
        assertThatThrownBy(() -> NpyTiles.run(op, op.tiles(8), dir.resolve("x.npy"), dir.resolve("y.npy"),
                op.outputShape(), 2, interrupting)).hasMessageContaining("stopped after 3");
        assertThat(Files.readString(dir.resolve("y.npy"))).isEqualTo("the previous result");
        assertThat(onlyFiles()).containsExactlyInAnyOrder("x.npy", "y.npy");
    }

    @Test
    void aWindowIsReadByPositionInEveryStoredType() throws Exception {
        // float64, big-endian: written by hand, as NumPy would ('>f8', C order)
        double[] v = {1.5, -2.25, 3, 4, 5, 6};
        String dict = "{'descr': '>f8', 'fortran_order': False, 'shape': (2, 3), }";
        byte[] text = (dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n").getBytes("US-ASCII");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + text.length + 8 * v.length);
        b.put((byte) 0x93).put("NUMPY".getBytes("US-ASCII")).put((byte) 1).put((byte) 0);
        b.order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) text.length).put(text);
        b.order(java.nio.ByteOrder.BIG_ENDIAN);
        for (double d : v) {
            b.putDouble(d);
        }
        Files.write(dir.resolve("d.npy"), b.array());
        try (NpyFile f = NpyFile.open(dir.resolve("d.npy"))) {
            float[] got = new float[3];
            f.read(2, got, 0, 3);
            assertThat(got).containsExactly(3f, 4f, 5f);
            assertThat(f.shape()).containsExactly(2, 3);
            assertThat(f.dtype()).isEqualTo(">f8");
        }
    }

    private Stream<String> files() throws IOException {
        return Files.list(dir).map(p -> p.getFileName().toString());
    }

    private java.util.List<String> onlyFiles() throws IOException {
        try (Stream<String> s = files()) {
            return s.toList();
        }
    }
}
