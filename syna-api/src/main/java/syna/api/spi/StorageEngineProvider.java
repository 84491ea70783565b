package syna.api.spi;

import java.nio.file.Path;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.UnsupportedFeatureException;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;

/** Provides the storage engine behind {@link syna.api.Syna#open} and its vector stores. Thread-safe. */
public interface StorageEngineProvider extends SynaProvider {
    /** Opens (or creates, as the options say) the database at {@code options.path()}. */
    Database open(DatabaseOptions options);

    /**
     * Opens (or creates) the vector store {@code name} inside {@code database}, one durable log entry per
     * write. {@code database} must have been opened by this provider.
     */
    default VectorStore openVectorStore(Database database, String name, VectorStoreOptions options) {
        throw new UnsupportedFeatureException("storage engine '" + name() + "' has no durable vector store");
    }

    /**
     * The durable vector stores inside {@code database}, by name, each with the options it was created
     * with as far as the store records them (dimension and metric; the other fields are defaults,
     * since index settings are chosen per open). The default finds none.
     */
    default java.util.SortedMap<String, VectorStoreOptions> vectorStores(Database database) {
        return java.util.Collections.emptySortedMap();
    }

    /** Opens (or creates) the memory-mapped vector store in directory {@code dir}. */
    default VectorStore openMmapVectorStore(Path dir, VectorStoreOptions options) {
        throw new UnsupportedFeatureException("storage engine '" + name() + "' has no memory-mapped vector store");
    }
}
