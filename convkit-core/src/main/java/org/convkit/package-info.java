/**
 * convkit: every convolution of deep learning and image processing, exact and in pure Java.
 *
 * <p>The public operations live in {@link org.convkit.op}; their parameters in {@link org.convkit.spec};
 * data in {@link org.convkit.tensor}; NumPy interchange in {@link org.convkit.io}.
 */
package org.convkit;
