/**
 * The interactive explorer behind {@code convkit serve}: a loopback HTTP server (the JDK's own
 * {@code com.sun.net.httpserver}) that serves one self-contained page and a JSON endpoint.
 *
 * <p>The page only renders: every shape, formula, error message and animation comes from the
 * engine ({@link org.convkit.spec.Geometry}, {@link org.convkit.spec.ConvProblem},
 * {@link org.convkit.spec.PoolProblem} and the animations of {@code convkit-viz}), so what the
 * page shows is what the library computes. Bad settings answer 400 with the engine's own message.
 */
package org.convkit.cli.explorer;
