/**
 * LangChain4j integration: {@link syna.langchain4j.SynaEmbeddingStore} stores embeddings, their
 * {@code TextSegment} text and typed metadata durably in a Syna database, and evaluates every LangChain4j
 * metadata {@code Filter} inside the vector search.
 */
package syna.langchain4j;
