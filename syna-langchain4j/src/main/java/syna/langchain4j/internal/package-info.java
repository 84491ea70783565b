/**
 * Internals of {@code syna.langchain4j}: how a {@code TextSegment} maps to a Syna metadata map
 * ({@link syna.langchain4j.internal.SegmentCodec}), how a LangChain4j filter runs inside Syna's search
 * ({@link syna.langchain4j.internal.FilterProjection}), how distances become LangChain4j relevance scores
 * ({@link syna.langchain4j.internal.Relevance}). Not exported.
 */
package syna.langchain4j.internal;
