/**
 * The Gravity Well Index (provider {@code gwi}): a hierarchical inverted file whose lists stay balanced while
 * vectors stream in. "Gravity well" is an attractor, a centroid: a vector falls to its nearest well on each
 * level of a tree of attractors and comes to rest in the posting list of a leaf.
 *
 * <h2>Structure</h2>
 * A tree of {@link GwiOptions#levels() L} levels of centroids (B branches per node; by default B follows from
 * the wanted {@link GwiOptions#listSize() list size}: about 32 × 32 leaves for 100,000 vectors) over one
 * contiguous block of ordinals per leaf. The vectors stay in the store's {@code VectorSource}; the index keeps
 * centroids and ordinals only (about 8 bytes per vector plus the centroids).
 *
 * <h2>Training</h2>
 * Until {@link GwiOptions#trainSize()} vectors are indexed (or {@link GwiIndex#train} names a sample) the index
 * is one list and search is exact. Training is hierarchical k-means (a vocabulary tree, Nistér and Stewénius,
 * CVPR 2006) on a seeded sample: k-means++ seeding (Arthur and Vassilvitskii, SODA 2007), Lloyd iterations,
 * spherical for cosine (centroids re-normalised, Dhillon and Modha 2001); each node's members are clustered into
 * a number of children proportional to their count, so leaves come out near the list size. Every vector then
 * falls to its leaf through a beam of {@link GwiOptions#assignBeam()} nodes per level, and lists above
 * {@link GwiOptions#splitFactor()} × or below {@link GwiOptions#mergeFactor()} × the list size are split or merged
 * (below), which balances them. Last, every leaf moves to the mean of the vectors filed under it (a leaf trained
 * on its share of the sample, about 64 points, is a noisy estimate of its list) and every upper node to its
 * children's weighted mean. Dot product partitions by euclidean distance (cells of the space) and ranks
 * cells by dot product at query time.
 *
 * <h2>Streaming and drift</h2>
 * After training an insert routes its vector to the nearest leaf and appends its ordinal; a delete removes it in
 * O(1); adding an ordinal again moves it. Rebalancing follows SPFresh's LIRE protocol (Xu et al., SOSP 2023): an
 * overfull list splits by 2-means into two leaves, and only boundary vectors are reassigned, namely members of the split
 * list now nearer one of the {@link GwiOptions#reassignNeighbours()} neighbouring leaves than their own (only
 * those that moved away from the old centroid can be), and members of those neighbours now nearer a new centroid.
 * Each list keeps its members' distances to its centroid (4 bytes a vector, in memory, not saved), so a split
 * measures the neighbours' members against the two new centroids only, not against their own again.
 * LIRE only looks around each split, so vectors of a region the training never saw, which arrive before any leaf
 * of their own exists and scatter over the nearest lists of other regions, can stay there once their own leaves
 * form elsewhere. An insert farther from its leaf's centroid than twice the median of the list's members is
 * therefore a suspect: once eight splits have happened since, it is measured against the leaves those splits
 * changed (the only centroids that can have come nearer than its own) and moves to the nearest, up to three
 * times while it stays put (on 100K x 768 Gaussian data with half the clusters unseen, this brought the vectors
 * filed far from their nearest list from 3.9% to 0.8%, as in a fresh build). The suspects are not saved.
 * A list that shrank below the floor merges: its leaf goes and its members fall to their nearest leaves. Parents
 * follow their children (size-weighted mean); a parent with more than 2B children splits by 2-means over their
 * centroids. Each split or merge holds the write lock for one list and its neighbours; by default they run on a
 * background thread ({@link GwiOptions.Rebalance}), so inserts only append. Once the index has grown eightfold
 * since it was trained (a store that trained on its first 10,000 vectors and holds a million), the attractors
 * are trained again in the background on a fresh sample while inserts and searches go on against the old ones.
 *
 * <h2>Search</h2>
 * The query walks a beam down the tree (all top nodes, then the nearest few per level) and ranks the leaves
 * reached; lists are scanned exactly with the source's scorer (the SIMD kernels of {@code syna.api.Vectors}).
 * {@link GwiOptions.Probe#FIXED fixed} scans the {@code nprobe} nearest lists; {@link GwiOptions.Probe#ADAPTIVE
 * adaptive} applies SPANN's query-aware rule (Chen et al., NeurIPS 2021: list j only while
 * {@code d(q, c_j) <= (1 + ε)·d(q, c_1)}) with {@code nprobe} as the cap, and stops early once
 * {@link GwiOptions#patience()} lists in a row left a full top k unchanged. The search effort of a query is its
 * {@code nprobe}; {@link GwiIndex#search(float[], int, GwiQuery, syna.api.spi.OrdinalFilter)} sets everything per
 * query. Filters are planned by the index: a filter of known size small enough to measure exactly is measured
 * exactly; otherwise the lists are scanned with the filter, and if they hold fewer than k matches the matches are
 * measured exactly.
 *
 * <h2>Persistence</h2>
 * {@code save} writes options, tree and lists to a sealed file (format in {@code docs/format/gwi.md}); loading
 * checks them against the source and retrains nothing. The store's log is the truth: a saved index that does not
 * match the store is caught up or rebuilt by the store.
 */
package syna.index.gwi;
