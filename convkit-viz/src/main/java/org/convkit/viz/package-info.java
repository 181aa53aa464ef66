/**
 * Animations of convolution, transposed convolution, pooling and depthwise separable convolution
 * with any parameters, drawn from the engine's own geometry and values.
 *
 * <p>{@link org.convkit.viz.Animations#build} turns an {@link org.convkit.viz.AnimationSpec} into an
 * {@link org.convkit.viz.Animation}: the engine runs the operation on small integer data and the
 * reference engine's {@link org.convkit.algo.reference.Lattice} says which cells (input, padding,
 * inserted zeros) feed each output, so what is drawn is what is computed. The storyboard is then
 * drawn as one frame ({@link org.convkit.viz.FramePainter}), an animated GIF
 * ({@link org.convkit.viz.GifAnimation}) or an animated SVG ({@link org.convkit.viz.SvgAnimation}),
 * all from one scene, so the three cannot disagree.
 */
package org.convkit.viz;
