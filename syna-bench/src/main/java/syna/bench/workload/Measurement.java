package syna.bench.workload;

/**
 * What one timed run of a workload on one engine gave. Immutable and thread-safe.
 *
 * @param ops operations timed
 * @param elapsedNanos wall time from the start signal to the last thread's finish
 * @param p50Micros median latency
 * @param p99Micros 99th percentile latency
 * @param p999Micros 99.9th percentile latency
 * @param maxMicros the slowest single operation
 * @param allocatedBytesPerOp Java heap allocated by every thread of the JVM during the run, per operation
 *     (the engine's own threads included; NaN where the JVM cannot tell); a native engine's own memory
 *     is not in it
 * @param reads reads among the operations
 */
public record Measurement(long ops, long elapsedNanos, double p50Micros, double p99Micros, double p999Micros,
        double maxMicros, double allocatedBytesPerOp, long reads) {

    /** Throughput over the whole timed run, all threads together. */
    public double opsPerSecond() {
        return ops * 1e9 / elapsedNanos;
    }
}
