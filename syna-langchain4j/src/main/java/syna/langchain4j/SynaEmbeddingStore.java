package syna.langchain4j;

import static dev.langchain4j.internal.ValidationUtils.ensureConsistentSizes;
import static dev.langchain4j.internal.ValidationUtils.ensureNotBlank;
import static dev.langchain4j.internal.ValidationUtils.ensureNotNull;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import syna.api.Atom;
import syna.api.Database;
import syna.api.IndexStatus;
import syna.api.DatabaseOptions;
import syna.api.DistanceMetric;
import syna.api.Durability;
import syna.api.InvalidArgumentException;
import syna.api.Syna;
import syna.api.VectorMatch;
import syna.api.VectorQuery;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;
import syna.langchain4j.internal.FilterProjection;
import syna.langchain4j.internal.MetadataCache;
import syna.langchain4j.internal.Relevance;
import syna.langchain4j.internal.SegmentCodec;

/**
 * A LangChain4j {@link EmbeddingStore} of {@link TextSegment}s kept in a Syna vector store: every add and
 * remove is one atomic, durable log batch (by the database's durability mode), so a close and reopen, or a
 * crash, returns what was acknowledged.
 *
 * <pre>{@code
 * try (SynaEmbeddingStore store = SynaEmbeddingStore.builder()
 *         .path(Path.of("rag-db")).dimension(384).metric(DistanceMetric.COSINE).build()) {
 *     store.add(embedding, TextSegment.from("text", Metadata.from("lang", "en")));
 *     store.search(EmbeddingSearchRequest.builder().queryEmbedding(query).maxResults(5)
 *             .filter(metadataKey("lang").isEqualTo("en")).build());
 * }
 * }</pre>
 *
 * <p>Segment metadata keeps its exact type ({@code String}, {@code UUID}, {@code Integer}, {@code Long},
 * {@code Float}, {@code Double}) across a reopen. A search's {@link Filter} runs inside Syna's vector search
 * against each candidate's metadata, with LangChain4j's own semantics (the filter's {@code test}), so a
 * selective filter still returns {@code maxResults} matches when that many exist. An embedding added without
 * a segment has empty metadata: negations ({@code isNotEqualTo}, {@code isNotIn}, {@code not}) match it.
 * Scores are LangChain4j relevance scores in [0, 1] (cosine: {@code (cos + 1) / 2}), highest first. Below the
 * store's index threshold (default 10,000 embeddings) search is exact.
 *
 * <p>Built from a {@link Builder#path(Path) path}, the store owns its database and {@link #close()} closes
 * it; built {@link #fromDatabase(Database, String, int) from a database}, closing leaves the database open.
 *
 * <p>Thread-safe: concurrent searches, adds and removes are serialised by the vector store (concurrent reads,
 * one writer). A search reads each match's segment just after the vector search: a match removed or replaced
 * by another thread in between (so that it no longer passes the filter) is left out, so a search racing with
 * writes may return fewer than {@code maxResults}. {@link #removeAll(Filter)} reads the matching ids, then removes them in one batch: an
 * embedding added meanwhile is not removed. {@code close()} is idempotent; use after close throws
 * {@link syna.api.ClosedException}.
 */
public final class SynaEmbeddingStore implements EmbeddingStore<TextSegment>, AutoCloseable {
    /** Store name used when none is given. */
    public static final String DEFAULT_NAME = "langchain4j";

    private final VectorStore store;
    /** Decoded metadata for filters, reused across searches. */
    private final MetadataCache metadataCache = new MetadataCache();
    private final String name;
    private final Optional<Database> ownedDatabase;

    private SynaEmbeddingStore(VectorStore store, String name, Optional<Database> ownedDatabase) {
        this.store = store;
        this.name = name;
        this.ownedDatabase = ownedDatabase;
    }

    /** A builder; set {@link Builder#path(Path)} or {@link Builder#database(Database)}, and the dimension. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The store {@code name} (created if missing) of cosine embeddings of {@code dimension} inside the open
     * {@code database}; closing the store leaves the database open.
     */
    public static SynaEmbeddingStore fromDatabase(Database database, String name, int dimension) {
        return builder().database(database).name(name).dimension(dimension).build();
    }

    // ---- add ----------------------------------------------------------------------------------

    @Override
    public String add(Embedding embedding) {
        String id = generateIds(1).getFirst();
        add(id, embedding);
        return id;
    }

    @Override
    public void add(String id, Embedding embedding) {
        addAll(List.of(ensureNotBlank(id, "id")), List.of(ensureNotNull(embedding, "embedding")), null);
    }

    @Override
    public String add(Embedding embedding, TextSegment textSegment) {
        String id = generateIds(1).getFirst();
        addAll(List.of(id), List.of(ensureNotNull(embedding, "embedding")),
                textSegment == null ? null : List.of(textSegment));
        return id;
    }

    @Override
    public List<String> addAll(List<Embedding> embeddings) {
        return addAll(embeddings, null);
    }

    @Override
    public List<String> addAll(List<Embedding> embeddings, List<TextSegment> embedded) {
        List<String> ids = generateIds(embeddings == null ? 0 : embeddings.size());
        addAll(ids, embeddings, embedded);
        return ids;
    }

    /**
     * Adds (or replaces, for an existing id) the embeddings with their segments, all or none, in one atomic
     * batch. Sizes are checked as LangChain4j's {@code ValidationUtils.ensureConsistentSizes} does; nothing
     * to add is a no-op.
     */
    @Override
    public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> embedded) {
        ensureConsistentSizes(ids, embeddings, embedded);
        if (embeddings == null || embeddings.isEmpty()) {
            return;
        }
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        List<Map<String, Atom>> metadata = new ArrayList<>(embeddings.size());
        for (int i = 0; i < embeddings.size(); i++) {
            ensureNotBlank(ids.get(i), "id");
            vectors.add(ensureNotNull(embeddings.get(i), "embedding").vector());
            metadata.add(SegmentCodec.encode(embedded == null ? null : embedded.get(i)));
        }
        store.insertBatch(ids, vectors, metadata);
    }

    // ---- remove -------------------------------------------------------------------------------

    @Override
    public void remove(String id) {
        store.delete(ensureNotBlank(id, "id"));
        metadataCache.forget(id);
    }

    /** Removes the embeddings of {@code ids} in one atomic batch; {@code null} or empty is a no-op. */
    @Override
    public void removeAll(Collection<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return;
        }
        for (String id : ids) {
            ensureNotBlank(id, "id");
        }
        store.deleteBatch(ids);
        ids.forEach(metadataCache::forget);
    }

    /** Removes every embedding whose segment metadata {@code filter} accepts, in one atomic batch. */
    @Override
    public void removeAll(Filter filter) {
        ensureNotNull(filter, "filter");
        FilterProjection projection = FilterProjection.of(filter, metadataCache);
        List<String> matching = new ArrayList<>();
        for (String id : store.keys()) {
            if (projection.test(id, store.metadata(id))) {
                matching.add(id);
            }
        }
        if (!matching.isEmpty()) {
            store.deleteBatch(matching);
            matching.forEach(metadataCache::forget);
        }
    }

    /** Removes every embedding, in one atomic batch. */
    @Override
    public void removeAll() {
        List<String> all = store.keys();
        if (!all.isEmpty()) {
            store.deleteBatch(all);
        }
        metadataCache.clear();
    }

    // ---- search -------------------------------------------------------------------------------

    /**
     * The {@code maxResults} embeddings closest to the query that pass the request's filter and reach its
     * {@code minScore}, highest score first.
     */
    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        ensureNotNull(request, "request");
        Embedding query = ensureNotNull(request.queryEmbedding(), "queryEmbedding");
        VectorQuery vectorQuery = VectorQuery.defaults().withVectors();
        Filter filter = request.filter();
        if (filter != null) {
            vectorQuery = vectorQuery.withFilter(FilterProjection.of(filter, metadataCache));
        }
        long size = store.size();
        if (size == 0) {
            return new EmbeddingSearchResult<>(List.of());
        }
        // maxResults may be huge ("everything"); never ask the search for more than the store holds
        int k = (int) Math.min(request.maxResults(), size);
        List<VectorMatch> found = store.search(query.vector(), k, vectorQuery);
        List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>(found.size());
        for (VectorMatch m : found) {
            double score = Relevance.score(store.metric(), m.distance());
            if (score < request.minScore()) {
                break; // sorted by distance, so by score: the rest score lower
            }
            Map<String, Atom> atoms = store.metadata(m.key());
            if (atoms.isEmpty() && !store.contains(m.key())) {
                continue; // removed by another thread since the search saw it
            }
            if (filter != null && !filter.test(SegmentCodec.metadata(m.key(), atoms))) {
                continue; // replaced by another thread since the search saw it, and no longer passes
            }
            matches.add(new EmbeddingMatch<>(score, m.key(), Embedding.from(m.vector().orElseThrow()),
                    SegmentCodec.decode(m.key(), atoms)));
        }
        return new EmbeddingSearchResult<>(matches);
    }

    /** Runs {@link #search} on the calling thread: Syna is embedded, there is no remote call to wait for. */
    @Override
    public CompletableFuture<EmbeddingSearchResult<TextSegment>> searchAsync(EmbeddingSearchRequest request) {
        try {
            return CompletableFuture.completedFuture(search(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ---- misc ---------------------------------------------------------------------------------

    /** Number of embeddings. */
    public long size() {
        return store.size();
    }

    /** Vector dimension. */
    public int dimension() {
        return store.dimension();
    }

    /** Distance metric. */
    public DistanceMetric metric() {
        return store.metric();
    }

    /**
     * Makes every add and remove so far durable, whatever the durability mode, and saves the index once it
     * holds every embedding; never waits for the index (adds are indexed in the background; searches meanwhile
     * scan the rest exactly).
     */
    public void checkpoint() {
        store.checkpoint();
    }

    /** Where the index stands: building or ready, embeddings covered, an estimate of the time left. */
    public IndexStatus indexStatus() {
        return store.indexStatus();
    }

    /** Waits at most {@code timeout} until the index holds every embedding; returns whether it does. */
    public boolean awaitIndex(Duration timeout) {
        return store.awaitIndex(timeout);
    }

    /** Closes the vector store and, when this store opened it from a path, the database; idempotent. */
    @Override
    public void close() {
        try {
            store.close();
        } finally {
            ownedDatabase.ifPresent(Database::close);
        }
    }

    @Override
    public String toString() {
        return "SynaEmbeddingStore[name=" + name + ", dimension=" + store.dimension() + ", metric=" + store.metric()
                + ", ownsDatabase=" + ownedDatabase.isPresent() + "]";
    }

    /**
     * Builds a {@link SynaEmbeddingStore}, validated once in {@link #build()}. Not thread-safe; one per
     * thread.
     */
    public static final class Builder {
        private Path path;
        private Database database;
        private String name = DEFAULT_NAME;
        private Integer dimension;
        private DistanceMetric metric = DistanceMetric.COSINE;
        private String index;
        private Integer indexThreshold;
        private Durability durability;

        private Builder() {}

        /** Directory of the database the store opens (creating it if missing) and owns. */
        public Builder path(Path path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /** An open database to keep the store in; the store does not close it. */
        public Builder database(Database database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        /** Name of the vector store inside the database (default {@value #DEFAULT_NAME}). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Embedding dimension (required): the embedding model's, e.g. 384. */
        public Builder dimension(int dimension) {
            this.dimension = dimension;
            return this;
        }

        /** Distance metric (default cosine); fixed when the store is created. */
        public Builder metric(DistanceMetric metric) {
            this.metric = Objects.requireNonNull(metric, "metric");
            return this;
        }

        /** Index provider by name (e.g. {@code "hnsw"}, its module on the path); default: Syna's choice. */
        public Builder index(String provider) {
            this.index = Objects.requireNonNull(provider, "index");
            return this;
        }

        /** Search is exact below this many embeddings (default 10,000). */
        public Builder indexThreshold(int embeddings) {
            this.indexThreshold = embeddings;
            return this;
        }

        /** Durability of the database opened from {@link #path(Path)} (default: Syna's, group commit). */
        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        /** Validates, opens the database (with {@link #path(Path)}) and the vector store. */
        public SynaEmbeddingStore build() {
            if ((path == null) == (database == null)) {
                throw new InvalidArgumentException("SynaEmbeddingStore needs exactly one of path(...) or database(...), got "
                        + (path == null ? "neither" : "both"));
            }
            if (database != null && durability != null) {
                throw new InvalidArgumentException("durability(" + durability + ") applies only to a database opened "
                        + "from path(...); database(...) keeps the durability it was opened with");
            }
            if (dimension == null) {
                throw new InvalidArgumentException("SynaEmbeddingStore needs dimension(...), the embedding model's dimension");
            }
            VectorStoreOptions.Builder options = VectorStoreOptions.builder(dimension).metric(metric);
            if (index != null) {
                options.index(index);
            }
            if (indexThreshold != null) {
                options.indexThreshold(indexThreshold);
            }
            VectorStoreOptions vectorOptions = options.build();
            if (database != null) {
                return new SynaEmbeddingStore(Syna.vectorStore(database, name, vectorOptions), name, Optional.empty());
            }
            DatabaseOptions.Builder dbOptions = Syna.builder(path);
            if (durability != null) {
                dbOptions.durability(durability);
            }
            Database opened = dbOptions.open();
            try {
                return new SynaEmbeddingStore(Syna.vectorStore(opened, name, vectorOptions), name, Optional.of(opened));
            } catch (RuntimeException e) {
                opened.close(); // a half-built store closes what it opened
                throw e;
            }
        }
    }
}
