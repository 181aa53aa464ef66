/**
 * The algorithms that compute convolutions. Each engine starts from a checked
 * {@link org.convkit.spec.ConvProblem}; {@link org.convkit.algo.reference} is the oracle.
 */
package org.convkit.algo;
