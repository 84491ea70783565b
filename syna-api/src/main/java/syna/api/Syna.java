package syna.api;

import java.nio.file.Path;
import syna.api.spi.Providers;
import syna.api.spi.StorageEngineProvider;
import syna.api.spi.VectorStoreProvider;

/**
 * Entry point: opens databases with the storage engine found on the module path.
 *
 * <pre>{@code
 * try (Database db = Syna.open(Path.of("data"))) {
 *     db.putFloat("sensor/1", 21.5);
 *     double[] series = db.historyAsDoubles("sensor/1");
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class Syna {
    private Syna() {}

    /** Opens (creating if missing) the database in directory {@code path} with default options. */
    public static Database open(Path path) {
        return open(DatabaseOptions.builder(path).build());
    }

    /** A builder of options for the database in {@code path}; finish with {@code open()}. */
    public static DatabaseOptions.Builder builder(Path path) {
        return DatabaseOptions.builder(path);
    }

    /**
     * Opens a database with {@code options}. The engine is the one the options name, else
     * {@code -Dsyna.storage}, else {@code log} from module {@code syna.storage}; none present gives
     * {@link ProviderNotFoundException}.
     */
    public static Database open(DatabaseOptions options) {
        return Providers.select(StorageEngineProvider.class, options.engine()).open(options);
    }

    /**
     * Opens (or creates) the durable vector store {@code name} inside {@code database}: every insert is an
     * atomic batch of the database, durable by its durability mode. Closing the store leaves the database
     * open. The store comes from the {@link VectorStoreProvider} ({@code -Dsyna.vectorstore}, else
     * {@code standard} from module {@code syna.vector}) and works over any storage engine.
     */
    public static VectorStore vectorStore(Database database, String name, VectorStoreOptions options) {
        return Providers.select(VectorStoreProvider.class, java.util.Optional.empty()).open(database, name, options);
    }

    /**
     * Opens (or creates) a memory-mapped vector store in directory {@code dir}: bulk inserts at memory
     * speed, durable at {@link VectorStore#checkpoint()} and {@link VectorStore#close()}.
     */
    public static VectorStore mmapVectorStore(Path dir, VectorStoreOptions options) {
        return Providers.select(VectorStoreProvider.class, java.util.Optional.empty()).openMapped(dir, options);
    }
}
