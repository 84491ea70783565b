package syna.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreAddAllContract;
import dev.langchain4j.store.embedding.EmbeddingStoreRemoveAllContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Durability;

/**
 * LangChain4j's addAll and removeAll contracts. The contracts ask for a new store on every call: each gets
 * its own database directory, and all are closed after the test.
 */
class SynaEmbeddingStoreContractTest implements EmbeddingStoreAddAllContract, EmbeddingStoreRemoveAllContract {
    @TempDir
    Path dir;

    private final List<SynaEmbeddingStore> opened = new ArrayList<>();

    @Override
    public EmbeddingStore<TextSegment> embeddingStore() {
        SynaEmbeddingStore store = SynaEmbeddingStore.builder()
                .path(dir.resolve("db" + opened.size())).dimension(3).durability(Durability.NONE).build();
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(SynaEmbeddingStore::close);
    }
}
