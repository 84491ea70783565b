package syna.nativeabi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import syna.api.Atom;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.ErrorCode;
import syna.api.InvalidArgumentException;
import syna.api.SerializationException;
import syna.api.VectorFilter;

class CallsTest {
    @Test
    void optionsStringConfiguresTheBuilder() {
        DatabaseOptions.Builder b = DatabaseOptions.builder(Path.of("x"));
        CoreCalls.configure(b, " durability=always , read_only=true, history=last:3, max_value_bytes=16");
        DatabaseOptions o = b.build();
        assertEquals(Durability.ALWAYS, o.durability());
        assertTrue(o.readOnly());
        assertEquals(3, o.retention().keepLast());
        assertEquals(16, o.maxValueBytes());
        assertThrows(InvalidArgumentException.class, () -> CoreCalls.configure(b, "durability=sometimes"));
        assertThrows(InvalidArgumentException.class, () -> CoreCalls.configure(b, "colour=blue"));
        assertThrows(InvalidArgumentException.class, () -> CoreCalls.configure(b, "history=last:x"));
        assertThrows(InvalidArgumentException.class, () -> CoreCalls.configure(b, "read_only"));
    }

    @Test
    void metadataJsonBecomesAtoms() {
        Map<String, Atom> m = VectorCalls.atoms("{\"lang\":\"en\",\"year\":2024,\"score\":0.5,\"ok\":true}", "m");
        assertEquals(Map.of("lang", Atom.of("en"), "year", Atom.of(2024L), "score", Atom.of(0.5), "ok", Atom.of(1L)),
                m);
        SerializationException e = assertThrows(SerializationException.class, () -> VectorCalls.atoms("{bad", "m"));
        assertEquals(ErrorCode.SERIALIZATION, e.errorCode());
        assertThrows(SerializationException.class, () -> VectorCalls.atoms("[1]", "m"));
        assertThrows(SerializationException.class, () -> VectorCalls.atoms("{\"a\":{}}", "m"));
        assertThrows(SerializationException.class, () -> VectorCalls.atoms("{\"a\":null}", "m"));
        assertThrows(SerializationException.class, () -> VectorCalls.atoms("{} trailing", "m"));
    }

    @Test
    void filterMatchesAllFieldsAndKeyPrefix() {
        VectorFilter f = VectorCalls.filter("{\"lang\":\"en\",\"year\":2024,\"$key_prefix\":\"doc/\"}");
        assertTrue(f.test("doc/1", Map.of("lang", Atom.of("en"), "year", Atom.of(2024.0))));
        assertFalse(f.test("img/1", Map.of("lang", Atom.of("en"), "year", Atom.of(2024L))));
        assertFalse(f.test("doc/1", Map.of("lang", Atom.of("de"), "year", Atom.of(2024L))));
        assertFalse(f.test("doc/1", Map.of("lang", Atom.of("en"))));
        assertThrows(InvalidArgumentException.class, () -> VectorCalls.filter("{\"$near\":1}"));
    }

    @Test
    void failuresMapToStableCodes() {
        assertEquals(-12, Errors.code(new InvalidArgumentException("x")));
        assertEquals(-12, Errors.code(new IllegalArgumentException("x")));
        assertEquals(-100, Errors.code(new IllegalStateException("x")));
        assertEquals("java.lang.IllegalStateException: boom", Errors.message(new IllegalStateException("boom")));
        assertEquals("plain", Errors.message(new InvalidArgumentException("plain")));
    }

    @Test
    void anExistingStoreOpensWithItsOwnSettingsUnlessTheOptionsNameOthers() {
        syna.api.VectorStoreOptions stored = syna.api.VectorStoreOptions.builder(4).metric(syna.api.DistanceMetric.EUCLIDEAN)
                .index("gwi").indexParameters(java.util.Map.of("nprobe", "12")).indexThreshold(500).build();
        syna.api.VectorStoreOptions same = VectorCalls.options(stored, 4, "");
        assertEquals(stored.metric(), same.metric());
        assertEquals(stored.index(), same.index());
        assertEquals(stored.indexParameters(), same.indexParameters());
        assertEquals(500, same.indexThreshold());
        syna.api.VectorStoreOptions other = VectorCalls.options(stored, 4, "index=hnsw,index_threshold=7");
        assertEquals(java.util.Optional.of("hnsw"), other.index());
        assertEquals(java.util.Map.of(), other.indexParameters(), "gwi's parameters are not hnsw's");
        assertEquals(7, other.indexThreshold());
        assertEquals(java.util.Map.of("nprobe", "12"), VectorCalls.options(stored, 4, "index=gwi").indexParameters());
        syna.api.VectorStoreOptions fresh = VectorCalls.options(null, 3, "metric=dot_product");
        assertEquals(syna.api.DistanceMetric.DOT_PRODUCT, fresh.metric());
        assertEquals(java.util.Optional.empty(), fresh.index());
        assertEquals(10_000, fresh.indexThreshold());
        assertThrows(InvalidArgumentException.class, () -> VectorCalls.options(stored, 4, "colour=blue"));
    }
}
