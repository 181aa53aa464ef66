package org.convkit.io;

/** Walks an array in C order and says where each element is stored, for C or Fortran layout. */
final class ElementOrder {
    private ElementOrder() {
    }

    @FunctionalInterface
    interface Visitor {
        /** The element at C-order {@code index} is the {@code stored}-th element in the file. */
        void visit(int index, long stored);
    }

    static void forEach(int[] shape, boolean fortranOrder, int count, Visitor visitor) {
        if (!fortranOrder || shape.length < 2) {
            for (int i = 0; i < count; i++) {
                visitor.visit(i, i);
            }
            return;
        }
        // Fortran order: the first index varies fastest, so dimension d has stride shape[0]*...*shape[d-1].
        int rank = shape.length;
        long[] stride = new long[rank];
        stride[0] = 1;
        for (int d = 1; d < rank; d++) {
            stride[d] = stride[d - 1] * shape[d - 1];
        }
        int[] index = new int[rank];
        long stored = 0;
        for (int i = 0; i < count; i++) {
            visitor.visit(i, stored);
            // Odometer step in C order (last index fastest), keeping the stored position in step.
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    stored += stride[d];
                    break;
                }
                index[d] = 0;
                stored -= (shape[d] - 1L) * stride[d];
            }
        }
    }
}
