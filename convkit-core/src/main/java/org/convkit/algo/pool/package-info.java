/**
 * The fast pooling path: float arrays, one (n, c) map per task, the reference engine's loop order,
 * so max pooling, its indices and average pooling are bitwise the same as the reference's.
 */
package org.convkit.algo.pool;
