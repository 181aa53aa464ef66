/**
 * {@code convkit tour}: the guide's topics as one self-contained HTML page, each section with its
 * arithmetic worked by the engine, its animation and the operation applied to the built-in test
 * image.
 *
 * <p>The tour lives in the CLI module rather than in {@code convkit-viz} because it composes every
 * other module: the engine's operations and deconvolution (core), kernel analysis, images
 * ({@code convkit-image}) and animations ({@code convkit-viz}); the CLI is the one module that
 * depends on all of them. Every number on the page is computed while the page is written.
 */
package org.convkit.cli.tour;
