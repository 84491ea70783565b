package syna.storage.internal;

import java.util.Set;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.spi.Capability;
import syna.api.spi.StorageEngineProvider;

/** Provider "log": the append-only log engine. Cheap to construct. Thread-safe. */
public final class LogStorageEngineProvider implements StorageEngineProvider {
    /** Provider name, also written into every log file header. */
    public static final String NAME = "log";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int formatVersion() {
        return RecordFormat.FORMAT_VERSION;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.DELETE, Capability.PERSISTENCE);
    }

    @Override
    public Database open(DatabaseOptions options) {
        return LogDatabase.open(options, EngineHooks.NONE);
    }
}
