/**
 * The parameters of convolutions and pooling, and the one place where shapes are computed.
 *
 * <p>{@link org.convkit.spec.ConvSpec} and {@link org.convkit.spec.PoolSpec} say what the user asked
 * for; {@link org.convkit.spec.Geometry} resolves them against concrete sizes (padding words become
 * numbers, output sizes are derived) and can explain its arithmetic in words. Every operation, picture
 * and CLI command takes its shapes from here, so they cannot disagree. {@link org.convkit.spec.IndexLayout}
 * says how max pooling's indices count the input's cells (PyTorch's per map, or ONNX's over the
 * whole tensor, in either storage order).
 */
package org.convkit.spec;
