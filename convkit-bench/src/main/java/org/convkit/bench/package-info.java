/**
 * JMH benchmarks of convkit's kernels; run from the uber jar (see convkit-bench/README.md), never
 * from the tests. Each reports a secondary metric {@code gflop} (GFLOP per wall second) and, with
 * {@link org.convkit.bench.CpuTimeProfiler}, {@code cpuGflops} (per second of the threads' CPU time,
 * steadier on a shared machine), so that a matrix multiply can be read as a fraction of the
 * {@link org.convkit.bench.FmaPeakBenchmark} peak.
 */
package org.convkit.bench;
