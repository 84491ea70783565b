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

    /**
     * Opens (creating if missing) the database in directory {@code path} with default options.
     *
     * @param path the database directory
     * @return the open database; close it
     * @throws ProviderNotFoundException when no storage engine is on the module path or class path
     *     (add {@code io.syna:syna-storage})
     * @throws DatabaseLockedException when another process holds it open
     * @throws CorruptFileException when the log is damaged in the middle (open with {@code salvage(true)})
     * @throws InvalidPathException when {@code path} is a file or cannot be created
     */
    public static Database open(Path path) {
        syna.api.internal.Checks.notNull(path, "database path");
        return open(DatabaseOptions.builder(path).build());
    }

    /**
     * A builder of options for the database in {@code path}; finish with {@code open()}.
     *
     * @param path the database directory
     * @return a builder with the defaults
     */
    public static DatabaseOptions.Builder builder(Path path) {
        syna.api.internal.Checks.notNull(path, "database path");
        return DatabaseOptions.builder(path);
    }

    /**
     * Opens a database with {@code options}. The engine is the one the options name, else
     * {@code -Dsyna.storage}, else {@code log} from module {@code syna.storage}.
     *
     * @param options the options
     * @return the open database; close it
     * @throws ProviderNotFoundException when the engine (or the codec the options name) is missing
     * @throws DatabaseNotFoundException when it does not exist and {@code createIfMissing} is false, or it is
     *     opened read-only
     * @throws DatabaseLockedException when another process holds it open
     * @throws CorruptFileException when the log is damaged in the middle and {@code salvage} is off
     */
    public static Database open(DatabaseOptions options) {
        syna.api.internal.Checks.notNull(options, "database options");
        return Providers.select(StorageEngineProvider.class, options.engine()).open(options);
    }

    /**
     * Opens (or creates) the durable vector store {@code name} inside {@code database}: every insert is an
     * atomic batch of the database, durable by its durability mode. Closing the store leaves the database
     * open. The store comes from the {@link VectorStoreProvider} ({@code -Dsyna.vectorstore}, else
     * {@code standard} from module {@code syna.vector}) and works over any storage engine. Reopen an
     * existing store with {@code vectorStores(database).get(name)} when its dimension is not at hand.
     *
     * @param database an open database
     * @param name the store's name: 1 to 64 of {@code A-Z a-z 0-9 . _ -}
     * @param options dimension and metric (checked against an existing store), index settings (per open)
     * @return the store; close it before the database
     * @throws DimensionMismatchException when the store exists with another dimension
     * @throws InvalidArgumentException for a bad name, or another metric than the store's
     * @throws ProviderNotFoundException when module {@code syna.vector} or the named index provider is missing
     */
    public static VectorStore vectorStore(Database database, String name, VectorStoreOptions options) {
        syna.api.internal.Checks.notNull(database, "database");
        syna.api.internal.Checks.notNull(name, "vector store name");
        syna.api.internal.Checks.notNull(options, "vector store options");
        return Providers.select(VectorStoreProvider.class, java.util.Optional.empty()).open(database, name, options);
    }

    /**
     * The durable vector stores inside {@code database}, sorted by name, each with its options as the
     * store records them: {@link VectorStoreOptions#dimension()} and {@link VectorStoreOptions#metric()}
     * (fixed at creation), and the index settings ({@link VectorStoreOptions#index()},
     * {@link VectorStoreOptions#indexParameters()}, {@link VectorStoreOptions#indexThreshold()}) of the
     * store's last open on a writable database (defaults for a store last opened by a Syna before they were
     * recorded). Index settings are still chosen per open; another choice rebuilds the index. Use it to
     * reopen a store as it was, without repeating its dimension:
     *
     * <pre>{@code
     * VectorStoreOptions stored = Syna.vectorStores(db).get("docs");
     * }</pre>
     *
     * @param database an open database
     * @return the stores by name; empty when there are none
     * @throws ClosedException when {@code database} is closed
     */
    public static java.util.SortedMap<String, VectorStoreOptions> vectorStores(Database database) {
        syna.api.internal.Checks.notNull(database, "database");
        return Providers.select(VectorStoreProvider.class, java.util.Optional.empty()).stores(database);
    }

    /**
     * Opens (or creates) a memory-mapped vector store in directory {@code dir}: bulk inserts at memory
     * speed, durable at {@link VectorStore#checkpoint()} and {@link VectorStore#close()}.
     *
     * @param dir the store's directory
     * @param options dimension and metric (checked against an existing store), index settings
     * @return the store; close it
     * @throws DimensionMismatchException when the store exists with another dimension
     * @throws ProviderNotFoundException when module {@code syna.vector} is missing
     */
    public static VectorStore mmapVectorStore(Path dir, VectorStoreOptions options) {
        syna.api.internal.Checks.notNull(dir, "vector store directory");
        syna.api.internal.Checks.notNull(options, "vector store options");
        return Providers.select(VectorStoreProvider.class, java.util.Optional.empty()).openMapped(dir, options);
    }
}
