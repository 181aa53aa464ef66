package org.convkit.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.convkit.tensor.Tensor;

class NpyRoundTripPropertyTest {

    private static int[] bits(Tensor t) {
        float[] d = t.data();
        return IntStream.range(0, d.length).map(i -> Float.floatToRawIntBits(d[i])).toArray();
    }

    @Property(tries = 200)
    void anyTensorRoundTripsBitForBit(@ForAll("tensors") Tensor t) throws IOException {
        Tensor back = Npy.read(new ByteArrayInputStream(toBytes(t)));
        assertThat(back.shape()).containsExactly(t.shape());
        assertThat(bits(back)).containsExactly(bits(t));
    }

    @Provide
    Arbitrary<Tensor> tensors() {
        return Arbitraries.integers().between(0, 6).array(int[].class).ofMaxSize(4).flatMap(shape -> {
            int n = (int) Tensor.numel(shape);
            // Raw bits, so NaN payloads, subnormals and signed zeros all occur.
            return Arbitraries.integers().array(int[].class).ofSize(n).map(bits -> {
                float[] data = new float[n];
                for (int i = 0; i < n; i++) {
                    data[i] = Float.intBitsToFloat(bits[i]);
                }
                return Tensor.of(data, shape);
            });
        });
    }

    private static byte[] toBytes(Tensor t) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, t);
        return out.toByteArray();
    }
}
