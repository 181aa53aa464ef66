/**
 * The algorithms' service interface: {@link org.convkit.algo.ConvAlgorithm} (what it cannot do, its
 * cost, workspace and error budget, how it runs and how it prepares for a weight) and the three
 * {@link org.convkit.algo.Pass}es, on a checked {@link org.convkit.spec.ConvProblem}. Each algorithm
 * is one package below; {@code org.convkit.algo.reference} is the oracle (these stay inside the module).
 */
package org.convkit.algo;
