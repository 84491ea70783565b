/**
 * Hierarchical Navigable Small World (HNSW) graph index, after Yu. A. Malkov and D. A. Yashunin,
 * "Efficient and robust approximate nearest neighbor search using Hierarchical Navigable Small World
 * graphs", IEEE TPAMI 42(4), 2020 (arXiv:1603.09320).
 *
 * <p>Names here and in {@code syna.index.hnsw.internal} against the paper's symbols:
 * <ul>
 *   <li>{@link syna.index.hnsw.HnswOptions#maxConnections()} = M (links per node on layers ≥ 1, M_max);
 *       {@link syna.index.hnsw.HnswOptions#maxConnectionsBase()} = M_max0 = 2·M (layer 0).</li>
 *   <li>{@link syna.index.hnsw.HnswOptions#efConstruction()} = efConstruction; {@link
 *       syna.index.hnsw.HnswOptions#efSearch()} = ef of K-NN-SEARCH (Algorithm 5), raised to k; the
 *       per-query {@code SearchOptions.effort()} overrides it.</li>
 *   <li>Level draw: l = ⌊−ln(unif(0..1)) · m_L⌋ with m_L = 1/ln(M), the paper's recommended
 *       normalisation; the uniform draw is a hash of (seed, node) so parallel builds draw the same levels.</li>
 *   <li>{@code GraphBuilder.insert} = INSERT (Algorithm 1); {@code GraphSearcher.searchLayer} =
 *       SEARCH-LAYER (Algorithm 2); {@code NeighbourSelector} = SELECT-NEIGHBORS-HEURISTIC (Algorithm 4,
 *       without extendCandidates and keepPrunedConnections, which the paper reports as rarely useful); a
 *       neighbour's list that a reverse link would overflow is shrunk by the same heuristic over its links and the
 *       new one (Algorithm 1's "shrink connections"), so it may keep fewer than the bound.</li>
 * </ul>
 * Beyond the paper: the graph is built over a {@code VectorSource} by ordinal (node i is ordinal i) and reads
 * the vectors in place, holding its lists only; deletes are tombstones (traversed, never returned) and an
 * ordinal added again is re-linked from its new vector; filtered search plans itself: the graph with the
 * filter applied to results, or the shared exact search over the accepted ordinals when that is cheaper (the
 * filter's cardinality, when the store gives it, or a sample) or when the graph finds too few; a parallel
 * build keeps the reverse links racing inserts make to a node before it writes its own list; the layer search
 * measures a node's unvisited neighbours in one batched call ({@code VectorScorer.distances}, four vectors a
 * pass).
 *
 * <p>Quantized search ({@link syna.index.hnsw.HnswOptions#quantization()} {@code int8}): the graph is built on the
 * floats as above, and the index also holds one int8 code per node (per-dimension affine, each dimension's central
 * 99.9% of a training sample mapped to [-127, 127]), off-heap in one segment. A search walks the graph scoring
 * codes against the quantized query (an exact int8 dot product, {@code VectorKernels.dotInt8}, SIMD in
 * {@code syna.simd}), keeps ef results and measures the best {@code k · rerank} of them again on the floats.
 */
package syna.index.hnsw;
