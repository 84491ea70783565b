package syna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * syna.mlops reads BouncyCastle through {@code requires static} (BLAKE3 digests only): in a layer without
 * it, the registry saves and loads SHA-256 models and BLAKE3 fails with a typed error that says what to add;
 * with it resolved, BLAKE3 works.
 */
class MlopsBouncyCastleTest {
    private static final String BC = "org.bouncycastle.provider";

    @Test
    void withoutBouncyCastleSha256WorksAndBlake3SaysWhatToAdd() throws IOException {
        BuiltModules built = BuiltModules.get();
        List<Path> jars = built.jars().stream().filter(p -> !p.getFileName().toString().startsWith("bcprov")).toList();
        InLayer layer = InLayer.of(jars, List.of("syna.mlops", "syna.storage"));
        assertTrue(layer.layer().findModule(BC).isEmpty(), "the layer must not hold BouncyCastle: " + layer.layer().modules());
        Opened opened = open(layer, "without-bc");
        assertEquals("SHA_256", ((Enum<?>) save(layer, opened.registry(), "SHA_256")).name());
        RuntimeException e = assertThrows(RuntimeException.class, () -> save(layer, opened.registry(), "BLAKE3"));
        assertEquals("syna.api.UnsupportedFeatureException", e.getClass().getName(), String.valueOf(e));
        assertEquals("BLAKE3-256 digests need BouncyCastle (Maven org.bouncycastle:bcprov-jdk18on, module "
                + "org.bouncycastle.provider), which is not in the module layer of syna.mlops: put the jar on the module "
                + "path and resolve it (java --add-modules org.bouncycastle.provider, or `requires org.bouncycastle.provider` "
                + "in the application's module; for a jlink image, add org.bouncycastle.provider to jlink's --add-modules), "
                + "or put it on the class path. SHA-256, the default, needs nothing", e.getMessage());
        close(layer, opened);
    }

    @Test
    void withBouncyCastleResolvedBlake3Works() throws IOException {
        InLayer layer = InLayer.of(BuiltModules.get().jars(), List.of("syna.mlops", "syna.storage", BC));
        Module mlops = layer.layer().findModule("syna.mlops").orElseThrow();
        assertTrue(mlops.canRead(layer.layer().findModule(BC).orElseThrow()), "requires static reads a resolved module");
        Opened opened = open(layer, "with-bc");
        assertEquals("BLAKE3", ((Enum<?>) save(layer, opened.registry(), "BLAKE3")).name());
        assertEquals("SHA_256", ((Enum<?>) save(layer, opened.registry(), "SHA_256")).name());
        close(layer, opened);
    }

    /** A database of the layer and a registry over it. */
    private record Opened(Object db, Object registry) {}

    /** A registry over a fresh database of the layer. */
    private static Opened open(InLayer layer, String name) throws IOException {
        Path dir = Fixtures.work().resolve("mlops-bc").resolve(name);
        Fixtures.deleteTree(dir);
        Files.createDirectories(dir.getParent());
        Class<?> syna = layer.type("syna.api", "syna.api.Syna");
        Class<?> database = layer.type("syna.api", "syna.api.Database");
        Object db = layer.invoke(null, syna, "open", new Class<?>[] {Path.class}, dir);
        Class<?> registry = layer.type("syna.mlops", "syna.mlops.ModelRegistry");
        return new Opened(db, layer.invoke(null, registry, "open", new Class<?>[] {database}, db));
    }

    /** Saves a model with {@code algorithm} (a DigestAlgorithm constant), loads it back; its algorithm. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object save(InLayer layer, Object registry, String algorithm) {
        Class<?> algorithms = layer.type("syna.mlops", "syna.mlops.DigestAlgorithm");
        Class<?> optionsType = layer.type("syna.mlops", "syna.mlops.SaveOptions");
        Class<?> builderType = layer.type("syna.mlops", "syna.mlops.SaveOptions$Builder");
        Object builder = layer.invoke(null, optionsType, "builder", new Class<?>[0]);
        layer.invoke(builder, builderType, "digest", new Class<?>[] {algorithms}, Enum.valueOf((Class) algorithms, algorithm));
        Object options = layer.invoke(builder, builderType, "build", new Class<?>[0]);
        Class<?> registryType = layer.type("syna.mlops", "syna.mlops.ModelRegistry");
        byte[] data = new byte[4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        Object version = layer.invoke(registry, registryType, "save",
                new Class<?>[] {String.class, java.io.InputStream.class, Map.class, optionsType},
                "m-" + algorithm, new java.io.ByteArrayInputStream(data), Map.of(), options);
        Class<?> versionType = layer.type("syna.mlops", "syna.mlops.ModelVersion");
        Object number = layer.invoke(version, versionType, "version", new Class<?>[0]);
        Object loaded = layer.invoke(registry, registryType, "load", new Class<?>[] {String.class, int.class}, "m-" + algorithm, number);
        Class<?> modelType = layer.type("syna.mlops", "syna.mlops.LoadedModel");
        assertEquals(data.length, ((byte[]) layer.invoke(loaded, modelType, "data", new Class<?>[0])).length);
        return layer.invoke(version, versionType, "digestAlgorithm", new Class<?>[0]);
    }

    private static void close(InLayer layer, Opened opened) {
        layer.invoke(opened.registry(), AutoCloseable.class, "close", new Class<?>[0]);
        layer.invoke(opened.db(), AutoCloseable.class, "close", new Class<?>[0]);
    }
}
