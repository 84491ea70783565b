package syna.index.cascade;

/**
 * Counters of a Cascade index, read together.
 *
 * @param size live ordinals
 * @param nodes graph node ids in use (live, tombstones, free)
 * @param tombstones deleted nodes not yet consolidated
 * @param consolidations consolidations run
 * @param bucketTreeNodes nodes of all bucket trees
 * @param edges neighbour links
 * @param searches searches run
 * @param searchDistances distances computed by searches (entry points and beam)
 * @param buildDistances distances computed by inserts and consolidations
 * @param memoryBytes bytes of the index's own structure
 */
public record CascadeStats(int size, int nodes, int tombstones, long consolidations, int bucketTreeNodes, long edges,
        long searches, long searchDistances, long buildDistances, long memoryBytes) {}
