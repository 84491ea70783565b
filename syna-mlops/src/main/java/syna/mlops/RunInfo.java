package syna.mlops;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run as read at query time. Immutable and thread-safe.
 *
 * @param id run id (20 hex digits: start time, then random bits, so ids sort by start)
 * @param experiment experiment name
 * @param name run name
 * @param status status
 * @param startTime when it started
 * @param endTime when it ended, if it has
 * @param error the failure message of a {@link RunStatus#FAILED} run, empty otherwise
 * @param tags run tags
 * @param params params (write-once)
 * @param metrics the latest value of each metric
 * @param artifacts artifact names, in logging order
 */
public record RunInfo(
        String id, String experiment, String name, RunStatus status, Instant startTime, Optional<Instant> endTime,
        String error, Map<String, String> tags, Map<String, String> params, Map<String, Double> metrics,
        List<String> artifacts) {

    /** Validates and copies. */
    public RunInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(error, "error");
        tags = Map.copyOf(tags);
        params = Map.copyOf(params);
        metrics = Map.copyOf(metrics);
        artifacts = List.copyOf(artifacts);
    }
}
