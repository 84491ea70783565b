package syna.bench.ann;

import java.util.List;
import java.util.Map;
import syna.api.DistanceMetric;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;

/**
 * A Syna index provider found by ServiceLoader ({@code flat}, {@code hnsw}, ...), cosine metric, built over an
 * {@link ArrayVectorSource} holding one copy of the vectors (as a store holds them for its index).
 */
final class SynaContender implements Contender {
    private final VectorIndexProvider provider;
    private final int m;
    private final int efConstruction;
    /** {@code hnsw} only: {@code none} or {@code int8}. */
    private final String quantization;
    private VectorIndex index;
    private ArrayVectorSource source;

    SynaContender(VectorIndexProvider provider, int m, int efConstruction) {
        this(provider, m, efConstruction, "none");
    }

    SynaContender(VectorIndexProvider provider, int m, int efConstruction, String quantization) {
        this.provider = provider;
        this.m = m;
        this.efConstruction = efConstruction;
        this.quantization = quantization;
    }

    VectorIndex index() {
        return index;
    }

    VectorIndexProvider provider() {
        return provider;
    }

    /** The vectors the index reads (what a loaded index is given again). */
    ArrayVectorSource source() {
        return source;
    }

    @Override
    public String name() {
        return "syna-" + provider.name() + (quantization.equals("none") ? "" : "-" + quantization);
    }

    @Override
    public boolean approximate() {
        return !provider.name().equals("flat");
    }

    @Override
    public void build(float[][] data, int threads) {
        close();
        Map<String, String> params = provider.name().equals("hnsw")
                ? Map.of("m", Integer.toString(m), "ef-construction", Integer.toString(efConstruction),
                        "build-threads", Integer.toString(threads), "seed", "42", "quantization", quantization)
                : provider.name().equals("faiss-hnsw")
                        ? Map.of("m", Integer.toString(m), "ef-construction", Integer.toString(efConstruction),
                                "threads", Integer.toString(threads))
                        : provider.name().startsWith("faiss-") ? Map.of("threads", Integer.toString(threads)) : Map.of();
        source = ArrayVectorSource.of(data, DistanceMetric.COSINE);
        index = provider.create(VectorIndexConfig.of(source, params), source);
        int[] ordinals = new int[data.length];
        for (int i = 0; i < ordinals.length; i++) {
            ordinals[i] = i;
        }
        index.addAll(ordinals);
    }

    void replace(VectorIndex loaded) {
        if (index != null) {
            index.close();
        }
        index = loaded;
    }

    @Override
    public boolean sharesInputVectors() {
        return false;
    }

    /** The int8 index's codes (n × dimension bytes) and per-node float terms, off the heap. */
    @Override
    public long offHeapBytes() {
        return index == null || quantization.equals("none") ? 0 : (long) source.size() * (source.dimension() + 4);
    }

    @Override
    public int[] search(float[] q, int k, int ef) {
        List<VectorHit> hits = index.search(q, k, SearchOptions.defaults().withEffort(ef));
        int[] out = new int[hits.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = hits.get(i).ordinal();
        }
        return out;
    }

    @Override
    public void close() {
        if (index != null) {
            index.close();
            index = null;
        }
        source = null;
    }
}
