package syna.index.gwi;

import java.util.Map;
import syna.tests.store.IndexedStoreKillTest;

/** SIGKILL of a process inserting into a durable store indexed by gwi (training, splits, saved index). */
class GwiStoreKillTest extends IndexedStoreKillTest {
    @Override
    protected String indexName() {
        return "gwi";
    }

    @Override
    protected Map<String, String> indexParameters() {
        return GwiOptions.builder().trainSize(100).listSize(16).seed(3).build().toMap();
    }
}
