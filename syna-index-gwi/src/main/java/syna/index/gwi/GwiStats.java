package syna.index.gwi;

/**
 * Counters of a Gravity Well index, read together.
 *
 * @param trained whether the attractors are trained
 * @param size ordinals held
 * @param lists posting lists (leaves)
 * @param largestList ordinals in the longest list
 * @param meanList mean ordinals per list
 * @param searches searches run
 * @param centroidDistances distances to centroids computed by searches (routing)
 * @param vectorDistances distances to vectors computed by searches (list scans)
 * @param trainings trainings done
 * @param trainNanos wall time spent training (k-means, filing, the first balancing)
 * @param trainDistances distance computations spent training
 * @param insertDistances distance computations spent routing inserts after training
 * @param splits lists split
 * @param merges lists merged away
 * @param reassigned vectors moved between lists by splits, merges and suspects routed again
 * @param rebalanceNanos wall time spent splitting and merging after training
 * @param rebalanceDistances distance computations spent splitting and merging after training
 * @param rerouted suspects routed again: inserts far out for their list (beyond twice its members' median
 *     distance), checked once new lists have formed, since the reassignment around a split misses them
 * @param suspects suspects waiting to be routed again (in memory only)
 * @param memoryBytes bytes of the index's own structure
 */
public record GwiStats(boolean trained, int size, int lists, int largestList, double meanList, long searches,
        long centroidDistances, long vectorDistances, long trainings, long trainNanos, long trainDistances,
        long insertDistances, long splits, long merges, long reassigned, long rebalanceNanos,
        long rebalanceDistances, long rerouted, int suspects, long memoryBytes) {}
