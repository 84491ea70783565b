package syna.index.cascade;

import java.util.Map;
import syna.tests.store.IndexedStoreKillTest;

/** SIGKILL of a process inserting into a durable store indexed by cascade (links, re-inserts that tombstone). */
class CascadeStoreKillTest extends IndexedStoreKillTest {
    @Override
    protected String indexName() {
        return "cascade";
    }

    @Override
    protected Map<String, String> indexParameters() {
        return CascadeOptions.builder().seed(3).consolidateFraction(0.05).build().toMap();
    }
}
