/**
 * The parameters of convolutions and pooling, and the one place where shapes are computed.
 *
 * <p>{@link org.convkit.spec.ConvSpec} and {@link org.convkit.spec.PoolSpec} say what the user asked
 * for; {@link org.convkit.spec.Geometry} resolves them against concrete sizes (padding words become
 * numbers, output sizes are derived) and can explain its arithmetic in words. Every operation, picture
 * and CLI command takes its shapes from here, so they cannot disagree.
 */
package org.convkit.spec;
