package syna.bench.report;

import java.util.Objects;
import java.util.Optional;
import syna.bench.store.Engine;
import syna.bench.workload.Measurement;
import syna.bench.workload.Workload;

/**
 * One engine's result on one workload: a measurement, or why there is none. Immutable and
 * thread-safe.
 *
 * @param workload the workload
 * @param engine the engine
 * @param measurement the timed run, empty when skipped or failed
 * @param diskBytes bytes of files in the store's directory after close, or -1 when not measured
 * @param note how the engine mapped the workload, or why it has no figures
 */
public record Row(Workload workload, Engine engine, Optional<Measurement> measurement, long diskBytes, String note) {

    /** Checks the parts are present. */
    public Row {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(note, "note");
    }

    /** Throughput, or NaN without a measurement. */
    public double opsPerSecond() {
        return measurement.map(Measurement::opsPerSecond).orElse(Double.NaN);
    }
}
