package org.convkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.convkit.cli.CliRun.args;
import static org.convkit.cli.CliRun.fails;
import static org.convkit.cli.CliRun.listing;
import static org.convkit.cli.CliRun.npy;
import static org.convkit.cli.CliRun.ok;
import static org.convkit.cli.CliRun.read;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.convkit.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output names that are not files, or not .npy; inputs converted on reading, said once. */
class OutputsAndConversionsTest {
    @TempDir
    Path dir;

    @Test
    void outputNamesThatAreNotNpyFilesAreRefusedBeforeAnyWork() {
        String x = npy(dir, "x.npy", Tensor.uniform(1, 0, 1, 1, 2, 6, 6));
        String w = npy(dir, "w.npy", Tensor.uniform(2, 0, 1, 2, 2, 3, 3));
        fails(args("conv", "--input", x, "--weight", w, "--output", "-"), "--output - (standard output) is not "
                + "supported", "give a file name");
        fails(args("conv", "--input", x, "--weight", w, "--output", ""),
                "--output is empty: give the file to write, e.g. --output y.npy");
        fails(args("tour", "--output", ""), "--output is empty: give the file to write, e.g. --output tour");
        fails(args("tune", "--output", "-"), "--output - (standard output) is not supported");
        fails(args("animate", "--input", "5,5", "--kernel", "3", "--output", ""), "--output is empty");
        fails(args("conv", "--input", x, "--weight", w, "--output", dir.resolve("o.txt").toString()),
                "--output " + dir.resolve("o.txt") + " does not end in .npy", "name it " + dir.resolve("o.npy"));
        fails(args("pool", "--input", x, "--kind", "max", "--kernel", "2", "--indices", dir.resolve("idx").toString(), "--output",
                dir.resolve("y.npy").toString()), "--indices " + dir.resolve("idx") + " does not end in .npy");
        fails(args("deconv", "--method", "least-squares", "--input", x, "--weight", w, "--output", "-"),
                "--output - (standard output)");
        fails(args("filter", dir.resolve("none.png").toString(), "-k", "box:3", "-o", ""), "--output is empty");
        fails(args("testimage", "-"), "OUT.png - (standard output) is not supported");
        assertThat(listing(dir)).containsExactly("w.npy", "x.npy");
        // upper case is still .npy
        ok("conv", "--input", x, "--weight", w, "--output", dir.resolve("Y.NPY").toString());
    }

    @Test
    void float64AndIntegerInputsAreNotedOnceAsConverted() throws IOException {
        Path x64 = dir.resolve("x64.npy");
        double[] values = new double[2 * 5 * 5];
        for (int i = 0; i < values.length; i++) {
            values[i] = i / 7.0;
        }
        writeNpy(x64, "<f8", 8, new int[] {2, 5, 5}, b -> {
            for (double v : values) {
                b.putDouble(v);
            }
        });
        String w = npy(dir, "w.npy", Tensor.uniform(3, 0, 1, 1, 2, 3, 3));
        CliRun.Result r = CliRun.run("conv", "--input", x64.toString(), "--weight", w, "--output",
                dir.resolve("y.npy").toString());
        assertThat(r.code()).isZero();
        // read for its shape and then for its data: said once
        assertThat(r.errLines()).containsExactly("note: " + x64 + " holds float64 values; convkit computes in "
                + "float32, so they were rounded to float32 (about 7 significant digits), and the result is float32");

        Path xi = dir.resolve("xi.npy");
        writeNpy(xi, "<i4", 4, new int[] {2, 5, 5}, b -> {
            for (int i = 0; i < 50; i++) {
                b.putInt(i);
            }
        });
        CliRun.Result ri = CliRun.run("conv", "--input", xi.toString(), "--weight", w, "--output",
                dir.resolve("yi.npy").toString());
        assertThat(ri.errLines()).containsExactly("note: " + xi + " holds int32 values; convkit computes in float32, "
                + "so they were converted to float32 (exact up to 16777216 = 2^24 in magnitude, rounded beyond), and "
                + "the result is float32");
        assertThat(read(dir.resolve("yi.npy")).shape()).containsExactly(1, 3, 3);
        // float32 says nothing
        assertThat(ok("conv", "--input", npy(dir, "x32.npy", Tensor.uniform(4, 0, 1, 2, 5, 5)), "--weight", w,
                "--output", dir.resolve("y32.npy").toString())).contains("written to");
    }

    @Test
    void aSixteenBitPngIsNotedAndABmpGetsAPngResult() throws IOException {
        BufferedImage deep = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(3, 3, 0, 40000);
        Path png16 = dir.resolve("deep.png");
        ImageIO.write(deep, "png", png16.toFile());
        CliRun.Result r = CliRun.run("filter", png16.toString(), "-k", "box:3");
        assertThat(r.code()).isZero();
        assertThat(r.errLines()).containsExactly("note: " + png16 + " has 16 bits per sample; it is filtered at "
                + "that precision, in float32, but written images have 8 bits per sample");

        BufferedImage rgb = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(2, 2, 0xff8040);
        Path bmp = dir.resolve("photo.bmp");
        ImageIO.write(rgb, "bmp", bmp.toFile());
        assertThat(ok("filter", bmp.toString(), "-k", "box:3")).endsWith("-> " + dir.resolve("photo-box-3.png")
                + System.lineSeparator());
        assertThat(Files.exists(dir.resolve("photo-box-3.png"))).isTrue();
    }

    /** Fills a little-endian buffer with an array's values. */
    private interface Fill {
        void into(ByteBuffer b);
    }

    /** A version 1.0 .npy file of any dtype, as np.save writes it. */
    private static void writeNpy(Path p, String descr, int itemBytes, int[] shape, Fill fill) throws IOException {
        StringBuilder dims = new StringBuilder();
        int n = 1;
        for (int s : shape) {
            dims.append(s).append(", ");
            n *= s;
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims.toString().strip()
                + "), }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + n * itemBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        fill.into(b);
        Files.write(p, b.array());
    }
}
