package org.convkit;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.convkit.spec.ConvProblem;
import org.convkit.tensor.Tensor;

/**
 * What a prepared layer made ready for each input shape it has seen, up to {@link #MAX_SHAPES}
 * shapes (past that it forgets them all and prepares again, rather than grow without bound). Safe
 * for concurrent callers: two threads seeing a new shape at once may both prepare it, and either
 * result is kept.
 *
 * @param <R> what one shape's preparation gives
 */
final class PreparedShapes<R> {
    /** Input shapes a layer keeps prepared. */
    static final int MAX_SHAPES = 16;

    private final Map<Shape, R> ready = new ConcurrentHashMap<>();
    private final Function<int[], R> prepare;

    PreparedShapes(Function<int[], R> prepare) {
        this.prepare = prepare;
    }

    private record Shape(int[] dims) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Shape s && Arrays.equals(dims, s.dims);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(dims);
        }
    }

    /** The preparation for inputs of this shape, made on first use. */
    R get(int[] inputShape) {
        Shape key = new Shape(inputShape.clone());
        R r = ready.get(key);
        if (r != null) {
            return r;
        }
        r = prepare.apply(key.dims.clone());
        if (ready.size() >= MAX_SHAPES) {
            ready.clear();
        }
        ready.put(key, r);
        return r;
    }

    /** A prepared layer's output tensor: of the shape the input gives, with data of its own. */
    static void checkOutput(Tensor input, Tensor output, int[] expected) {
        ConvProblem.checkShape("the output tensor", output.shape(), expected);
        if (output.data() == input.data()) {
            throw new IllegalArgumentException("the output tensor shares its data with the input: give it its own");
        }
    }
}
