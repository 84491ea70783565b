package syna.bench.ann;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import java.util.ArrayList;
import java.util.List;

/** hnswlib-java (jelmerk), inner product on unit vectors. */
final class HnswlibContender implements Contender {
    private final int m;
    private final int efConstruction;
    private HnswIndex<Integer, float[], Row, Float> index;

    /** An hnswlib item: a row of the data set. */
    record Row(Integer id, float[] vector) implements Item<Integer, float[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public int dimensions() {
            return vector.length;
        }
    }

    HnswlibContender(int m, int efConstruction) {
        this.m = m;
        this.efConstruction = efConstruction;
    }

    @Override
    public String name() {
        return "hnswlib";
    }

    @Override
    public void build(float[][] data, int threads) throws Exception {
        index = HnswIndex.newBuilder(data[0].length, DistanceFunctions.FLOAT_INNER_PRODUCT, data.length)
                .withM(m).withEfConstruction(efConstruction).withEf(10).build();
        List<Row> rows = new ArrayList<>(data.length);
        for (int i = 0; i < data.length; i++) {
            rows.add(new Row(i, data[i]));
        }
        index.addAll(rows, threads, (done, max) -> { }, Integer.MAX_VALUE);
    }

    @Override
    public boolean sharesInputVectors() {
        return true;
    }

    @Override
    public int[] search(float[] q, int k, int ef) {
        index.setEf(Math.max(k, ef));
        List<SearchResult<Row, Float>> r = index.findNearest(q, k);
        int[] out = new int[r.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.get(i).item().id();
        }
        return out;
    }

    @Override
    public void close() {
        index = null;
    }
}
