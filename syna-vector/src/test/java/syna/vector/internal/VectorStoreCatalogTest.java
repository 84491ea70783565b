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

    @Test
    void listsTheIndexSettingsOfTheLastWritableOpen() {
        VectorStoreOptions created = VectorStoreOptions.builder(4).metric(DistanceMetric.EUCLIDEAN).index("flat")
                .indexThreshold(Integer.MAX_VALUE).indexParameters(java.util.Map.of("odd name", "a b=c%", "m", "8")).build();
        try (Database db = Syna.open(dir); VectorStore s = Syna.vectorStore(db, "docs", created)) {
            s.insert("a", new float[] {1, 2, 3, 4});
        }
        try (Database db = Syna.builder(dir).readOnly(true).open()) {
            VectorStoreOptions listed = Syna.vectorStores(db).get("docs");
            assertEquals(created.index(), listed.index());
            assertEquals(Integer.MAX_VALUE, listed.indexThreshold());
            assertEquals(created.indexParameters(), listed.indexParameters());
            assertEquals(4, listed.dimension());
            assertEquals(DistanceMetric.EUCLIDEAN, listed.metric());
            // a read-only open with other settings records nothing
            try (VectorStore s = Syna.vectorStore(db, "docs", VectorStoreOptions.builder(4).metric(DistanceMetric.EUCLIDEAN).build())) {
                assertEquals(1, s.size());
            }
            assertEquals(created.indexParameters(), Syna.vectorStores(db).get("docs").indexParameters());
        }
        try (Database db = Syna.open(dir)) {
            // reopened with the listed options: the same settings; then opened with others: those are listed
            try (VectorStore s = Syna.vectorStore(db, "docs", Syna.vectorStores(db).get("docs"))) {
                assertEquals(1, s.size());
            }
            assertEquals(created.indexParameters(), Syna.vectorStores(db).get("docs").indexParameters());
            try (VectorStore s = Syna.vectorStore(db, "docs", VectorStoreOptions.builder(4).metric(DistanceMetric.EUCLIDEAN).build())) {
                assertEquals(1, s.size());
            }
            VectorStoreOptions now = Syna.vectorStores(db).get("docs");
            assertTrue(now.index().isEmpty());
            assertEquals(10_000, now.indexThreshold());
            assertTrue(now.indexParameters().isEmpty());
        }
    }

    @Test
    void unreadableSettingsListTheStoreWithDefaults() {
        try (Database db = Syna.open(dir)) {
            try (VectorStore s = Syna.vectorStore(db, "docs", VectorStoreOptions.builder(2).index("flat").build())) {
                s.insert("a", new float[] {1, 2});
            }
            db.namespace("vector.docs").putText("settings", "s9 from=the-future");
            VectorStoreOptions listed = Syna.vectorStores(db).get("docs");
            assertEquals(2, listed.dimension());
            assertTrue(listed.index().isEmpty());
            db.namespace("vector.docs").putText("settings", "s1 threshold=x");
            assertEquals(10_000, Syna.vectorStores(db).get("docs").indexThreshold());
            db.namespace("vector.docs").putText("settings", "s1 threshold=5 later=ignored p.m=%zz");
            assertEquals(10_000, Syna.vectorStores(db).get("docs").indexThreshold());
            db.namespace("vector.docs").putText("settings", "s1 threshold=5 later=ignored");
            assertEquals(5, Syna.vectorStores(db).get("docs").indexThreshold());
        }
    }
}
