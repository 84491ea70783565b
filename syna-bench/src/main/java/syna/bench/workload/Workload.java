package syna.bench.workload;

import java.util.Objects;
import syna.api.Durability;
import syna.api.InvalidArgumentException;

/**
 * One benchmark workload. Immutable and thread-safe.
 *
 * @param name short id, used by {@code --workloads} and in the CSV
 * @param title one line for the table header
 * @param kind fresh-store writes, or reads and updates on a preloaded store
 * @param valueBytes size of every value written
 * @param threads threads issuing operations at once
 * @param durability durability mode the store is opened with
 * @param readFraction share of reads among the operations (1 = read only; writes ignore it)
 * @param keys how keys are chosen
 * @param ops operations measured, across all threads
 * @param warmupOps operations run first, untimed
 */
public record Workload(
        String name,
        String title,
        Kind kind,
        int valueBytes,
        int threads,
        Durability durability,
        double readFraction,
        KeyChoice keys,
        int ops,
        int warmupOps) {

    /** What a workload does to its store. */
    public enum Kind {
        /** Puts of distinct new keys (in scrambled order) into a fresh, empty store. */
        WRITE,
        /** Reads and updates of a store preloaded with the key space. */
        READ_UPDATE
    }

    /** How a workload picks keys. */
    public enum KeyChoice {
        /** Each key once, in a seeded scrambled order. */
        DISTINCT,
        /** Uniformly at random over the key space. */
        UNIFORM,
        /** Zipfian over the key space, theta 0.99, hot keys scattered. */
        ZIPFIAN
    }

    /** Checks every bound. */
    public Workload {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(keys, "keys");
        if (valueBytes < 1 || threads < 1 || ops < threads || warmupOps < 0) {
            throw new InvalidArgumentException("workload " + name + ": valueBytes " + valueBytes + ", threads "
                    + threads + ", ops " + ops + ", warmupOps " + warmupOps + " out of range");
        }
        if (!(readFraction >= 0 && readFraction <= 1)) {
            throw new InvalidArgumentException("workload " + name + ": readFraction " + readFraction + " not in [0, 1]");
        }
    }
}
