package syna.bench.ann;

import java.util.List;
import java.util.Map;
import syna.api.DistanceMetric;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;

/** A Syna index provider found by ServiceLoader ({@code flat}, {@code hnsw}, ...), cosine metric. */
final class SynaContender implements Contender {
    private final VectorIndexProvider provider;
    private final int m;
    private final int efConstruction;
    private VectorIndex index;

    SynaContender(VectorIndexProvider provider, int m, int efConstruction) {
        this.provider = provider;
        this.m = m;
        this.efConstruction = efConstruction;
    }

    VectorIndex index() {
        return index;
    }

    VectorIndexProvider provider() {
        return provider;
    }

    @Override
    public String name() {
        return "syna-" + provider.name();
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
                        "build-threads", Integer.toString(threads), "seed", "42")
                : Map.of();
        index = provider.create(new VectorIndexConfig(data[0].length, DistanceMetric.COSINE, params));
        long[] ids = new long[data.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        index.addAll(ids, data);
    }

    void replace(VectorIndex loaded) {
        close();
        index = loaded;
    }

    @Override
    public boolean sharesInputVectors() {
        return false;
    }

    @Override
    public int[] search(float[] q, int k, int ef) {
        List<VectorHit> hits = index.search(q, k, SearchOptions.defaults().withEffort(ef));
        int[] out = new int[hits.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) hits.get(i).id();
        }
        return out;
    }

    @Override
    public void close() {
        if (index != null) {
            index.close();
            index = null;
        }
    }
}
