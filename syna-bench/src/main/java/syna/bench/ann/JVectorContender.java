package syna.bench.ann;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * jvector's in-memory graph (hierarchical, as its HNSW-like default), at jvector's newest release that resolves
 * (4.0.2) with the settings its tutorial recommends ({@code docs/tutorials/1-intro-tutorial.md}: M 32,
 * efConstruction 100, neighborOverflow 1.2, alpha 1.2, addHierarchy, refineFinalGraph). jvector's M is the degree
 * of every layer, so it gets 2M, the base-layer degree the HNSW indexes have (32 at M=16, the tutorial's value).
 */
final class JVectorContender implements Contender {
    private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();
    private final int m;
    private final int efConstruction;
    private ListRandomAccessVectorValues ravv;
    private ImmutableGraphIndex graph;
    private GraphSearcher searcher;

    JVectorContender(int m, int efConstruction) {
        this.m = m;
        this.efConstruction = efConstruction;
    }

    @Override
    public String name() {
        return "jvector";
    }

    @Override
    @SuppressWarnings("deprecation") // the constructor that takes both pools; the builder hides the parallel one
    public void build(float[][] data, int threads) throws Exception {
        close();
        List<VectorFloat<?>> vs = new ArrayList<>(data.length);
        for (float[] v : data) {
            vs.add(VTS.createFloatVector(v));
        }
        ravv = new ListRandomAccessVectorValues(vs, data[0].length);
        BuildScoreProvider bsp = BuildScoreProvider.randomAccessScoreProvider(ravv, VectorSimilarityFunction.DOT_PRODUCT);
        // Separate pools, as jvector's own defaults have: graph tasks wait on distance tasks.
        ForkJoinPool simd = new ForkJoinPool(threads);
        ForkJoinPool parallel = new ForkJoinPool(threads);
        try (GraphIndexBuilder b = new GraphIndexBuilder(bsp, data[0].length, 2 * m, efConstruction, 1.2f, 1.2f, true,
                true, simd, parallel)) {
            graph = b.build(ravv);
        } finally {
            simd.shutdown();
            parallel.shutdown();
        }
        searcher = new GraphSearcher(graph);
    }

    @Override
    public boolean sharesInputVectors() {
        return true;
    }

    @Override
    public int[] search(float[] q, int k, int ef) {
        DefaultSearchScoreProvider ssp = DefaultSearchScoreProvider.exact(VTS.createFloatVector(q),
                VectorSimilarityFunction.DOT_PRODUCT, ravv);
        SearchResult r = searcher.search(ssp, k, Math.max(k, ef), 0f, 0f, Bits.ALL);
        SearchResult.NodeScore[] nodes = r.getNodes();
        int[] out = new int[nodes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = nodes[i].node;
        }
        return out;
    }

    @Override
    public void close() throws java.io.IOException {
        if (searcher != null) {
            searcher.close();
        }
        searcher = null;
        graph = null;
        ravv = null;
    }
}
