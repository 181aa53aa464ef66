package org.convkit.algo.separable;

import org.convkit.spec.ConvProblem;
import org.convkit.spec.Geometry;

/** The spatial facts of a problem that the separable stages need, per dimension. */
final class Shape {
    final int dims;
    final int[] big;
    final int[] small;
    final int[] kernel;
    final int[] stride;
    final int[] dilation;
    final int[] padBefore;
    /** Element strides of the big signal's spatial dimensions. */
    final int[] bigStride;

    Shape(ConvProblem p) {
        Geometry g = p.geometry();
        dims = g.dims();
        big = p.bigSpatial();
        small = p.smallSpatial();
        kernel = g.kernel();
        stride = g.stride();
        dilation = g.dilation();
        padBefore = g.padBefore();
        bigStride = new int[dims];
        int v = 1;
        for (int d = dims - 1; d >= 0; d--) {
            bigStride[d] = v;
            v *= big[d];
        }
    }

    int span(int d) {
        return Geometry.span(kernel[d], dilation[d]);
    }

    /** Output cells of dimensions d and later. */
    int sliceSize(int d) {
        int v = 1;
        for (int e = d; e < dims; e++) {
            v *= small[e];
        }
        return v;
    }

    long bigVolume() {
        return (long) bigStride[0] * big[0];
    }
}
