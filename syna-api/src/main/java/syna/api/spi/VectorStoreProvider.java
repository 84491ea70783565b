package syna.api.spi;

import java.nio.file.Path;
import syna.api.Database;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;

/**
 * Provides the vector stores behind {@link syna.api.Syna#vectorStore} and {@link syna.api.Syna#mmapVectorStore}
 * (module {@code syna.vector}, provider name {@code standard}). A store works over any {@link Database},
 * whichever engine opened it. Thread-safe.
 */
public interface VectorStoreProvider extends SynaProvider {
    /**
     * Opens (or creates) the durable vector store {@code name} inside {@code database}: every write is one
     * atomic batch of the database, durable by its durability mode. Closing the store leaves the database open.
     */
    VectorStore open(Database database, String name, VectorStoreOptions options);

    /**
     * Opens (or creates) the memory-mapped vector store in directory {@code dir}: bulk inserts at memory
     * speed, durable at {@link VectorStore#checkpoint()} and {@link VectorStore#close()}.
     */
    VectorStore openMapped(Path dir, VectorStoreOptions options);
}
