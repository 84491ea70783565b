package syna.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suites run on the class path; this test checks the module path: it resolves {@code syna.langchain4j}
 * with only its run-time dependencies in a fresh {@link ModuleLayer} (LangChain4j as the automatic module
 * {@code langchain4j.core}), then opens a store, adds and searches through that layer's classes.
 */
class SynaEmbeddingStoreModulePathTest {
    @TempDir
    Path dir;

    @Test
    void worksOnTheModulePath() throws Exception {
        Path[] runtime = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> Files.exists(p) && isRuntime(p.toString()))
                .toArray(Path[]::new);
        ModuleFinder finder = ModuleFinder.of(runtime);
        Configuration cf = ModuleLayer.boot().configuration()
                .resolveAndBind(finder, ModuleFinder.of(), Set.of("syna.langchain4j"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        assertThat(layer.findModule("langchain4j.core").orElseThrow().getDescriptor().isAutomatic()).isTrue();
        assertThat(layer.findModule("syna.storage")).as("storage engine bound as a service provider").isPresent();
        assertThat(layer.findModule("syna.vector")).as("vector stores bound as a service provider").isPresent();

        ClassLoader loader = layer.findLoader("syna.langchain4j");
        Class<?> storeClass = loader.loadClass("syna.langchain4j.SynaEmbeddingStore");
        Class<?> embeddingClass = loader.loadClass("dev.langchain4j.data.embedding.Embedding");
        Class<?> requestClass = loader.loadClass("dev.langchain4j.store.embedding.EmbeddingSearchRequest");
        Class<?> resultClass = loader.loadClass("dev.langchain4j.store.embedding.EmbeddingSearchResult");

        Object builder = storeClass.getMethod("builder").invoke(null);
        Class<?> builderClass = builder.getClass();
        builderClass.getMethod("path", Path.class).invoke(builder, dir);
        builderClass.getMethod("dimension", int.class).invoke(builder, 3);
        try (AutoCloseable store = (AutoCloseable) builderClass.getMethod("build").invoke(builder)) {
            Method from = embeddingClass.getMethod("from", float[].class);
            Object embedding = from.invoke(null, (Object) new float[] {1, 0, 0});
            String id = (String) storeClass.getMethod("add", embeddingClass).invoke(store, embedding);

            Object requestBuilder = requestClass.getMethod("builder").invoke(null);
            requestBuilder.getClass().getMethod("queryEmbedding", embeddingClass).invoke(requestBuilder, embedding);
            requestBuilder.getClass().getMethod("maxResults", Integer.class).invoke(requestBuilder, 5);
            Object request = requestBuilder.getClass().getMethod("build").invoke(requestBuilder);
            Object result = storeClass.getMethod("search", requestClass).invoke(store, request);
            List<?> matches = (List<?>) resultClass.getMethod("matches").invoke(result);
            assertThat(matches).hasSize(1);
            assertThat(matches.getFirst().getClass().getMethod("embeddingId").invoke(matches.getFirst())).isEqualTo(id);
        }
    }

    /** The module's own classes and its run-time dependencies: no tests, no test libraries. */
    private static boolean isRuntime(String path) {
        String p = path.replace('\\', '/');
        if (p.endsWith("/test-classes") || p.endsWith("-tests.jar")) {
            return false;
        }
        return p.contains("/syna-api/") || p.contains("/syna-storage/") || p.contains("/syna-vector/")
                || p.contains("/syna-langchain4j/") || p.contains("/io/syna/syna-api/") || p.contains("/io/syna/syna-storage/")
                || p.contains("/io/syna/syna-vector/")
                || p.contains("/dev/langchain4j/") || p.contains("/org/slf4j/") || p.contains("/com/fasterxml/jackson/")
                || p.contains("/org/jspecify/");
    }
}
