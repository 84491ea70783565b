package syna.mlops;

import java.util.Arrays;
import java.util.Objects;
import syna.api.InvalidArgumentException;

/**
 * Every point logged for one metric of one run, in logging order, as primitive arrays ready for
 * plotting. Arrays are copied in and out. Immutable and thread-safe.
 *
 * @param runId the run
 * @param key metric key
 * @param steps step of each point
 * @param values value of each point
 * @param timestamps time of each point, milliseconds since the epoch
 */
public record MetricHistory(String runId, String key, long[] steps, double[] values, long[] timestamps) {

    /** Validates equal lengths and copies. */
    public MetricHistory {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(key, "key");
        if (steps.length != values.length || values.length != timestamps.length) {
            throw new InvalidArgumentException("metric '" + key + "' of run " + runId + ": steps, values and timestamps"
                    + " must have one length, got " + steps.length + ", " + values.length + ", " + timestamps.length);
        }
        steps = steps.clone();
        values = values.clone();
        timestamps = timestamps.clone();
    }

    /** Number of points. */
    public int size() {
        return values.length;
    }

    /** A copy of the steps. */
    @Override
    public long[] steps() {
        return steps.clone();
    }

    /** A copy of the values. */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** A copy of the timestamps. */
    @Override
    public long[] timestamps() {
        return timestamps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricHistory m && m.runId.equals(runId) && m.key.equals(key)
                && Arrays.equals(m.steps, steps) && Arrays.equals(m.values, values)
                && Arrays.equals(m.timestamps, timestamps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(runId, key, Arrays.hashCode(steps), Arrays.hashCode(values), Arrays.hashCode(timestamps));
    }

    @Override
    public String toString() {
        return "MetricHistory[run=" + runId + ", key=" + key + ", points=" + values.length + "]";
    }
}
