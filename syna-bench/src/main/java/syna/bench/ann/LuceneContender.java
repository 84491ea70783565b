package syna.bench.ann;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * Lucene's HNSW as Lucene is meant to run: {@code Lucene99HnswVectorsFormat(M, beamWidth)} in an
 * {@link MMapDirectory} on a temporary directory (so the vectors are scored through Lucene's
 * memory-segment path), dot product on unit vectors, one segment. One thread indexes into one segment; t
 * threads index into t segments that {@code forceMerge(1)} with t merge workers joins into one graph,
 * Lucene's own parallel path. Searched one of two ways, each a contender of its own: through
 * {@link IndexSearcher} with a {@link KnnFloatVectorQuery} of k = ef (what an application writes), or at
 * the leaf with {@link LeafReader#searchNearestVectors} (the graph search alone); the top k of the ef hits
 * are kept. Doc ids map to rows through an array built once after the build, as Syna returns its ids.
 *
 * <p>Quantized variants use Lucene 10.6's {@code Lucene104HnswScalarQuantizedVectorsFormat} (the successor of
 * {@code Lucene99HnswScalarQuantizedVectorsFormat}, which 10.x keeps in backward-codecs only) with 8-bit
 * ({@code UNSIGNED_BYTE}) or 1-bit ({@code SINGLE_BIT_QUERY_NIBBLE}, Lucene's binary quantization) codes; they are
 * searched at the leaf, as Lucene scores them (quantized scores), or with the ef hits re-scored on the float vectors
 * the format keeps ({@code -rescored}), as Syna's int8 index re-ranks.
 *
 * <p>Memory: the heap the build keeps (the harness's heap delta) plus the index files, which the searches
 * read through the page cache ({@link #offHeapBytes()}). The directory lives under
 * {@code -Dsyna.bench.tmp} (default {@code java.io.tmpdir}) and is deleted on {@link #close()}.
 * Not thread-safe; the harness drives it.
 */
final class LuceneContender implements Contender {
    /** How queries reach the graph. */
    enum Route {
        /** {@code IndexSearcher.search(new KnnFloatVectorQuery(field, q, ef), ef)}. */
        SEARCHER,
        /** {@code LeafReader.searchNearestVectors(field, q, ef, liveDocs, Integer.MAX_VALUE)}. */
        LEAF
    }

    /** The vectors format. */
    enum Quant {
        /** {@code Lucene99HnswVectorsFormat}: float32. */
        NONE(""),
        /** {@code Lucene104HnswScalarQuantizedVectorsFormat(UNSIGNED_BYTE)}: 8 bits a dimension. */
        SQ8("-sq8"),
        /** {@code Lucene104HnswScalarQuantizedVectorsFormat(SINGLE_BIT_QUERY_NIBBLE)}: 1 bit a dimension. */
        BQ1("-bq1");

        final String suffix;

        Quant(String suffix) {
            this.suffix = suffix;
        }
    }

    private static final String FIELD = "v";
    private final int m;
    private final int efConstruction;
    private final Route path;
    private final Quant quant;
    private final boolean rescore;
    private FloatVectorValues floats;
    private Path tmp;
    private MMapDirectory dir;
    private DirectoryReader reader;
    private IndexSearcher searcher;
    private LeafReader leaf;
    private AcceptDocs acceptDocs;
    private int[] rowOfDoc;

    LuceneContender(int m, int efConstruction, Route path) {
        this(m, efConstruction, path, Quant.NONE, false);
    }

    LuceneContender(int m, int efConstruction, Route path, Quant quant, boolean rescore) {
        this.m = m;
        this.efConstruction = efConstruction;
        this.path = path;
        this.quant = quant;
        this.rescore = rescore;
    }

    @Override
    public String name() {
        return (path == Route.SEARCHER ? "lucene" : "lucene-leaf") + quant.suffix + (rescore ? "-rescored" : "");
    }

    private KnnVectorsFormat format(int threads, ExecutorService merges) {
        if (quant == Quant.NONE) {
            return merges == null ? new Lucene99HnswVectorsFormat(m, efConstruction)
                    : new Lucene99HnswVectorsFormat(m, efConstruction, threads, merges);
        }
        ScalarEncoding e = quant == Quant.SQ8 ? ScalarEncoding.UNSIGNED_BYTE : ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE;
        return merges == null ? new Lucene104HnswScalarQuantizedVectorsFormat(e, m, efConstruction)
                : new Lucene104HnswScalarQuantizedVectorsFormat(e, m, efConstruction, threads, merges);
    }

    @Override
    public void build(float[][] data, int threads) throws Exception {
        close();
        tmp = Files.createTempDirectory(Path.of(System.getProperty("syna.bench.tmp", System.getProperty("java.io.tmpdir"))),
                "ann-lucene-");
        dir = new MMapDirectory(tmp);
        ExecutorService merges = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        KnnVectorsFormat format = format(threads, merges);
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
                        d.add(new KnnFloatVectorField(FIELD, data[i], VectorSimilarityFunction.DOT_PRODUCT));
                        d.add(new NumericDocValuesField("id", i));
                        w.addDocument(d);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
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
        if (reader.leaves().size() != 1) {
            throw new IllegalStateException("expected one segment after forceMerge(1), got " + reader.leaves().size());
        }
        searcher = new IndexSearcher(reader);
        searcher.setQueryCache(null);
        leaf = reader.leaves().getFirst().reader();
        acceptDocs = AcceptDocs.fromLiveDocs(leaf.getLiveDocs(), leaf.maxDoc());
        floats = rescore ? leaf.getFloatVectorValues(FIELD) : null;
        rowOfDoc = new int[leaf.maxDoc()];
        NumericDocValues ids = leaf.getNumericDocValues("id");
        for (int doc = ids.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = ids.nextDoc()) {
            rowOfDoc[doc] = (int) ids.longValue();
        }
    }

    @Override
    public boolean sharesInputVectors() {
        return false;
    }

    @Override
    public long offHeapBytes() {
        if (tmp == null) {
            return 0;
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int[] search(float[] q, int k, int ef) throws Exception {
        int beam = Math.max(k, ef);
        TopDocs td = path == Route.SEARCHER
                ? searcher.search(new KnnFloatVectorQuery(FIELD, q, beam), beam)
                : leaf.searchNearestVectors(FIELD, q, beam, acceptDocs, Integer.MAX_VALUE);
        if (rescore) {
            // Every vector has the field, so ordinal = doc in the one segment.
            ScoreDoc[] sd = td.scoreDocs;
            for (ScoreDoc d : sd) {
                d.score = VectorUtil.dotProduct(q, floats.vectorValue(d.doc));
            }
            java.util.Arrays.sort(sd, (a, b) -> Float.compare(b.score, a.score));
        }
        int n = Math.min(k, td.scoreDocs.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            ScoreDoc sd = td.scoreDocs[i];
            out[i] = rowOfDoc[sd.doc]; // one segment: its doc base is 0
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
        if (dir != null) {
            dir.close();
        }
        if (tmp != null) {
            try (Stream<Path> walk = Files.walk(tmp)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        reader = null;
        dir = null;
        searcher = null;
        leaf = null;
        acceptDocs = null;
        rowOfDoc = null;
        floats = null;
        tmp = null;
    }
}
