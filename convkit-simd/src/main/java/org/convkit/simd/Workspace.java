package org.convkit.simd;

/**
 * One thread's packing buffers for {@link VectorSgemm}, sized by the blocking alone so that memory
 * stays bounded however large the product; kept per thread and reused, never allocated per call.
 */
final class Workspace {
    /** Packed mc x kc block of op(A), in mr-row panels. */
    final float[] a;
    /** Packed kc x nc block of op(B), in NR-column panels. */
    final float[] b;
    /** One mr x NR micro-tile, where edge tiles of C are computed so the kernel never writes outside C. */
    final float[] tile;

    Workspace(Blocking blocking) {
        a = new float[blocking.kc() * blocking.mc()];
        b = new float[blocking.kc() * blocking.nc()];
        tile = new float[blocking.mr() * blocking.nr()];
    }
}
