package syna.mlops;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import syna.api.InvalidArgumentException;

/**
 * A search over the runs of one experiment: every condition must hold; results are sorted by a
 * metric (runs without it last) or else by start time, newest first, then cut to {@link #limit()}.
 * Built with {@link #builder()}, validated in {@link Builder#build()}. Immutable and thread-safe.
 *
 * @param statuses accepted statuses; empty accepts all
 * @param tags tags that must be present with these values
 * @param params params that must be present with these values
 * @param metrics conditions on the latest value of metrics
 * @param orderBy metric to sort by
 * @param order sort direction for {@link #orderBy()}
 * @param limit most runs returned, at least 1
 */
public record RunQuery(
        Set<RunStatus> statuses, Map<String, String> tags, Map<String, String> params, List<MetricCondition> metrics,
        Optional<String> orderBy, SortOrder order, int limit) {

    /** How a metric's latest value is compared with a bound. Thread-safe. */
    public enum Comparison {
        /** Less than. */
        LT,
        /** Less than or equal. */
        LE,
        /** Equal. */
        EQ,
        /** Not equal. */
        NE,
        /** Greater than or equal. */
        GE,
        /** Greater than. */
        GT;

        /** Whether {@code value} compares to {@code bound} this way (NaN never does, except for NE). */
        public boolean test(double value, double bound) {
            return switch (this) {
                case LT -> value < bound;
                case LE -> value <= bound;
                case EQ -> value == bound;
                case NE -> value != bound;
                case GE -> value >= bound;
                case GT -> value > bound;
            };
        }
    }

    /** Sort direction. Thread-safe. */
    public enum SortOrder {
        /** Smallest first. */
        ASCENDING,
        /** Largest first. */
        DESCENDING
    }

    /**
     * A condition on the latest value of metric {@code key}; runs without the metric never match.
     * Immutable and thread-safe.
     *
     * @param key metric key
     * @param comparison comparator
     * @param bound value compared with
     */
    public record MetricCondition(String key, Comparison comparison, double bound) {
        /** Rejects nulls and NaN bounds. */
        public MetricCondition {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(comparison, "comparison");
            if (Double.isNaN(bound)) {
                throw new InvalidArgumentException("metric condition on '" + key + "': bound must not be NaN");
            }
        }
    }

    /** Validates and copies. */
    public RunQuery {
        statuses = Set.copyOf(statuses);
        tags = Map.copyOf(tags);
        params = Map.copyOf(params);
        metrics = List.copyOf(metrics);
        Objects.requireNonNull(orderBy, "orderBy");
        Objects.requireNonNull(order, "order");
        if (limit < 1) {
            throw new InvalidArgumentException("run query limit must be >= 1, got " + limit);
        }
        if (orderBy.isPresent() && orderBy.get().isEmpty()) {
            throw new InvalidArgumentException("run query orderBy metric must not be empty");
        }
    }

    /** Matches every run. */
    public static RunQuery all() {
        return builder().build();
    }

    /** A builder with no conditions and no limit. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link RunQuery}. Not thread-safe; one per thread. */
    public static final class Builder {
        private final Set<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final Map<String, String> params = new LinkedHashMap<>();
        private final List<MetricCondition> metrics = new ArrayList<>();
        private Optional<String> orderBy = Optional.empty();
        private SortOrder order = SortOrder.DESCENDING;
        private int limit = Integer.MAX_VALUE;

        private Builder() {}

        /** Accepts runs with any of these statuses (calls add up). */
        public Builder status(RunStatus... accepted) {
            for (RunStatus s : accepted) {
                statuses.add(Objects.requireNonNull(s, "status"));
            }
            return this;
        }

        /** Requires tag {@code key} = {@code value}. */
        public Builder tag(String key, String value) {
            tags.put(Objects.requireNonNull(key, "tag key"), Objects.requireNonNull(value, "tag value"));
            return this;
        }

        /** Requires param {@code key} = {@code value}. */
        public Builder param(String key, String value) {
            params.put(Objects.requireNonNull(key, "param key"), Objects.requireNonNull(value, "param value"));
            return this;
        }

        /** Requires the latest value of metric {@code key} to compare to {@code bound}. */
        public Builder metric(String key, Comparison comparison, double bound) {
            metrics.add(new MetricCondition(key, comparison, bound));
            return this;
        }

        /** Sorts by the latest value of metric {@code key}. */
        public Builder orderBy(String key, SortOrder order) {
            this.orderBy = Optional.of(Objects.requireNonNull(key, "orderBy"));
            this.order = Objects.requireNonNull(order, "order");
            return this;
        }

        /** Returns at most {@code limit} runs. */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /** Validates and builds. */
        public RunQuery build() {
            return new RunQuery(statuses, tags, params, metrics, orderBy, order, limit);
        }
    }
}
