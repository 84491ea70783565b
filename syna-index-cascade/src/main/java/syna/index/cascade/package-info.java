/**
 * The Cascade index (provider {@code cascade}): three stages, each narrowing where the next one looks.
 *
 * <h2>1. Random-hyperplane LSH</h2>
 * {@link CascadeOptions#tables() T} tables of {@link CascadeOptions#bits() b} Gaussian hyperplanes (Charikar,
 * STOC 2002) through a centre (the origin for cosine, else the mean of the first vectors); a vector's bucket in a
 * table is the sign pattern of its b projections. The planes are drawn from the index's seed and stored in its
 * file. A query looks up its own bucket and then, per table, the {@link CascadeOptions#probes()} - 1 buckets that
 * differ in the bits whose planes it lies closest to, in increasing order of summed squared margins (query-directed
 * multi-probe, Lv et al., VLDB 2007).
 *
 * <h2>2. Adaptive bucket trees</h2>
 * Each bucket is the root of a binary tree. A leaf holding more than {@link CascadeOptions#bucketSize()} nodes (and
 * shallower than {@link CascadeOptions#maxDepth()}) splits by the hyperplane through its members' centroid whose
 * normal points at the member farthest from it, so dense buckets are cut along their spread; a query descends to
 * one leaf per probed bucket. The leaves' members, a stride of each, are the entry points of the graph search,
 * at most {@link CascadeOptions#entryPoints()} per query, each scored, so the beam starts from the nearest ones.
 *
 * <h2>3. Sparse neighbour graph</h2>
 * Each node keeps at most {@link CascadeOptions#degree() R} neighbours chosen by DiskANN's RobustPrune
 * (Subramanya et al., NeurIPS 2019) with α = {@link CascadeOptions#alpha()} (1.2 by default): from candidates by
 * distance keep the nearest c, drop every v with {@code α·d(c, v) <= d(p, v)}, repeat. An insert runs the beam
 * search with {@link CascadeOptions#buildBeam() L} from its bucket entries, prunes the beam's results to its
 * neighbours, and links back; a neighbour list is pruned again only when it outgrows R by half (slack). Searches
 * run the same beam with the query's effort (or {@link CascadeOptions#efSearch()}) and return the best k.
 *
 * <h2>Deletes</h2>
 * A delete tombstones the node: it is still walked through, never returned, and a re-added ordinal gets a new node.
 * Once tombstones exceed {@link CascadeOptions#consolidateFraction()} of the live nodes a background consolidation
 * (FreshDiskANN, Singh et al. 2021) gives every live node with a deleted neighbour the live neighbours of that
 * neighbour as candidates and prunes again, then drops the tombstones from the buckets and frees their ids, a
 * batch of nodes per write-lock hold: the work is proportional to the deleted nodes' neighbourhoods, never an
 * O(N) scan per delete.
 *
 * <h2>Presets</h2>
 * {@link CascadeOptions.Preset}: {@code balanced} (the default), {@code small}, {@code large}, {@code high_recall},
 * {@code fast_search}; {@code preset=name} in the parameters picks one and every other parameter overrides it.
 *
 * <h2>Filters, persistence</h2>
 * The index plans filtered searches: a filter whose accepted share makes an exact scan cheaper than the graph walk
 * is measured exactly; otherwise the beam keeps accepted nodes only, and falls back to the exact answer when it
 * finds fewer than k. {@code save} writes hyperplanes, buckets and graph (format in {@code docs/format/cascade.md});
 * loading checks everything against the source and rebuilds nothing. Dot product builds the graph with euclidean
 * distances and searches it by dot product.
 */
package syna.index.cascade;
