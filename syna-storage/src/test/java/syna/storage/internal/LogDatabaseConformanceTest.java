package syna.storage.internal;

import syna.api.spi.StorageEngineProvider;
import syna.tests.store.DatabaseConformanceTest;

/** The log engine passes the shared suite. */
class LogDatabaseConformanceTest extends DatabaseConformanceTest {
    @Override
    protected StorageEngineProvider provider() {
        return new LogStorageEngineProvider();
    }
}
