/**
 * A LangChain4j {@code EmbeddingStore<TextSegment>} over a Syna vector store: {@link
 * syna.langchain4j.SynaEmbeddingStore}.
 *
 * <p>LangChain4j's jars carry no module descriptor; they are automatic modules (for example
 * {@code langchain4j.core}). Use this module on the class path or the module path of a normal
 * application; it cannot go into a jlink image as it is.
 */
@SuppressWarnings("requires-transitive-automatic") // LangChain4j publishes no named module to require instead
module syna.langchain4j {
    requires transitive syna.api; // the builder takes Database, DistanceMetric, Durability
    requires transitive langchain4j.core; // SynaEmbeddingStore implements EmbeddingStore

    exports syna.langchain4j; // SynaEmbeddingStore and its builder
    // syna.langchain4j.internal (segment codec, scores, filter adapter): not exported
}
