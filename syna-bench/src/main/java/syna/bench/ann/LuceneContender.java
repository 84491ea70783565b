package syna.bench.ann;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;

/**
 * Lucene's HNSW (Lucene99HnswVectorsFormat(M, beamWidth)) in an in-memory directory, dot product on unit
 * vectors. One thread indexes into one segment; t threads index into t segments that a forceMerge(1) with t
 * merge workers joins into one graph, Lucene's own parallel path. The query's k is the beam (ef); the top k
 * of its hits are kept.
 */
final class LuceneContender implements Contender {
    private final int m;
    private final int efConstruction;
    private Directory dir;
    private DirectoryReader reader;
    private IndexSearcher searcher;

    LuceneContender(int m, int efConstruction) {
        this.m = m;
        this.efConstruction = efConstruction;
    }

    @Override
    public String name() {
        return "lucene";
    }

    @Override
    public void build(float[][] data, int threads) throws Exception {
        close();
        dir = new ByteBuffersDirectory();
        ExecutorService merges = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        KnnVectorsFormat format = merges == null ? new Lucene99HnswVectorsFormat(m, efConstruction)
                : new Lucene99HnswVectorsFormat(m, efConstruction, threads, merges);
        Codec codec = new FilterCodec(Codec.getDefault().getName(), Codec.getDefault()) {
            private final KnnVectorsFormat perField = new PerFieldKnnVectorsFormat() {
                @Override
                public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return format;
                }
            };

            @Override
            public KnnVectorsFormat knnVectorsFormat() {
                return perField;
            }
        };
        IndexWriterConfig iwc = new IndexWriterConfig().setCodec(codec).setRAMBufferSizeMB(4096)
                .setUseCompoundFile(false);
        try (IndexWriter w = new IndexWriter(dir, iwc)) {
            AtomicInteger next = new AtomicInteger();
            Runnable work = () -> {
                try {
                    for (int i; (i = next.getAndIncrement()) < data.length;) {
                        Document d = new Document();
                        d.add(new KnnFloatVectorField("v", data[i], VectorSimilarityFunction.DOT_PRODUCT));
                        d.add(new NumericDocValuesField("id", i));
                        w.addDocument(d);
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ts.add(Thread.ofPlatform().start(work));
            }
            for (Thread t : ts) {
                t.join();
            }
            w.forceMerge(1);
            w.commit();
        } finally {
            if (merges != null) {
                merges.shutdown();
            }
        }
        reader = DirectoryReader.open(dir);
        searcher = new IndexSearcher(reader);
        searcher.setQueryCache(null);
    }

    @Override
    public boolean sharesInputVectors() {
        return false;
    }

    @Override
    public int[] search(float[] q, int k, int ef) throws Exception {
        TopDocs td = searcher.search(new KnnFloatVectorQuery("v", q, Math.max(k, ef)), Math.max(k, ef));
        int n = Math.min(k, td.scoreDocs.length);
        int[] out = new int[n];
        List<LeafReaderContext> leaves = reader.leaves();
        for (int i = 0; i < n; i++) {
            ScoreDoc sd = td.scoreDocs[i];
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
            NumericDocValues ids = leaf.reader().getNumericDocValues("id");
            ids.advanceExact(sd.doc - leaf.docBase);
            out[i] = (int) ids.longValue();
        }
        return out;
    }

    @Override
    public void close() throws java.io.IOException {
        if (reader != null) {
            reader.close();
        }
        if (dir != null) {
            dir.close();
        }
        reader = null;
        dir = null;
        searcher = null;
    }
}
