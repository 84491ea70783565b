package syna.vector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.DistanceMetric;
import syna.api.Syna;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;

/** {@code Syna.vectorStores}: what a database's durable vector stores were created with. */
class VectorStoreCatalogTest {
    @TempDir
    Path dir;

    @Test
    void listsStoresWithTheirDimensionAndMetric() {
        try (Database db = Syna.open(dir)) {
            assertTrue(Syna.vectorStores(db).isEmpty());
            try (VectorStore a = Syna.vectorStore(db, "b-store", VectorStoreOptions.builder(3).build());
                    VectorStore b = Syna.vectorStore(db, "a.store", VectorStoreOptions.builder(7)
                            .metric(DistanceMetric.DOT_PRODUCT).build())) {
                // A vector key that happens to end in "/config" is not a store.
                a.insert("x/config", new float[] {1, 2, 3});
                assertEquals(7, b.dimension());
                db.putText("_vs/user-key/config", "not a store config");
            }
        }
        try (Database db = Syna.builder(dir).readOnly(true).open()) {
            var stores = Syna.vectorStores(db);
            assertEquals(List.of("a.store", "b-store"), List.copyOf(stores.keySet()));
            assertEquals(7, stores.get("a.store").dimension());
            assertEquals(DistanceMetric.DOT_PRODUCT, stores.get("a.store").metric());
            assertEquals(3, stores.get("b-store").dimension());
            assertEquals(DistanceMetric.COSINE, stores.get("b-store").metric());
        }
    }
}
