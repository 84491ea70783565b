package syna.api;

import java.nio.file.Path;
import syna.api.spi.Providers;
import syna.api.spi.StorageEngineProvider;

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
        syna.api.internal.Checks.notNull(path, "database path");
        return open(DatabaseOptions.builder(path).build());
    }

    /** A builder of options for the database in {@code path}; finish with {@code open()}. */
    public static DatabaseOptions.Builder builder(Path path) {
        syna.api.internal.Checks.notNull(path, "database path");
        return DatabaseOptions.builder(path);
    }

    /**
     * Opens a database with {@code options}. The engine is the one the options name, else
     * {@code -Dsyna.storage}, else {@code log} from module {@code syna.storage}; none present gives
     * {@link ProviderNotFoundException}.
     */
    public static Database open(DatabaseOptions options) {
        syna.api.internal.Checks.notNull(options, "database options");
        return Providers.select(StorageEngineProvider.class, options.engine()).open(options);
    }

    /**
     * Opens (or creates) the durable vector store {@code name} inside {@code database}: every insert is a
     * log entry, durable by the database's durability mode. Closing the store leaves the database open.
     */
    public static VectorStore vectorStore(Database database, String name, VectorStoreOptions options) {
        syna.api.internal.Checks.notNull(database, "database");
        syna.api.internal.Checks.notNull(name, "vector store name");
        syna.api.internal.Checks.notNull(options, "vector store options");
        return Providers.select(StorageEngineProvider.class, database.options().engine())
                .openVectorStore(database, name, options);
    }

    /**
     * Opens (or creates) a memory-mapped vector store in directory {@code dir}: bulk inserts at memory
     * speed, durable at {@link VectorStore#checkpoint()} and {@link VectorStore#close()}.
     */
    public static VectorStore mmapVectorStore(Path dir, VectorStoreOptions options) {
        syna.api.internal.Checks.notNull(dir, "vector store directory");
        syna.api.internal.Checks.notNull(options, "vector store options");
        return Providers.select(StorageEngineProvider.class, java.util.Optional.empty())
                .openMmapVectorStore(dir, options);
    }
}
