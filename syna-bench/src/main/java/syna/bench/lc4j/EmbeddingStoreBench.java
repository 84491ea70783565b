package syna.bench.lc4j;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.MetadataFilterBuilder;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import syna.api.DistanceMetric;
import syna.api.Durability;
import syna.api.spi.Providers;
import syna.api.spi.VectorIndexProvider;
import syna.bench.report.MachineInfo;
import syna.langchain4j.SynaEmbeddingStore;

/**
 * {@code bench/lc4j.sh}: ingest N segments (seeded, clustered, unit-length 384-d embeddings with an
 * integer {@code bucket} in their metadata) into {@code SynaEmbeddingStore} and LangChain4j's
 * {@code InMemoryEmbeddingStore}, then query both without a filter and with filters matching 10% and
 * 1% of the entries. Reports adds/s (Syna's as acknowledged, and until its index has caught up), single-thread QPS and recall@10 of Syna against the in-memory
 * store, which searches exhaustively and so is the exact answer. One JVM, same data, same machine.
 */
public final class EmbeddingStoreBench {
    private static final int DIM = 384;

    private EmbeddingStoreBench() {}

    public static void main(String[] args) throws IOException {
        int n = intArg(args, "--segments", 100_000);
        int queries = intArg(args, "--queries", 200);
        long seed = Long.parseLong(stringArg(args, "--seed", "42"));
        System.out.println("# Syna LangChain4j embedding-store benchmark");
        MachineInfo.current(System.getProperty("syna.bench.commit", "")).fields()
                .forEach((k, v) -> System.out.println("# " + k + ": " + v));
        String index = Providers.find(VectorIndexProvider.class, "hnsw").isPresent() ? "hnsw" : "flat";
        System.out.printf(Locale.ROOT, "# segments %,d  queries %d  dimension %d  seed %d  Syna index %s%n", n, queries,
                DIM, seed, index);

        SplittableRandom r = new SplittableRandom(seed);
        float[][] centres = new float[64][DIM];
        for (float[] c : centres) {
            for (int j = 0; j < DIM; j++) {
                c[j] = (float) r.nextDouble(-1, 1);
            }
        }
        List<Embedding> embeddings = new ArrayList<>(n);
        List<TextSegment> segments = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            embeddings.add(Embedding.from(clustered(r, centres)));
            segments.add(TextSegment.from("segment " + i, new Metadata().put("bucket", i % 100)));
        }
        List<Embedding> qs = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            qs.add(Embedding.from(clustered(r, centres)));
        }

        Path dir = Files.createTempDirectory("syna-lc4j-bench");
        try (SynaEmbeddingStore syna = SynaEmbeddingStore.builder().path(dir).dimension(DIM)
                .metric(DistanceMetric.COSINE).index(index).durability(Durability.NONE).build()) {
            InMemoryEmbeddingStore<TextSegment> memory = new InMemoryEmbeddingStore<>();
            long t0 = System.nanoTime();
            double synaAdds = ingest(syna, embeddings, segments);
            // Syna acknowledges adds before its index holds them (searches scan that tail exactly); wait for the
            // index to catch up and checkpoint (which then saves it), so queries below run on a settled store.
            syna.awaitIndex(java.time.Duration.ofHours(1));
            syna.checkpoint();
            double synaIndexed = n / ((System.nanoTime() - t0) / 1e9);
            double memoryAdds = ingest(memory, embeddings, segments);
            System.out.printf(Locale.ROOT, "%nadds/s: Syna %,.0f   in-memory %,.0f   ratio %.2f%n", synaAdds, memoryAdds,
                    synaAdds / memoryAdds);
            System.out.printf(Locale.ROOT, "adds/s including Syna's index catch-up and save (checkpoint): Syna %,.0f%n",
                    synaIndexed);

            System.out.printf(Locale.ROOT, "%n%-16s %12s %12s %8s %12s%n", "filter", "Syna QPS", "memory QPS", "ratio",
                    "recall@10");
            row("none", null, syna, memory, qs);
            row("10% (bucket<10)", MetadataFilterBuilder.metadataKey("bucket").isLessThan(10), syna, memory, qs);
            row("1% (bucket=7)", MetadataFilterBuilder.metadataKey("bucket").isEqualTo(7), syna, memory, qs);
        } finally {
            deleteTree(dir);
        }
    }

    private static float[] clustered(SplittableRandom r, float[][] centres) {
        float[] c = centres[r.nextInt(centres.length)];
        float[] v = new float[DIM];
        double norm = 0;
        for (int j = 0; j < DIM; j++) {
            v[j] = (float) (c[j] + r.nextDouble(-0.35, 0.35));
            norm += (double) v[j] * v[j];
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int j = 0; j < DIM; j++) {
            v[j] *= inv;
        }
        return v;
    }

    private static double ingest(EmbeddingStore<TextSegment> store, List<Embedding> e, List<TextSegment> s) {
        long t0 = System.nanoTime();
        for (int i = 0; i < e.size(); i += 1000) {
            int end = Math.min(e.size(), i + 1000);
            store.addAll(e.subList(i, end), s.subList(i, end));
        }
        return e.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private static void row(String name, Filter filter, EmbeddingStore<TextSegment> syna,
            EmbeddingStore<TextSegment> memory, List<Embedding> qs) {
        // warm up both on the first queries, then time a full pass each
        for (int i = 0; i < Math.min(20, qs.size()); i++) {
            search(syna, qs.get(i), filter);
            search(memory, qs.get(i), filter);
        }
        List<List<String>> found = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Embedding q : qs) {
            found.add(search(syna, q, filter));
        }
        double synaQps = qs.size() / ((System.nanoTime() - t0) / 1e9);
        List<List<String>> exact = new ArrayList<>();
        t0 = System.nanoTime();
        for (Embedding q : qs) {
            exact.add(search(memory, q, filter));
        }
        double memoryQps = qs.size() / ((System.nanoTime() - t0) / 1e9);
        double recall = 0;
        for (int i = 0; i < qs.size(); i++) {
            Set<String> truth = new HashSet<>(exact.get(i));
            recall += truth.isEmpty() ? 1 : (double) found.get(i).stream().filter(truth::contains).count() / truth.size();
        }
        System.out.printf(Locale.ROOT, "%-16s %,12.0f %,12.0f %7.1fx %12.3f%n", name, synaQps, memoryQps,
                synaQps / memoryQps, recall / qs.size());
    }

    private static List<String> search(EmbeddingStore<TextSegment> store, Embedding q, Filter filter) {
        EmbeddingSearchRequest.EmbeddingSearchRequestBuilder b = EmbeddingSearchRequest.builder().queryEmbedding(q)
                .maxResults(10);
        if (filter != null) {
            b.filter(filter);
        }
        return store.search(b.build()).matches().stream().map(EmbeddingMatch::embedded).map(TextSegment::text).toList();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int intArg(String[] args, String name, int def) {
        return Integer.parseInt(stringArg(args, name, Integer.toString(def)));
    }

    private static String stringArg(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }
}
