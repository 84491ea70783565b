package syna.vector.internal;

import java.nio.file.Path;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;
import syna.api.VectorStoreOptions;
import syna.tests.store.VectorStoreConformanceTest;

/** The durable store, inside a log database, passes the shared suite. */
class LogVectorStoreConformanceTest extends VectorStoreConformanceTest {
    @Override
    protected Handle open(Path location, VectorStoreOptions options) {
        Database db = Syna.builder(location).durability(Durability.NONE).open();
        try {
            return new Handle(Syna.vectorStore(db, "conformance", options), db::close);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }
}
