#!/usr/bin/python3
"""Reference .npy files written by NumPy itself, for org.convkit.io.NpyReferenceFilesTest.

Rerun from the repository root with the Debian NumPy (1.24):

    /usr/bin/python3 convkit-core/src/test/python/make_npy_samples.py

It rewrites the files listed below in ``convkit-core/src/test/resources/npy/``. They pin the
reader against NumPy's own byte layout (byte orders, Fortran order, half floats, 0-d arrays,
header versions 2.0 and 3.0) and the writer against ``np.save`` byte for byte. The Java tests
never need Python.
"""

import os

import numpy as np
from numpy.lib import format as npformat

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "npy"))


def save(name, array, version=None):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        if version is None:
            np.save(f, array)
        else:
            npformat.write_array(f, array, version=version)
    print(path, array.dtype.str, array.shape, "fortran" if np.isfortran(array) else "C")


def main():
    os.makedirs(OUT, exist_ok=True)
    # Big-endian float64 with the special values and a value float32 must round.
    save("be_f8.npy", np.array([[1.5, -0.0, np.inf], [np.nan, 1e300, 0.1]], dtype=">f8"))
    # Fortran order: the file stores 0 3 1 4 2 5; read in C order it is 0 1 2 3 4 5.
    save("fortran_i4.npy", np.asfortranarray(np.arange(6, dtype="<i4").reshape(2, 3)))
    # A 3-d Fortran array, big-endian, to check the general transposition.
    save("fortran_be_i2_2x3x4.npy", np.asfortranarray(np.arange(24, dtype=">i2").reshape(2, 3, 4)))
    save("bool.npy", np.array([True, False, True, True]))
    # Half floats: normal, negative, largest, smallest subnormal, infinity.
    save("f2.npy", np.array([1.0, -2.5, 65504.0, 2.0 ** -24, np.inf], dtype="<f2"))
    save("zero_d_f4.npy", np.array(3.25, dtype="<f4"))
    save("u8_big.npy", np.array([0, 2 ** 64 - 1, 2 ** 63 + 1], dtype="<u8"))
    # What the writer must reproduce byte for byte.
    save("arange_f4_2x3.npy", np.arange(6, dtype="<f4").reshape(2, 3))
    save("ints_i8_2x3.npy", np.array([[0, 7, -1], [2 ** 31 - 1, -2 ** 31, 5]], dtype="<i8"))
    save("empty_f4_0x3.npy", np.zeros((0, 3), dtype="<f4"))
    # Header versions 2.0 (32-bit header length) and 3.0 (UTF-8 header).
    save("v2_f4.npy", np.arange(4, dtype="<f4"), version=(2, 0))
    save("v3_f4.npy", np.arange(4, dtype="<f4"), version=(3, 0))


if __name__ == "__main__":
    main()
