package syna.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.CosineSimilarity;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.RelevanceScore;
import dev.langchain4j.store.embedding.filter.Filter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import syna.api.Database;
import syna.api.DistanceMetric;
import syna.api.Durability;
import syna.api.InvalidArgumentException;
import syna.api.Syna;

class SynaEmbeddingStoreTest {
    private static final HashingEmbeddingModel MODEL = new HashingEmbeddingModel(384);
    private static final UUID ID = UUID.fromString("6f1c2a1e-8a43-4d0e-9d65-0f3a4b7e2c11");

    @TempDir
    Path dir;

    private SynaEmbeddingStore open() {
        return SynaEmbeddingStore.builder().path(dir).dimension(384).durability(Durability.NONE).build();
    }

    private static Metadata everyType() {
        return new Metadata()
                .put("string", "Klaus")
                .put("uuid", ID)
                .put("int", Integer.MIN_VALUE)
                .put("smallLong", 7L) // fits an int, must come back as a Long
                .put("long", Long.MAX_VALUE)
                .put("float", 0.1f) // not exactly a double: must come back as the same float
                .put("double", 0.1d)
                .put("wholeDouble", 3.0d); // integral, must stay a Double
    }

    private static List<EmbeddingMatch<TextSegment>> all(SynaEmbeddingStore store) {
        return store.search(EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(MODEL.vector("query"))).maxResults(1000).build()).matches();
    }

    @Test
    void closeAndReopenReturnsTheSameResultsWithExactMetadataTypes() {
        TextSegment typed = TextSegment.from("every metadata type", everyType());
        List<EmbeddingMatch<TextSegment>> before;
        String bare;
        try (SynaEmbeddingStore store = open()) {
            store.add(Embedding.from(MODEL.vector(typed.text())), typed);
            bare = store.add(Embedding.from(MODEL.vector("no segment")));
            store.addAll(List.of("a", "b"), List.of(Embedding.from(MODEL.vector("alpha")), Embedding.from(MODEL.vector("beta"))),
                    List.of(TextSegment.from("alpha"), TextSegment.from("beta", Metadata.from("k", "v"))));
            store.remove("a");
            before = all(store);
        }
        try (SynaEmbeddingStore store = open()) {
            List<EmbeddingMatch<TextSegment>> after = all(store);
            assertThat(after).isEqualTo(before).hasSize(3);
            TextSegment back = after.stream().filter(m -> m.embedded() != null && m.embedded().text().equals(typed.text()))
                    .findFirst().orElseThrow().embedded();
            Map<String, Object> values = back.metadata().toMap();
            everyType().toMap().forEach((key, value) -> {
                assertThat(values.get(key)).as(key).isEqualTo(value);
                assertThat(values.get(key)).as(key).isExactlyInstanceOf(value.getClass());
            });
            assertThat(values).hasSameSizeAs(everyType().toMap());
            assertThat(after.stream().filter(m -> m.embeddingId().equals(bare)).findFirst().orElseThrow().embedded()).isNull();
            // the typed values still drive filters after the reopen
            assertThat(store.search(request(metadataKey("float").isEqualTo(0.1f))).matches()).hasSize(1);
            assertThat(store.search(request(metadataKey("smallLong").isGreaterThan(6))).matches()).hasSize(1);
            assertThat(store.search(request(metadataKey("uuid").isEqualTo(ID))).matches()).hasSize(1);
        }
    }

    private static EmbeddingSearchRequest request(Filter filter) {
        return EmbeddingSearchRequest.builder().queryEmbedding(Embedding.from(MODEL.vector("query")))
                .maxResults(10).filter(filter).build();
    }

    @Test
    void negationsMatchEmbeddingsStoredWithoutSegment() {
        try (SynaEmbeddingStore store = open()) {
            String bare = store.add(Embedding.from(MODEL.vector("bare")));
            store.add(Embedding.from(MODEL.vector("x")), TextSegment.from("x", Metadata.from("type", "a")));
            assertThat(store.search(request(metadataKey("type").isNotEqualTo("a"))).matches())
                    .extracting(EmbeddingMatch::embeddingId).containsExactly(bare);
            assertThat(store.search(request(metadataKey("type").isEqualTo("a"))).matches()).hasSize(1);
            store.removeAll(Filter.not(metadataKey("type").isEqualTo("a")));
            assertThat(all(store)).extracting(m -> m.embedded().text()).containsExactly("x");
            store.removeAll();
            assertThat(all(store)).isEmpty();
            assertThat(store.size()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(DistanceMetric.class)
    void scoresAreRelevanceInZeroOneSortedForEveryMetric(DistanceMetric metric) {
        try (SynaEmbeddingStore store = SynaEmbeddingStore.builder().path(dir).dimension(384).metric(metric)
                .durability(Durability.NONE).build()) {
            List<String> texts = List.of("hello world", "hello there", "goodbye", "world peace", "hi");
            for (String t : texts) {
                store.add(Embedding.from(MODEL.vector(t)), TextSegment.from(t));
            }
            Embedding query = Embedding.from(MODEL.vector("hello world"));
            List<EmbeddingMatch<TextSegment>> matches = store.search(
                    EmbeddingSearchRequest.builder().queryEmbedding(query).maxResults(10).build()).matches();
            assertThat(matches).hasSize(texts.size());
            assertThat(matches.getFirst().embedded().text()).isEqualTo("hello world");
            assertThat(matches.getFirst().score()).isCloseTo(1.0, within(1e-6));
            for (int i = 0; i < matches.size(); i++) {
                EmbeddingMatch<TextSegment> m = matches.get(i);
                // unit vectors: every metric gives LangChain4j's cosine relevance
                assertThat(m.score()).isBetween(0.0, 1.0)
                        .isCloseTo(RelevanceScore.fromCosineSimilarity(CosineSimilarity.between(query, m.embedding())), within(1e-5));
                if (i > 0) {
                    assertThat(m.score()).isLessThanOrEqualTo(matches.get(i - 1).score());
                }
            }
            double cut = matches.get(2).score();
            assertThat(store.search(EmbeddingSearchRequest.builder().queryEmbedding(query).maxResults(10).minScore(cut)
                    .build()).matches()).hasSize(3);
        }
    }

    @Test
    void builderValidatesOnceAndNamesWhatIsWrong() {
        assertThatThrownBy(() -> SynaEmbeddingStore.builder().dimension(3).build())
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("neither");
        assertThatThrownBy(() -> SynaEmbeddingStore.builder().path(dir).build())
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("dimension(...)");
        try (Database db = Syna.builder(dir.resolve("db")).durability(Durability.NONE).open()) {
            assertThatThrownBy(() -> SynaEmbeddingStore.builder().path(dir).database(db).dimension(3).build())
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("both");
            assertThatThrownBy(() -> SynaEmbeddingStore.builder().database(db).dimension(3).durability(Durability.ALWAYS).build())
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("durability(ALWAYS)");
        }
    }

    @Test
    void fromDatabaseLeavesTheDatabaseOpenAndStoresAreSeparateByName() {
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open()) {
            try (SynaEmbeddingStore docs = SynaEmbeddingStore.fromDatabase(db, "docs", 3);
                    SynaEmbeddingStore notes = SynaEmbeddingStore.fromDatabase(db, "notes", 3)) {
                docs.add("d1", Embedding.from(new float[] {1, 0, 0}));
                notes.add("n1", Embedding.from(new float[] {0, 1, 0}));
                assertThat(docs.size()).isEqualTo(1);
                assertThat(notes.size()).isEqualTo(1);
                assertThat(docs.toString()).contains("name=docs", "dimension=3", "metric=COSINE", "ownsDatabase=false");
            }
            db.putText("still-open", "yes");
            try (SynaEmbeddingStore docs = SynaEmbeddingStore.fromDatabase(db, "docs", 3)) {
                assertThat(docs.size()).isEqualTo(1);
            }
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseIsTyped() {
        SynaEmbeddingStore store = open();
        store.close();
        store.close();
        assertThatThrownBy(() -> store.add(Embedding.from(MODEL.vector("late"))))
                .isInstanceOf(syna.api.ClosedException.class);
        try (SynaEmbeddingStore reopened = open()) { // the owned database was closed, its lock released
            assertThat(reopened.size()).isZero();
        }
    }

    @Test
    void customFiltersSeeTheWholeMetadataAndHugeMaxResultsMeansEverything() {
        try (SynaEmbeddingStore store = open()) {
            assertThat(store.search(EmbeddingSearchRequest.builder().queryEmbedding(Embedding.from(MODEL.vector("q")))
                    .maxResults(Integer.MAX_VALUE).build()).matches()).isEmpty();
            store.add(Embedding.from(MODEL.vector("three")), TextSegment.from("three", everyType()));
            store.add(Embedding.from(MODEL.vector("one")), TextSegment.from("one", Metadata.from("string", "x")));
            Filter threeOrMoreKeys = metadata -> ((Metadata) metadata).toMap().size() >= 3;
            Filter both = threeOrMoreKeys.and(metadataKey("string").isEqualTo("Klaus"));
            assertThat(store.search(EmbeddingSearchRequest.builder().queryEmbedding(Embedding.from(MODEL.vector("q")))
                    .maxResults(Integer.MAX_VALUE).filter(both).build()).matches())
                    .extracting(m -> m.embedded().text()).containsExactly("three");
            assertThat(store.search(EmbeddingSearchRequest.builder().queryEmbedding(Embedding.from(MODEL.vector("q")))
                    .maxResults(Integer.MAX_VALUE).build()).matches()).hasSize(2);
            store.removeAll(Filter.not(threeOrMoreKeys));
            assertThat(all(store)).extracting(m -> m.embedded().text()).containsExactly("three");
        }
    }

    @Test
    void searchAsyncCompletesOnTheCallingThread() throws Exception {
        SynaEmbeddingStore store = open();
        String id = store.add(Embedding.from(MODEL.vector("async")));
        EmbeddingSearchRequest request = EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(MODEL.vector("async"))).maxResults(1).build();
        var future = store.searchAsync(request);
        assertThat(future).isDone();
        assertThat(future.get().matches()).extracting(EmbeddingMatch::embeddingId).containsExactly(id);
        store.close();
        assertThat(store.searchAsync(request)).isCompletedExceptionally();
    }
}
