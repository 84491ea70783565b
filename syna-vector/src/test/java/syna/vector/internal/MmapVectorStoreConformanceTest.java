package syna.vector.internal;

import java.nio.file.Path;
import syna.api.Syna;
import syna.api.VectorStoreOptions;
import syna.tests.store.VectorStoreConformanceTest;

/** The memory-mapped store passes the shared suite. */
class MmapVectorStoreConformanceTest extends VectorStoreConformanceTest {
    @Override
    protected Handle open(Path location, VectorStoreOptions options) {
        return new Handle(Syna.mmapVectorStore(location, options), null);
    }
}
