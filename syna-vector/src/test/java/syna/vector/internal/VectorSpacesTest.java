package syna.vector.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.Database;
import syna.api.Syna;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;

/**
 * Vector stores in their namespaces, and the move of a store written before namespaces (entries among the
 * user keys under {@code _vs/<store>/}) from every state a crash can leave it in.
 */
class VectorSpacesTest {
    private static final int DIM = 4;
    private static final int N = 2_500; // more than one move batch

    @TempDir
    Path dir;

    private static float[] v(int i) {
        return new float[] {i, i + 1, -i, 0.5f * i};
    }

    /** Writes store {@code name} the way the code before namespaces did. */
    private static void writeOldLayout(Database db, String name) {
        String root = "_vs/" + name + "/";
        db.putText(root + "config", "v1 dim=" + DIM + " metric=EUCLIDEAN");
        for (int i = 0; i < N; i++) {
            db.putVector(root + "v/k" + i, v(i));
            if (i % 2 == 0) {
                db.putBytes(root + "m/k" + i, MetadataCodec.encode(Map.of("i", Atom.of((long) i))));
            }
        }
    }

    private static VectorStoreOptions options() {
        return VectorStoreOptions.builder(DIM).metric(syna.api.DistanceMetric.EUCLIDEAN).build();
    }

    private static void assertWhole(VectorStore s) {
        assertEquals(N, s.size());
        for (int i = 0; i < N; i += 97) {
            assertArrayEquals(v(i), s.get("k" + i).orElseThrow(), "k" + i);
            assertEquals(i % 2 == 0 ? Map.of("i", Atom.of((long) i)) : Map.of(), s.metadata("k" + i), "k" + i);
        }
        assertEquals("k7", s.search(v(7), 1).getFirst().key());
    }

    @Test
    void aNewStoreKeepsItsEntriesOutOfTheUserKeys() {
        try (Database db = Syna.open(dir); VectorStore s = Syna.vectorStore(db, "docs", options())) {
            db.putText("_vs/docs/v/a", "a user's own key, no store entry");
            s.insert("a", v(1));
            assertEquals(List.of("_vs/docs/v/a"), db.keys());
            assertEquals(1, s.size());
            assertEquals(Set.of("docs"), Syna.vectorStores(db).keySet());
        }
    }

    @Test
    void anOldStoreMovesIntoItsNamespaceOnItsFirstWritableOpen() {
        try (Database db = Syna.open(dir)) {
            writeOldLayout(db, "old");
            db.putText("_vs/old/settings", "s1 threshold=77"); // what a store in a format-1 file records
            db.putText("user", "kept");
        }
        try (Database db = Syna.builder(dir).readOnly(true).open()) {
            assertEquals(Set.of("old"), Syna.vectorStores(db).keySet(), "listed before the move");
            assertEquals(77, Syna.vectorStores(db).get("old").indexThreshold());
            try (VectorStore s = Syna.vectorStore(db, "old", options())) {
                assertWhole(s); // read where it is: a read-only database cannot move it
            }
        }
        try (Database db = Syna.open(dir); VectorStore s = Syna.vectorStore(db, "old", options())) {
            assertWhole(s);
            assertEquals(List.of("user"), db.keys()); // the settings entry moved with the rest
        }
        try (Database db = Syna.open(dir); VectorStore s = Syna.vectorStore(db, "old", options())) {
            assertWhole(s);
            assertEquals(Set.of("old"), Syna.vectorStores(db).keySet());
        }
    }

    @Test
    void aCopyACrashInterruptedIsDoneAgain() {
        try (Database db = Syna.open(dir)) {
            writeOldLayout(db, "old");
            // what a crash after the first copied batch leaves: part of the vectors, no config in the namespace
            var ns = db.namespace("vector.old");
            for (int i = 0; i < 700; i++) {
                ns.putVector("v/k" + i, v(i));
            }
            ns.putVector("v/stray", v(-1)); // not in the old store: must not survive the new copy
        }
        try (Database db = Syna.open(dir); VectorStore s = Syna.vectorStore(db, "old", options())) {
            assertWhole(s);
            assertFalse(s.contains("stray"));
            assertEquals(List.of(), db.keys());
        }
    }

    @Test
    void deletesACrashInterruptedAreFinished() {
        try (Database db = Syna.open(dir)) {
            writeOldLayout(db, "old");
        }
        try (Database db = Syna.open(dir); VectorStore s = Syna.vectorStore(db, "old", options())) {
            assertWhole(s);
        }
        try (Database db = Syna.open(dir)) {
            // what a crash in the middle of the deletes leaves: the old config and some old entries
            db.putText("_vs/old/config", "v1 dim=" + DIM + " metric=EUCLIDEAN");
            db.putVector("_vs/old/v/k1", v(12345));
        }
        try (Database db = Syna.open(dir); VectorStore s = Syna.vectorStore(db, "old", options())) {
            assertWhole(s); // the namespace is the store: the old leftovers are deleted, not copied over it
            assertEquals(List.of(), db.keys());
        }
    }
}
