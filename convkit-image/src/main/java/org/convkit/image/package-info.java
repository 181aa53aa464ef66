/**
 * Images as tensors, and the classic image filters computed by the core's convolution.
 *
 * <ul>
 *   <li>{@link org.convkit.image.Images}: PNG and JPEG in and out as float {@code (C, H, W)} tensors in
 *       [0, 1], written atomically; {@link org.convkit.image.Display} maps results outside [0, 1]
 *       (signed edge responses, raw feature maps) to something an 8-bit file can show.</li>
 *   <li>{@link org.convkit.image.NamedKernels}: the classic kernels by name ({@code gaussian:1.5},
 *       {@code sobel-x}, {@code motion:9:30}, ...) or from a 2-D {@code .npy} file.</li>
 *   <li>{@link org.convkit.image.ImageFilter}: one kernel applied to every channel, same-size output,
 *       borders {@code zero|reflect|replicate|circular}, through {@link org.convkit.Conv} so the
 *       planner's fast paths (separable passes for rank-1 kernels) run.</li>
 *   <li>{@link org.convkit.image.TestImage}: a resolution target drawn by code, so that examples and
 *       pictures need no third-party image.</li>
 * </ul>
 */
package org.convkit.image;
