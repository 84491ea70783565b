package syna.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Durability;

/** LangChain4j's own filtering suite (and, through it, EmbeddingStoreIT), one fresh store per test. */
class SynaEmbeddingStoreFilteringIT extends EmbeddingStoreWithFilteringIT {
    private static final EmbeddingModel MODEL = new HashingEmbeddingModel(384);

    @TempDir
    Path dir;

    private SynaEmbeddingStore store;

    @Override
    protected EmbeddingStore<TextSegment> embeddingStore() {
        if (store == null) {
            store = SynaEmbeddingStore.builder().path(dir).dimension(384).durability(Durability.NONE).build();
        }
        return store;
    }

    @Override
    protected EmbeddingModel embeddingModel() {
        return MODEL;
    }

    /** Syna evaluates ContainsString like every other filter (LangChain4j's own test of it, inside the search). */
    @Override
    protected boolean supportsContains() {
        return true;
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }
}
