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
        assertEquals(HnswOptions.Quantization.NONE, o.quantization());
        assertEquals(3, o.rerank());
    }

    @Test
    void toStringPrintsEveryField() {
        assertEquals("HnswOptions[maxConnections=16, maxConnectionsBase=32, efConstruction=200, efSearch=100, "
                + "seed=random, buildThreads=all, quantization=none, rerank=3]", HnswOptions.defaults().toString());
        assertEquals("HnswOptions[maxConnections=8, maxConnectionsBase=16, efConstruction=50, efSearch=20, "
                + "seed=42, buildThreads=2, quantization=int8, rerank=5]", HnswOptions.builder().maxConnections(8)
                .efConstruction(50).efSearch(20).seed(42).buildThreads(2).quantization(HnswOptions.Quantization.INT8)
                .rerank(5).build().toString());
    }

    @Test
    void mapRoundTrip() {
        HnswOptions o = HnswOptions.builder().maxConnections(24).efConstruction(300).efSearch(7).seed(-5).buildThreads(3)
                .quantization(HnswOptions.Quantization.INT8).rerank(8).build();
        assertEquals(o, HnswOptions.fromMap(o.toMap()));
        assertEquals(HnswOptions.defaults(), HnswOptions.fromMap(HnswOptions.defaults().toMap()));
        assertEquals(HnswOptions.defaults(), HnswOptions.fromMap(Map.of()));
        assertEquals(Map.of("m", "24", "ef-construction", "300", "ef-search", "7", "seed", "-5", "build-threads", "3",
                "quantization", "int8", "rerank", "8"), o.toMap());
        assertEquals(HnswOptions.Quantization.INT8, HnswOptions.fromMap(Map.of("quantization", "int8")).quantization());
    }

    @Test
    void everyBoundIsCheckedAndNamed() {
        assertBad("hnsw m must be in [2, 512], got 1", () -> HnswOptions.builder().maxConnections(1).build());
        assertBad("hnsw m must be in [2, 512], got 513", () -> HnswOptions.builder().maxConnections(513).build());
        assertBad("hnsw ef-construction must be in [1, 100000], got 0", () -> HnswOptions.builder().efConstruction(0).build());
        assertBad("hnsw ef-search must be in [1, 100000], got 100001", () -> HnswOptions.builder().efSearch(100_001).build());
        assertBad("hnsw build-threads must be in [0, 1024], got -1", () -> HnswOptions.builder().buildThreads(-1).build());
        assertBad("hnsw rerank must be in [1, 100], got 0", () -> HnswOptions.builder().rerank(0).build());
        assertBad("hnsw rerank must be in [1, 100], got 101", () -> HnswOptions.fromMap(Map.of("rerank", "101")));
        assertBad("hnsw parameter 'rerank' must be an integer, got '2.5'", () -> HnswOptions.fromMap(Map.of("rerank", "2.5")));
        assertBad("hnsw quantization must be one of none, int8, got 'int4'",
                () -> HnswOptions.fromMap(Map.of("quantization", "int4")));
        assertBad("hnsw quantization must be one of none, int8, got 'INT8'",
                () -> HnswOptions.fromMap(Map.of("quantization", "INT8")));
        assertBad("unknown hnsw parameter 'mm'; known: [build-threads, ef-construction, ef-search, m, quantization, "
                + "rerank, seed]",
                () -> HnswOptions.fromMap(Map.of("mm", "3")));
        assertBad("hnsw parameter 'm' must be an integer, got 'x'", () -> HnswOptions.fromMap(Map.of("m", "x")));
        assertBad("hnsw ef-search must be in [1, 100000], got 0", () -> HnswOptions.fromMap(Map.of("ef-search", "0")));
    }

    private static void assertBad(String message, org.junit.jupiter.api.function.Executable e) {
        assertEquals(message, assertThrows(InvalidArgumentException.class, e).getMessage());
    }
}
