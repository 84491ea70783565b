package syna.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import syna.api.ProviderNotFoundException;
import syna.api.spi.CodecProvider;
import syna.api.spi.StorageEngineProvider;
import syna.api.spi.VectorIndexProvider;
import syna.api.spi.VectorKernelsProvider;

class ProviderRegistryTest {
    private final ProviderRegistry registry = ProviderRegistry.get();

    @Test
    void builtInsAreAlwaysThere() {
        assertEquals("flat", registry.require(VectorIndexProvider.class, "flat").name());
        assertEquals("none", registry.require(CodecProvider.class, "none").name());
        assertEquals("scalar", registry.require(VectorKernelsProvider.class, "scalar").name());
    }

    @Test
    void missingProviderNamesTheModuleAndWhatIsAvailable() {
        ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class,
                () -> registry.require(VectorIndexProvider.class, "hnsw"));
        assertEquals("no VectorIndexProvider named 'hnsw': add module syna.index.hnsw (Maven io.syna:syna-index-hnsw)"
                + " to the module path or class path (available: [flat])", e.getMessage());
        assertEquals("syna.index.hnsw", e.module());
        assertEquals("io.syna:syna-index-hnsw", e.artifact());
        assertEquals(List.of("flat"), e.available());
        ProviderNotFoundException unknown = assertThrows(ProviderNotFoundException.class,
                () -> registry.require(CodecProvider.class, "zstd"));
        assertEquals("", unknown.artifact());
        assertTrue(unknown.getMessage().contains("a module that provides syna.api.spi.CodecProvider named 'zstd'"),
                unknown.getMessage());
    }

    @Test
    void selectionFallsBackToPreferencesAndExplainsAMissingEngine() {
        assertEquals("flat", registry.select(VectorIndexProvider.class, Optional.empty()).name());
        assertEquals("none", registry.select(CodecProvider.class, Optional.empty()).name());
        ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class,
                () -> registry.select(StorageEngineProvider.class, Optional.empty()));
        assertTrue(e.getMessage().startsWith("no StorageEngineProvider named 'log': add module syna.storage"),
                e.getMessage());
        assertThrows(ProviderNotFoundException.class,
                () -> registry.select(VectorIndexProvider.class, Optional.of("gwi")));
    }

    @Test
    void systemPropertyChoosesAProvider() {
        String key = registry.property(CodecProvider.class);
        assertEquals("syna.codec", key);
        System.setProperty(key, "missing-codec");
        try {
            assertThrows(ProviderNotFoundException.class, () -> registry.select(CodecProvider.class, Optional.empty()));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void noProblemsWithTheBuiltIns() {
        assertEquals(List.of(), registry.problems());
    }
}
