package org.convkit.cli;

/** One timed case: what the table prints and the JSON report holds. */
record BenchResult(String name, String algorithm, double flops, BenchTimer.Timing timing) {

    /** At the median time, as torch_peer.py reports it. */
    double gflops() {
        return flops / (timing.medianMs() / 1e3) / 1e9;
    }
}
