package syna.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import syna.api.Durability;
import syna.tests.Seeded;
import syna.tests.TestSeed;

/**
 * Every LangChain4j filter type, evaluated inside Syna's search over 100,000 embeddings (dimension 16),
 * against a brute-force scan that applies the same filter to the original metadata, once the store's
 * index is built: every match must pass the filter and carry its own score, in order, at least 90% of
 * the brute force's top {@code maxResults} must be found (the index is approximate), and selective
 * filters must still fill {@code maxResults}. Data and queries are seeded ({@code -Dsyna.tests.seed}, printed on failure).
 */
@Seeded
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SynaEmbeddingStoreFilterBruteForceTest {
    private static final int N = 100_000;
    private static final int DIM = 16;
    private static final int K = 50;
    private static final UUID[] UUIDS = {
        UUID.fromString("00000000-0000-4000-8000-000000000001"), UUID.fromString("00000000-0000-4000-8000-000000000002"),
        UUID.fromString("00000000-0000-4000-8000-000000000003"), UUID.fromString("00000000-0000-4000-8000-000000000004"),
    };

    private SynaEmbeddingStore store;
    private final float[][] vectors = new float[N][];
    private final Metadata[] metadata = new Metadata[N];

    @BeforeAll
    void fill(@TempDir Path dir, TestSeed seed) {
        Random r = seed.random();
        store = SynaEmbeddingStore.builder().path(dir).dimension(DIM).durability(Durability.NONE).build();
        List<String> ids = new ArrayList<>();
        List<Embedding> embeddings = new ArrayList<>();
        List<TextSegment> segments = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            float[] v = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) r.nextGaussian();
            }
            vectors[i] = v;
            Metadata m = new Metadata();
            if (r.nextInt(10) < 8) {
                m.put("cat", "c" + r.nextInt(10));
            }
            if (r.nextInt(10) < 8) {
                m.put("n", r.nextInt(100));
            }
            if (r.nextInt(10) < 8) {
                m.put("l", r.nextLong(1_000) - 500);
            }
            if (r.nextInt(10) < 8) {
                m.put("f", r.nextFloat());
            }
            if (r.nextInt(10) < 8) {
                m.put("d", r.nextDouble() * 100);
            }
            if (r.nextInt(10) < 8) {
                m.put("u", UUIDS[r.nextInt(UUIDS.length)]);
            }
            if (r.nextInt(10) < 8) {
                m.put("us", UUIDS[r.nextInt(UUIDS.length)].toString()); // a UUID kept as a String
            }
            metadata[i] = m;
            ids.add("e" + i);
            embeddings.add(Embedding.from(v));
            segments.add(TextSegment.from("text " + i, m));
            if (ids.size() == 10_000) {
                store.addAll(ids, embeddings, segments);
                ids.clear();
                embeddings.clear();
                segments.clear();
            }
        }
        // searches before the background index is ready are exact; wait, so every run tests the index's filtered search
        assertThat(store.awaitIndex(java.time.Duration.ofMinutes(5))).as("index ready").isTrue();
    }

    @AfterAll
    void close() {
        if (store != null) {
            store.close();
        }
    }

    static List<Filter> filters() {
        return List.of(
                metadataKey("cat").isEqualTo("c3"),
                metadataKey("cat").isNotEqualTo("c3"),
                metadataKey("n").isGreaterThan(97),
                metadataKey("n").isGreaterThan(97.5d), // Integer against Double
                metadataKey("n").isGreaterThanOrEqualTo(99L), // Integer against Long
                metadataKey("l").isLessThan(-495L),
                metadataKey("l").isLessThanOrEqualTo(-495), // Long against Integer
                metadataKey("l").isEqualTo(7), // Long against Integer
                metadataKey("f").isLessThan(0.005f),
                metadataKey("f").isGreaterThanOrEqualTo(0.995d), // Float against Double
                metadataKey("d").isLessThanOrEqualTo(0.5d),
                metadataKey("d").isIn(List.of(1.0, 2.0)), // (almost) never true
                metadataKey("u").isEqualTo(UUIDS[1]),
                metadataKey("us").isEqualTo(UUIDS[2]), // String against UUID
                metadataKey("us").isIn(List.of(UUIDS[0], UUIDS[3])), // String against UUIDs
                metadataKey("u").isIn(List.of(UUIDS[0], UUIDS[3])),
                metadataKey("u").isNotIn(List.of(UUIDS[0], UUIDS[1], UUIDS[2])),
                metadataKey("cat").isIn(List.of("c1", "c2")),
                metadataKey("cat").isNotIn(List.of("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8")),
                metadataKey("n").isIn(List.of(1, 2, 3)),
                metadataKey("n").isNotIn(List.of(1L, 2L, 3L)),
                metadataKey("cat").containsString("7"),
                metadataKey("missing").isEqualTo("x"),
                metadataKey("missing").isNotEqualTo("x"),
                metadataKey("n").isEqualTo(7).and(metadataKey("cat").isEqualTo("c1")), // about 0.06%: 64 of 100,000
                metadataKey("n").isLessThan(2).or(metadataKey("l").isGreaterThan(498L)),
                Filter.not(metadataKey("cat").isIn(List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"))),
                Filter.not(metadataKey("n").isGreaterThan(1).or(metadataKey("u").isEqualTo(UUIDS[0]))));
    }

    @ParameterizedTest
    @MethodSource("filters")
    void matchesBruteForce(Filter filter, Random r) {
        for (int q = 0; q < 1; q++) {
            float[] query = vectors[r.nextInt(N)].clone();
            query[r.nextInt(DIM)] += 0.5f;
            Embedding qe = Embedding.from(query);

            List<double[]> expected = new ArrayList<>(); // {score, index}
            for (int i = 0; i < N; i++) {
                if (filter.test(metadata[i])) {
                    double cos = CosineSimilarity.between(qe, Embedding.from(vectors[i]));
                    expected.add(new double[] {RelevanceScore.fromCosineSimilarity(cos), i});
                }
            }
            expected.sort((a, b) -> Double.compare(b[0], a[0]));
            List<EmbeddingMatch<TextSegment>> actual = store.search(EmbeddingSearchRequest.builder()
                    .queryEmbedding(qe).maxResults(K).filter(filter).build()).matches();

            String why = "filter " + filter;
            assertThat(actual).as(why).hasSize(Math.min(K, expected.size()));
            assertThat(new HashSet<>(actual.stream().map(EmbeddingMatch::embeddingId).toList())).as(why).hasSize(actual.size());
            for (int i = 0; i < actual.size(); i++) {
                EmbeddingMatch<TextSegment> m = actual.get(i);
                int index = Integer.parseInt(m.embeddingId().substring(1));
                assertThat(filter.test(metadata[index])).as(why + ": " + m.embeddingId()).isTrue();
                assertThat(m.embedded().metadata()).as(why).isEqualTo(metadata[index]);
                assertThat(m.embedding().vector()).as(why).isEqualTo(vectors[index]);
                double own = RelevanceScore.fromCosineSimilarity(CosineSimilarity.between(qe, Embedding.from(vectors[index])));
                assertThat(m.score()).as(why + " rank " + i + ": its own score").isCloseTo(own, within(1e-5));
                assertThat(m.score()).as(why + " rank " + i + ": no better than the brute force's")
                        .isLessThanOrEqualTo(expected.get(i)[0] + 1e-5);
                if (i > 0) {
                    assertThat(m.score()).as(why + " rank " + i + ": in order").isLessThanOrEqualTo(actual.get(i - 1).score() + 1e-9);
                }
            }
            // the index is approximate: most of the brute force's top K, not necessarily all
            Set<String> truth = new HashSet<>();
            for (int i = 0; i < actual.size(); i++) {
                truth.add("e" + (int) expected.get(i)[1]);
            }
            long found = actual.stream().filter(m -> truth.contains(m.embeddingId())).count();
            assertThat(found).as(why + ": recall of the top " + actual.size()).isGreaterThanOrEqualTo((long) Math.ceil(0.9 * actual.size()));
        }
    }
}
