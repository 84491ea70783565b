package syna.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Durability;

/** LangChain4j's own removal suite, one fresh store per test. */
class SynaEmbeddingStoreRemovalIT extends EmbeddingStoreWithRemovalIT {
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

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }
}
