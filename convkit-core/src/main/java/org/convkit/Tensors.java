package org.convkit;

import org.convkit.tensor.DoubleTensor;
import org.convkit.tensor.Tensor;

/** Moving between the user's float32 tensors and the reference engine's batched float64 ones. */
final class Tensors {
    private Tensors() {
    }

    /** Widens {@code t} and views it with the batched shape {@code batchedShape}. */
    static DoubleTensor batched(Tensor t, int[] batchedShape) {
        return DoubleTensor.of(t).reshape(batchedShape);
    }

    /** Rounds to float32 and gives it the shape the caller expects. */
    static Tensor result(DoubleTensor t, int[] userShape) {
        return t.toTensor().reshape(userShape);
    }
}
