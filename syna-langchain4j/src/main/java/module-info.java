/**
 * A LangChain4j {@code EmbeddingStore<TextSegment>} over a Syna vector store: {@link
 * syna.langchain4j.SynaEmbeddingStore}.
 *
 * <p>LangChain4j's jars carry no module descriptor; they are automatic modules (for example
 * {@code langchain4j.core}). Use this module on the class path or the module path of a normal
 * application; it cannot go into a jlink image as it is. An automatic module reads only the modules that
 * something resolved, so this module requires {@code org.slf4j}, which {@code langchain4j.core} loads at
 * run time; LangChain4j features beyond the embedding store may need more (for example
 * {@code --add-modules com.fasterxml.jackson.databind}).
 */
@SuppressWarnings("requires-transitive-automatic") // LangChain4j publishes no named module to require instead
module syna.langchain4j {
    requires transitive syna.api; // the builder takes Database, DistanceMetric, Durability
    requires transitive langchain4j.core; // SynaEmbeddingStore implements EmbeddingStore
    requires org.slf4j; // not used here: resolves it for langchain4j.core, which logs through it

    exports syna.langchain4j; // SynaEmbeddingStore and its builder
    // syna.langchain4j.internal (segment codec, scores, filter adapter): not exported
}
