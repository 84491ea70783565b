/**
 * The LangChain4j embedding-store benchmark ({@link syna.bench.lc4j.EmbeddingStoreBench}):
 * {@code SynaEmbeddingStore} against LangChain4j's {@code InMemoryEmbeddingStore}.
 */
package syna.bench.lc4j;
