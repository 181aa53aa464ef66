package org.convkit.bench;

import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Adds {@code cpuGflops}, GFLOP per second of the benchmark threads' CPU time (see
 * {@link CpuFlops}), averaged over iterations. Enable with
 * {@code -prof org.convkit.bench.CpuTimeProfiler}.
 */
public class CpuTimeProfiler implements InternalProfiler {
    @Override
    public String getDescription() {
        return "GFLOP per second of benchmark-thread CPU time (steadier than wall time on a shared machine)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        CpuFlops.reset();
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams,
                                                          IterationParams iterationParams, IterationResult result) {
        double rate = CpuFlops.rate();
        return Double.isNaN(rate) ? List.of()
                : List.of(new ScalarResult("cpuGflops", rate, "GFLOP/s", AggregationPolicy.AVG));
    }
}
