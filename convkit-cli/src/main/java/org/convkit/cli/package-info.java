/**
 * The {@code convkit} command: convolution, transposed convolution and pooling of {@code .npy}
 * files, shape arithmetic (forwards, and backwards from a target size), and the guide's worked
 * examples computed live.
 *
 * <p>{@link org.convkit.cli.Main} wires the picocli commands together with one error policy
 * ({@link org.convkit.cli.ErrorReporter}): every failure is one {@code error: } line on stderr and
 * exit code 2, and no failed run leaves an output file behind. Commands do no arithmetic of their
 * own: shapes come from {@link org.convkit.spec.Geometry}, values from {@link org.convkit}.
 */
package org.convkit.cli;
