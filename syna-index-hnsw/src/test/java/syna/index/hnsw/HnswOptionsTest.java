package syna.index.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import syna.api.InvalidArgumentException;

class HnswOptionsTest {
    @Test
    void defaultsAreTheOriginalsDocumentedOnes() {
        HnswOptions o = HnswOptions.defaults();
        assertEquals(16, o.maxConnections());
        assertEquals(32, o.maxConnectionsBase());
        assertEquals(200, o.efConstruction());
        assertEquals(100, o.efSearch());
        assertTrue(o.seed().isEmpty());
        assertEquals(0, o.buildThreads());
    }

    @Test
    void toStringPrintsEveryField() {
        assertEquals("HnswOptions[maxConnections=16, maxConnectionsBase=32, efConstruction=200, efSearch=100, "
                + "seed=random, buildThreads=all]", HnswOptions.defaults().toString());
        assertEquals("HnswOptions[maxConnections=8, maxConnectionsBase=16, efConstruction=50, efSearch=20, "
                + "seed=42, buildThreads=2]", HnswOptions.builder().maxConnections(8).efConstruction(50).efSearch(20)
                .seed(42).buildThreads(2).build().toString());
    }

    @Test
    void mapRoundTrip() {
        HnswOptions o = HnswOptions.builder().maxConnections(24).efConstruction(300).efSearch(7).seed(-5).buildThreads(3).build();
        assertEquals(o, HnswOptions.fromMap(o.toMap()));
        assertEquals(HnswOptions.defaults(), HnswOptions.fromMap(HnswOptions.defaults().toMap()));
        assertEquals(HnswOptions.defaults(), HnswOptions.fromMap(Map.of()));
        assertEquals(Map.of("m", "24", "ef-construction", "300", "ef-search", "7", "seed", "-5", "build-threads", "3"), o.toMap());
    }

    @Test
    void everyBoundIsCheckedAndNamed() {
        assertBad("hnsw m must be in [2, 512], got 1", () -> HnswOptions.builder().maxConnections(1).build());
        assertBad("hnsw m must be in [2, 512], got 513", () -> HnswOptions.builder().maxConnections(513).build());
        assertBad("hnsw ef-construction must be in [1, 100000], got 0", () -> HnswOptions.builder().efConstruction(0).build());
        assertBad("hnsw ef-search must be in [1, 100000], got 100001", () -> HnswOptions.builder().efSearch(100_001).build());
        assertBad("hnsw build-threads must be in [0, 1024], got -1", () -> HnswOptions.builder().buildThreads(-1).build());
        assertBad("unknown hnsw parameter 'mm'; known: [build-threads, ef-construction, ef-search, m, seed]",
                () -> HnswOptions.fromMap(Map.of("mm", "3")));
        assertBad("hnsw parameter 'm' must be an integer, got 'x'", () -> HnswOptions.fromMap(Map.of("m", "x")));
        assertBad("hnsw ef-search must be in [1, 100000], got 0", () -> HnswOptions.fromMap(Map.of("ef-search", "0")));
    }

    private static void assertBad(String message, org.junit.jupiter.api.function.Executable e) {
        assertEquals(message, assertThrows(InvalidArgumentException.class, e).getMessage());
    }
}
