package syna.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.Filter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Durability;

/**
 * Adds, removes by filter and filtered searches from many threads at once: no errors, every result passes
 * its filter and is sorted, and the end state holds exactly what was added and not removed.
 */
class SynaEmbeddingStoreConcurrencyTest {
    private static final HashingEmbeddingModel MODEL = new HashingEmbeddingModel(64);
    private static final int WRITERS = 4;
    private static final int PER_WRITER = 300;
    private static final int SEARCHERS = 3;

    @TempDir
    Path dir;

    @Test
    void concurrentAddRemoveAndSearch() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + SEARCHERS);
        try (SynaEmbeddingStore store = SynaEmbeddingStore.builder().path(dir).dimension(64)
                .durability(Durability.GROUP).build()) {
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch writersDone = new CountDownLatch(WRITERS);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        for (int i = 0; i < PER_WRITER; i++) {
                            String text = "writer " + writer + " item " + i;
                            TextSegment segment = TextSegment.from(text, new Metadata().put("writer", writer).put("i", i));
                            store.add(Embedding.from(MODEL.vector(text)), segment);
                            if (i % 10 == 9) { // remove every tenth again, by filter
                                store.removeAll(metadataKey("writer").isEqualTo(writer).and(metadataKey("i").isEqualTo(i)));
                            }
                        }
                    } finally {
                        writersDone.countDown();
                    }
                    return null;
                }));
            }
            for (int s = 0; s < SEARCHERS; s++) {
                int searcher = s;
                futures.add(pool.submit(() -> {
                    start.await();
                    int rounds = 0;
                    while (writersDone.getCount() > 0 || rounds < 20) {
                        int writer = (searcher + rounds++) % WRITERS;
                        Filter filter = metadataKey("writer").isEqualTo(writer);
                        List<EmbeddingMatch<TextSegment>> matches = store.search(EmbeddingSearchRequest.builder()
                                .queryEmbedding(Embedding.from(MODEL.vector("writer " + writer + " item 5")))
                                .maxResults(20).filter(filter).build()).matches();
                        for (int i = 0; i < matches.size(); i++) {
                            EmbeddingMatch<TextSegment> m = matches.get(i);
                            assertThat(m.embedded().metadata().getInteger("writer")).isEqualTo(writer);
                            if (i > 0) {
                                assertThat(m.score()).isLessThanOrEqualTo(matches.get(i - 1).score());
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(store.size()).isEqualTo((long) WRITERS * PER_WRITER * 9 / 10);
            for (int w = 0; w < WRITERS; w++) {
                assertThat(store.search(EmbeddingSearchRequest.builder()
                        .queryEmbedding(Embedding.from(MODEL.vector("x"))).maxResults(1000)
                        .filter(metadataKey("writer").isEqualTo(w)).build()).matches()).hasSize(PER_WRITER * 9 / 10);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
