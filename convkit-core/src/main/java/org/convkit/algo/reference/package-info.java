/**
 * The reference engine: the plainest direct loops, accumulating in double. It is slow on purpose and
 * exists to be obviously correct: every faster algorithm is tested against it, and finite-difference
 * gradient checks run on its double API.
 */
package org.convkit.algo.reference;
